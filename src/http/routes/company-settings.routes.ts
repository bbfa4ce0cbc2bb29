/**
 * Company settings the specification calls configurable: the working day (in the
 * calendar section), the process settings (the recall delay of block 4) and the company
 * as clients see it in e-mails. Admin only.
 */
import { Type } from 'typebox';
import { actorOf } from '../auth.plugin.ts';
import type { ApiContext, App } from '../context.ts';
import { commonErrors, Nullable } from '../schemas.ts';

const WorkdayBody = Type.Object({
  workdayStart: Type.String({ description: 'start of the working day, HH:MM' }),
  workdayEnd: Type.String({ description: 'end of the working day, HH:MM (one hour earlier on a shortened day)' }),
  source: Type.Union([Type.Literal('admin'), Type.Literal('default')], { description: "'admin': saved here; 'default': POTOK_WORKDAY_START/END, else 09:00–18:00" }),
  defaultStart: Type.String(),
  defaultEnd: Type.String(),
  updatedBy: Nullable(Type.String()),
});

const ProcessSettingsBody = Type.Object({
  recallDelayDays: Type.Integer({ description: 'block 4: working days until the next call after "premises not found" (1–60)' }),
  defaultRecallDelayDays: Type.Integer(),
});

const CompanyProfileBody = Type.Object({
  name: Type.String({ description: "the company's name as clients see it in e-mails ({{company.name}}); '' until set" }),
  phone: Nullable(Type.String()),
  email: Nullable(Type.String()),
  website: Nullable(Type.String()),
});

export function companySettingsRoutes(app: App, ctx: ApiContext): void {
  const company = ctx.crm.companySettings;
  app.get(
    '/api/admin/settings/company',
    { schema: { tags: ['admin'], summary: 'The company as clients see it in e-mails (name, phone, e-mail, website): saved here, else POTOK_COMPANY_*', response: { 200: CompanyProfileBody, ...commonErrors() } } },
    async (request) => company.getCompanyProfile(actorOf(request)),
  );
  app.put(
    '/api/admin/settings/company',
    {
      schema: {
        tags: ['admin'],
        summary: 'Save the company profile; e-mails sent from now on use it',
        body: Type.Object({
          name: Type.String({ maxLength: 300 }),
          phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
          email: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
          website: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
        }),
        response: { 200: CompanyProfileBody, ...commonErrors(422) },
      },
    },
    async (request) => company.putCompanyProfile(actorOf(request), request.body),
  );
  app.get(
    '/api/admin/calendar/workday',
    { schema: { tags: ['admin'], summary: 'The working day the calendar uses (the admin\'s, else the default)', response: { 200: WorkdayBody, ...commonErrors() } } },
    async (request) => company.getWorkday(actorOf(request)),
  );
  app.put(
    '/api/admin/calendar/workday',
    {
      schema: {
        tags: ['admin'],
        summary: 'Set the working day; deadlines computed from now on use it, those already computed stay',
        body: Type.Object({ workdayStart: Type.String({ maxLength: 10 }), workdayEnd: Type.String({ maxLength: 10 }) }),
        response: { 200: WorkdayBody, ...commonErrors(422) },
      },
    },
    async (request) => company.putWorkday(actorOf(request), request.body),
  );
  app.delete(
    '/api/admin/calendar/workday',
    { schema: { tags: ['admin'], summary: 'Back to the default working day (POTOK_WORKDAY_START/END, else 09:00–18:00)', response: { 200: WorkdayBody, ...commonErrors() } } },
    async (request) => company.resetWorkday(actorOf(request)),
  );
  app.get(
    '/api/admin/settings/process',
    { schema: { tags: ['admin'], summary: 'Process settings (the recall delay of block 4)', response: { 200: ProcessSettingsBody, ...commonErrors() } } },
    async (request) => company.getProcessSettings(actorOf(request)),
  );
  app.put(
    '/api/admin/settings/process',
    {
      schema: {
        tags: ['admin'],
        summary: 'Save the process settings; a recall timer set from now on uses them, those already set stay',
        body: Type.Object({ recallDelayDays: Type.Integer() }),
        response: { 200: ProcessSettingsBody, ...commonErrors(422) },
      },
    },
    async (request) => company.putProcessSettings(actorOf(request), request.body),
  );
}
