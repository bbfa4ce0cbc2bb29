import { RUSSIAN_PRODUCTION_CALENDAR } from '../../calendar/index.ts';
import { preferredLanguage, toRussian } from '../localise.ts';
import { Type } from 'typebox';
import { ServiceError, forbidden } from '../../crm/service-error.ts';
import type { ProcessAdminPort, ProcessVersionChoice } from '../../crm/process/process-admin.port.ts';
import { toIso } from '../../crm/time-format.ts';
import { actorOf } from '../auth.plugin.ts';
import type { ApiContext, App } from '../context.ts';
import { commonErrors, IsoTime, Nullable, Ok, page, PageQuery } from '../schemas.ts';
import type { FastifyRequest } from 'fastify';
import { TemplateEntrySchema, templateFilesDto } from './template-files.routes.ts';

const ModelSchema = Type.Object({
  definitionKey: Type.String(),
  processId: Type.String(),
  version: Type.Integer(),
  name: Nullable(Type.String()),
  source: Type.Union([Type.Literal('shipped'), Type.Literal('admin')], { description: 'shipped with Potok, or deployed by an admin' }),
  deployedAt: IsoTime,
  deployedBy: Nullable(Type.String()),
  isDefault: Type.Boolean({ description: 'new deals start on this version' }),
  runningInstances: Type.Integer({ description: 'active instances on this version' }),
});

const ProcessVersionSchema = Type.Object({
  processId: Type.String(),
  definitionKey: Type.String({ description: 'the version new instances start on' }),
  version: Type.Integer(),
  chosen: Type.Union([Type.Literal('admin'), Type.Literal('rule')], { description: "'admin': an admin deployed or chose it, and shipped updates do not replace it; 'rule': no admin chose, the latest shipped version is used" }),
  chosenBy: Nullable(Type.String()),
  chosenAt: Nullable(IsoTime),
});

export function adminRoutes(app: App, ctx: ApiContext): void {
  const { zone } = ctx;
  const adminOnly = (request: FastifyRequest): string => {
    const actor = actorOf(request);
    if (actor.role !== 'admin') throw forbidden();
    return actor.login;
  };
  const port = (): ProcessAdminPort => {
    if (!ctx.admin) throw new ServiceError('unavailable', 'The process runtime is not available');
    return ctx.admin;
  };
  const modelDto = (m: Awaited<ReturnType<ProcessAdminPort['listModels']>>[number]) => ({ ...m, deployedAt: toIso(m.deployedAt, zone)! });
  const versionDto = (v: ProcessVersionChoice) => ({ ...v, chosenAt: v.chosenAt === null ? null : toIso(v.chosenAt, zone)! });

  app.get(
    '/api/admin/models',
    {
      schema: {
        tags: ['admin'],
        summary: 'Deployed process models, every version, with the running instances on each; per process, the version new deals start on',
        response: { 200: Type.Object({ items: Type.Array(ModelSchema), processes: Type.Array(ProcessVersionSchema) }), ...commonErrors(503) },
      },
    },
    async (request) => {
      adminOnly(request);
      const [items, processes] = await Promise.all([port().listModels(), port().newInstanceVersions()]);
      return { items: items.map(modelDto), processes: processes.map(versionDto) };
    },
  );

  app.put(
    '/api/admin/processes/:processId/default',
    {
      schema: {
        tags: ['admin'],
        summary: 'Choose the version new instances of a process start on (any deployed version of it); running instances stay on theirs',
        params: Type.Object({ processId: Type.String({ minLength: 1, maxLength: 200 }) }),
        body: Type.Object({ definitionKey: Type.String({ minLength: 1, maxLength: 200, description: 'a version of this process, e.g. franchise_onboarding:2' }) }),
        response: { 200: ProcessVersionSchema, ...commonErrors(503) },
      },
    },
    async (request) => {
      const login = adminOnly(request);
      const { processId } = request.params;
      const before = (await port().newInstanceVersions()).find((v) => v.processId === processId);
      const chosen = await port().chooseVersion(processId, request.body.definitionKey, login);
      // The trail of these choices is the log; the models list shows the latest (chosenBy, chosenAt).
      request.log.info({ processId, definitionKey: chosen.definitionKey, previous: before?.definitionKey ?? null, chosenBy: login }, 'admin chose the version new instances start on');
      return versionDto(chosen);
    },
  );

  app.get(
    '/api/admin/models/:definitionKey/xml',
    {
      schema: { tags: ['admin'], summary: "A deployed model's BPMN XML", params: Type.Object({ definitionKey: Type.String({ maxLength: 200 }) }), response: { 200: Type.Object({ xml: Type.String() }), ...commonErrors(503) } },
    },
    async (request) => {
      adminOnly(request);
      const key = request.params.definitionKey;
      const xml = await port().modelXml(key);
      if (xml === null) throw new ServiceError('not_found', `Model ${key} not found`, [{ field: 'definitionKey', message: `No deployed model ${key}` }]);
      return { xml };
    },
  );

  app.post(
    '/api/admin/models',
    {
      schema: {
        tags: ['admin'],
        summary: 'Deploy a BPMN model (XML in the body); every problem is listed with the element. A model identical to the deployed one (compared by canonical form: entities, attribute order and indentation do not matter) creates no version: 201 with the existing version and unchanged: true',
        body: Type.Object({ xml: Type.String({ minLength: 1, maxLength: 5_000_000 }) }),
        response: {
          201: Type.Object({ items: Type.Array(ModelSchema), unchanged: Type.Boolean({ description: 'true: the model was already deployed identically; no new version was created and items are the existing versions' }) }),
          422: Type.Object({ code: Type.String(), message: Type.String(), fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))), problems: Type.Array(Type.Object({ code: Type.String(), elementId: Nullable(Type.String()), message: Type.String(), line: Type.Optional(Type.Integer()) })) }),
          ...commonErrors(503),
        },
      },
    },
    async (request, reply) => {
      const login = adminOnly(request);
      const result = await port().deploy(request.body.xml, login);
      if (!result.ok) return reply.status(422).send({ code: 'validation', message: 'The model cannot be deployed', problems: result.problems.map((p) => ({ ...p, elementId: p.elementId ?? null })) });
      return reply.status(201).send({ items: result.deployed.map(modelDto), unchanged: result.unchanged });
    },
  );

  app.get(
    '/api/admin/incidents',
    {
      schema: {
        tags: ['admin'],
        summary: 'Open incidents',
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), instanceId: Type.String(), businessKey: Nullable(Type.String()), elementId: Type.String(), type: Type.String(), message: Type.String(), createdAt: Type.String() })) }),
          ...commonErrors(503),
        },
      },
    },
    async (request) => {
      adminOnly(request);
      return { items: (await port().listIncidents()).map((i) => ({ ...i, createdAt: toIso(i.createdAt, zone)! })) };
    },
  );

  app.post(
    '/api/admin/incidents/:id/retry',
    { schema: { tags: ['admin'], summary: 'Retry an incident (the job runs again)', params: Type.Object({ id: Type.String({ maxLength: 200 }) }), response: { 200: Ok, ...commonErrors(503) } } },
    async (request) => {
      const login = adminOnly(request);
      if (!(await port().retryIncident(request.params.id, login))) throw new ServiceError('not_found', 'Incident not found');
      return { ok: true };
    },
  );

  app.get(
    '/api/admin/models/:definitionKey/instances',
    {
      schema: {
        tags: ['admin'],
        summary: 'Running instances of a model, optionally only those waiting at an element',
        params: Type.Object({ definitionKey: Type.String({ maxLength: 200 }) }),
        querystring: Type.Object({ elementId: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery }),
        response: { 200: page(Type.Object({ instanceId: Type.String(), businessKey: Nullable(Type.String()), elementIds: Type.Array(Type.String()), startedAt: Type.String() })), ...commonErrors(503) },
      },
    },
    async (request) => {
      adminOnly(request);
      const offset = request.query.offset ?? 0;
      const limit = request.query.limit ?? 50;
      const key = request.params.definitionKey;
      if ((await port().modelXml(key)) === null) throw new ServiceError('not_found', `Model ${key} not found`, [{ field: 'definitionKey', message: `No deployed model ${key}` }]);
      const r = await port().instancesAt(key, request.query.elementId ?? null, { offset, limit });
      return { items: r.items.map((i) => ({ ...i, startedAt: toIso(i.startedAt, zone)! })), total: r.total, offset, limit };
    },
  );

  app.get(
    '/api/admin/banned-inns',
    {
      schema: {
        tags: ['admin'],
        summary: 'ИНН under a ban (legal review) — admin, lawyer, director',
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ inn: Type.String(), dealId: Nullable(Type.String()), comment: Nullable(Type.String()), createdBy: Nullable(Type.String()), createdAt: Type.String() })) }), ...commonErrors() },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!['admin', 'lawyer', 'director'].includes(actor.role)) throw forbidden();
      const rows = await ctx.crm.database.db.selectFrom('banned_inns').selectAll().orderBy('created_at', 'desc').execute();
      return { items: rows.map((r: any) => ({ inn: r.inn, dealId: r.deal_id ?? null, comment: r.comment ?? null, createdBy: r.created_by ?? null, createdAt: toIso(Number(r.created_at), zone)! })) };
    },
  );

  const settingsApi = ctx.crm.adminSettings;
  const ConnectionBody = Type.Object({ settings: Nullable(Type.Record(Type.String(), Type.Unknown())), secretsSet: Type.Array(Type.String()) });
  for (const kind of ['smtp', 'onec'] as const) {
    const label = kind === 'smtp' ? 'SMTP (outgoing e-mail)' : '1C (OData)';
    app.get(`/api/admin/settings/${kind}`, { schema: { tags: ['admin'], summary: `${label} settings; secrets are never returned (secretsSet says which are stored)`, response: { 200: ConnectionBody, ...commonErrors() } } }, async (request) =>
      settingsApi.getConnection(actorOf(request), kind),
    );
    app.put(
      `/api/admin/settings/${kind}`,
      {
        schema: {
          tags: ['admin'],
          summary: `Save ${label} settings (an empty password keeps the stored one)`,
          body: Type.Record(Type.String(), Type.Unknown()),
          response: { 200: ConnectionBody, ...commonErrors(422) },
        },
      },
      async (request) => settingsApi.putConnection(actorOf(request), kind, request.body as Record<string, unknown>),
    );
    app.post(
      `/api/admin/settings/${kind}/test`,
      {
        schema: {
          tags: ['admin'],
          summary: `Check the ${label} connection (the body's settings over the stored ones; no secret is returned)`,
          body: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
          response: { 200: Type.Record(Type.String(), Type.Unknown()), ...commonErrors(422) },
        },
      },
      async (request) => settingsApi.testConnection(actorOf(request), kind, (request.body as Record<string, unknown> | undefined) ?? null),
    );
    app.delete(`/api/admin/settings/${kind}`, { schema: { tags: ['admin'], summary: `Remove the ${label} settings`, response: { 200: Ok, ...commonErrors() } } }, async (request) => {
      await settingsApi.deleteConnection(actorOf(request), kind);
      return { ok: true };
    });
  }

  // With each attachment's uploaded file, and `incomplete` while one has none (template-files.routes.ts).
  const TemplateBody = TemplateEntrySchema;
  const TypeParams = Type.Object({ type: Type.String({ maxLength: 60 }) });
  app.get('/api/admin/templates', { schema: { tags: ['admin'], summary: 'E-mail templates (the admin\'s version, else the shipped one); `incomplete` while an attachment has no uploaded file', response: { 200: Type.Object({ items: Type.Array(TemplateBody) }), ...commonErrors() } } }, async (request) => ({
    items: await Promise.all((await settingsApi.listTemplates(actorOf(request))).map(async (t) => ({ ...t, ...templateFilesDto(await ctx.crm.templateAttachments.state(t.template), zone) }))),
  }));
  app.put(
    '/api/admin/templates/:type',
    { schema: { tags: ['admin'], summary: 'Save a template (placeholders checked; an attachment\'s fileId must be null or a file uploaded for it)', params: TypeParams, body: Type.Record(Type.String(), Type.Unknown()), response: { 200: TemplateBody, ...commonErrors(422) } } },
    async (request) => {
      const saved = await ctx.crm.templateAttachments.putTemplate(actorOf(request), request.params.type, request.body as Record<string, unknown>);
      return { ...saved, ...templateFilesDto(saved, zone) };
    },
  );
  app.post(
    '/api/admin/templates/:type/preview',
    {
      schema: {
        tags: ['admin'],
        summary: 'Render a template with sample values (the stored one, or the one in the body)',
        params: TypeParams,
        body: Type.Object({ template: Type.Optional(Nullable(Type.Record(Type.String(), Type.Unknown()))) }),
        response: { 200: Type.Object({ rendered: Nullable(Type.Record(Type.String(), Type.Unknown())), problems: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })) }), ...commonErrors() },
      },
    },
    async (request) => {
      const preview = await settingsApi.previewTemplate(actorOf(request), request.params.type, (request.body.template as Record<string, unknown> | null | undefined) ?? null);
      // The problems are part of a successful answer: in the reader's language like every refusal's.
      const ru = preferredLanguage(request.headers['accept-language']) === 'ru';
      return ru ? { ...preview, problems: preview.problems.map((p) => ({ ...p, message: toRussian(p.message) ?? p.message })) } : preview;
    },
  );

  const Correction = Type.Object({ date: Type.String(), kind: Type.String(), note: Type.Optional(Type.String()) });
  app.get(
    '/api/admin/calendar/years/:year',
    {
      schema: {
        tags: ['admin'],
        summary: 'A year as deadlines are counted: days off besides weekends, shortened days, working weekend days (corrections included), working days and the hours norm',
        params: Type.Object({ year: Type.Integer() }),
        response: {
          200: Type.Object({
            year: Type.Integer(),
            hasData: Type.Boolean({ description: 'false: no production calendar for the year; Monday–Friday is used' }),
            daysOff: Type.Array(Type.String()),
            shortenedDays: Type.Array(Type.String()),
            workingWeekendDays: Type.Array(Type.String()),
            calendarDays: Type.Integer(),
            workingDays: Type.Integer(),
            nonWorkingDays: Type.Integer(),
            hoursNorm: Type.Number(),
          }),
          ...commonErrors(422),
        },
      },
    },
    async (request) => {
      const y = await settingsApi.yearView(actorOf(request), request.params.year);
      return { ...y, daysOff: [...y.daysOff], shortenedDays: [...y.shortenedDays], workingWeekendDays: [...y.workingWeekendDays] };
    },
  );
  app.get(
    '/api/admin/calendar',
    {
      schema: {
        tags: ['admin'],
        summary: 'Calendar corrections and imported years',
        response: {
          200: Type.Object({
            corrections: Type.Array(Correction),
            importedYears: Type.Array(Type.Object({ year: Type.Integer(), updatedBy: Nullable(Type.String()), updatedAt: Type.String() })),
            shippedYears: Type.Array(Type.Integer(), { description: 'years whose holidays and transfers ship with Potok; any other year without an import counts only Saturdays and Sundays as days off' }),
          }),
          ...commonErrors(),
        },
      },
    },
    async (request) => {
      const c = await settingsApi.calendar(actorOf(request));
      return {
        corrections: c.corrections.map((x) => ({ ...x })),
        importedYears: c.importedYears.map((y) => ({ ...y, updatedAt: toIso(y.updatedAt, zone)! })),
        shippedYears: RUSSIAN_PRODUCTION_CALENDAR.map((y) => y.year),
      };
    },
  );
  app.put(
    '/api/admin/calendar/corrections',
    {
      schema: {
        tags: ['admin'],
        summary: 'Correct one day (working, shortened or off); applies at once to timers and due dates computed from then on',
        body: Type.Object({ date: Type.String({ maxLength: 10 }), kind: Type.String({ maxLength: 20 }), note: Type.Optional(Type.String({ maxLength: 500 })) }),
        response: { 200: Correction, ...commonErrors(422) },
      },
    },
    async (request) => ({ ...(await settingsApi.putCorrection(actorOf(request), request.body)) }),
  );
  app.delete(
    '/api/admin/calendar/corrections/:date',
    { schema: { tags: ['admin'], summary: 'Remove a day correction', params: Type.Object({ date: Type.String({ maxLength: 10 }) }), response: { 200: Ok, ...commonErrors() } } },
    async (request) => {
      await settingsApi.deleteCorrection(actorOf(request), request.params.date);
      return { ok: true };
    },
  );
  app.post(
    '/api/admin/calendar/import',
    {
      schema: {
        tags: ['admin'],
        summary: 'Import one year in xmlcalendar format; a bad file is refused with line and reason and nothing changes',
        body: Type.Object({ xml: Type.String({ minLength: 1, maxLength: 1_000_000 }), year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) }),
        response: { 200: Type.Object({ year: Type.Integer(), daysOff: Type.Integer(), shortenedDays: Type.Integer(), workingWeekendDays: Type.Integer() }), ...commonErrors(422) },
      },
    },
    async (request) => settingsApi.importXml(actorOf(request), request.body.xml, request.body.year),
  );

  app.get(
    '/api/admin/emails',
    {
      schema: {
        tags: ['admin'],
        summary: 'E-mails sent or queued by the processes, newest first, with their status',
        querystring: Type.Object(PageQuery),
        response: {
          200: page(Type.Object({ id: Type.String(), instanceId: Nullable(Type.String()), elementId: Nullable(Type.String()), status: Type.String(), to: Nullable(Type.String()), subject: Nullable(Type.String()), error: Nullable(Type.String()), attempts: Type.Integer(), createdAt: Type.String(), updatedAt: Type.String() })),
          ...commonErrors(),
        },
      },
    },
    async (request) => {
      const offset = request.query.offset ?? 0;
      const limit = request.query.limit ?? 50;
      const r = await settingsApi.sentEmails(actorOf(request), { offset, limit });
      return { items: r.items.map((e) => ({ ...e, createdAt: toIso(e.createdAt, zone)!, updatedAt: toIso(e.updatedAt, zone)! })), total: r.total, offset, limit };
    },
  );
}
