/**
 * The connectors' job handlers (`email.send`, `onec.createCounterparty`) over the CRM's
 * stores: the admin's stored SMTP/1C settings (else the POTOK_SMTP_* / POTOK_ONEC_*
 * environment), the admin's templates (else the shipped ones), the rep as Reply-To, the
 * company, and the file store for attachments. installCrm adds them to its job handlers,
 * so `potok serve` and `potok worker` both run them.
 */
import { CompanySettingsService } from '../admin/company-settings.service.ts';
import { parseAddress } from '../../connectors/mail/mail-address.ts';
import type { Kysely } from 'kysely';
import { createEmailJobHandler, createOneCJobHandler } from '../../connectors/connector-job.handlers.ts';
import type { FileStore } from '../../connectors/storage/file-store.ts';
import type { FinalFailureContext, JobHandler } from '../../runtime/jobs/index.ts';
import { AdminSettingsService } from '../admin/admin-settings.service.ts';
import { templateFileSource } from '../admin/template-attachment.service.ts';
import type { Clock } from '../clock.ts';
import { DateTime } from 'luxon';
import type { WorkingCalendar } from '../../calendar/index.ts';
import type { Notifier } from '../notifications/notifier.ts';
import { explainMailFailure } from '../notifications/mail-failure-text.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import type { UserRepository } from '../users/user.repository.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** The premises call comes at the start of the 4th working day after the meeting (the model's wait_premises_call). */
function premisesCallAt(calendar: WorkingCalendar, now: number): number {
  const day = DateTime.fromMillis(calendar.addWorkingDays(now, 4), { zone: calendar.zone }).toISODate()!;
  return calendar.startOfWorkingDay(day);
}

export interface ConnectorJobDeps {
  readonly db: Kysely<any>;
  readonly settings: SettingsRepository;
  readonly users: UserRepository;
  readonly files: FileStore;
  readonly clock: Clock;
  readonly zone: string;
  readonly env?: Env;
  /** Working time, for the date the premises e-mail promises the rep's call. */
  readonly calendar?: WorkingCalendar;
  /** For the header potok.notifyOnFinalFailure=admin. */
  readonly notifier?: Notifier;
}

const NOTIFY_ON_FINAL_FAILURE_HEADER = 'potok.notifyOnFinalFailure';

/**
 * potok.notifyOnFinalFailure=admin: when the job has failed for good (its last attempt
 * failed, a permanent failure, or the worker running its last attempt died — the worker
 * decides and calls `onFinalFailure`), every active admin is told in the app, once per job.
 * The failure itself is the worker's to record (BPMN error or incident).
 */
function notifyingOnFinalFailure(handler: JobHandler, deps: ConnectorJobDeps): JobHandler {
  return {
    type: handler.type,
    run: (ctx) => handler.run(ctx),
    async onFinalFailure(ctx: FinalFailureContext) {
      if (ctx.job.headers[NOTIFY_ON_FINAL_FAILURE_HEADER] === 'admin' && deps.notifier) await notifyAdmins(ctx, deps);
      else if (ctx.job.kind === 'outbox' && ctx.job.type === 'email.send' && deps.notifier) await notifyAdminsOfMail(ctx, deps);
    },
  };
}

async function notifyAdmins(ctx: FinalFailureContext, deps: ConnectorJobDeps): Promise<void> {
  const payload = (ctx.job.payload && typeof ctx.job.payload === 'object' && !Array.isArray(ctx.job.payload) ? ctx.job.payload : {}) as Record<string, unknown>;
  const dealId = typeof payload.dealId === 'string' ? payload.dealId : null;
  const what = ctx.job.type === 'onec.createCounterparty' ? 'Контрагент не создан в 1С' : `Задание ${ctx.job.type} не выполнено`;
  const admins = await deps.users.list({ role: 'admin', active: true });
  for (const admin of admins) {
    await deps.notifier!.notify(deps.db, { login: admin.login, kind: 'incident', title: what, body: ctx.message, dealId, dedupeKey: `job-final-failure-${ctx.job.id}` }, deps.clock.now());
  }
}

/**
 * A notification e-mail (an outbox `email.send`: escalation, overdue task, …) that failed
 * for good has no instance and no incident: every active admin is told in the app — never
 * by e-mail, which is what failed — with the recipient, the subject and why, once per
 * failure (a retried e-mail that fails again tells them again). The admin retries it on
 * the admin page (POST /api/admin/emails/{id}/retry).
 */
async function notifyAdminsOfMail(ctx: FinalFailureContext, deps: ConnectorJobDeps): Promise<void> {
  const payload = (ctx.job.payload && typeof ctx.job.payload === 'object' && !Array.isArray(ctx.job.payload) ? ctx.job.payload : {}) as Record<string, unknown>;
  const to = Array.isArray(payload.to) ? payload.to.map(String).join(', ') : typeof payload.to === 'string' ? payload.to : '—';
  const subject = typeof payload.subject === 'string' ? payload.subject : '—';
  const body = `Кому: ${to}\nТема: «${subject}»\n${explainMailFailure(ctx.message)}\nПовторить отправку: «Администрирование» → «Отправленные письма».`;
  for (const admin of await deps.users.list({ role: 'admin', active: true })) {
    await deps.notifier!.notify(deps.db, { login: admin.login, kind: 'email_failed', title: 'Уведомление по почте не отправлено', body, noEmail: true, dedupeKey: `mail-final-failure-${ctx.job.id}-${ctx.job.attempts}` }, deps.clock.now());
  }
}

export function connectorJobHandlers(deps: ConnectorJobDeps): JobHandler[] {
  const env = deps.env ?? process.env;
  const admin = new AdminSettingsService(deps.db, deps.settings, deps.clock);
  const email = createEmailJobHandler({
    smtpSettings: () => deps.settings.get('smtp'),
    template: async (type) => (await admin.effectiveTemplate(type))!,
    user: async (login) => {
      const u = await deps.users.find(login);
      return u ? { name: u.name, email: u.email ?? null, phone: (u as { phone?: string | null }).phone ?? null } : null;
    },
    // Who the client hears from (Admin → Company, else POTOK_COMPANY_*); without a name, the
    // SMTP sender's display name; the From address itself is always the SMTP settings' sender.
    company: async () => {
      const profile = await new CompanySettingsService(deps.settings, deps.clock).companyProfile(env);
      const smtp = await deps.settings.get<{ from?: unknown }>('smtp');
      const sender = typeof smtp?.from === 'string' ? parseAddress(smtp.from)?.name : undefined;
      return { ...profile, name: profile.name || sender || 'Potok' };
    },
    // Attachments name `files` rows (what the admin uploaded), not raw storage keys.
    files: templateFileSource(deps.db, deps.files),
    ...(deps.calendar ? { premisesCallAt: (_variables: unknown, now: number) => premisesCallAt(deps.calendar!, now) } : {}),
    timeZone: deps.zone,
    env,
  });
  const onec = createOneCJobHandler({ oneCSettings: () => deps.settings.get('onec'), env });
  // Structurally the runtime's JobHandler (connectors do not import the runtime).
  return [email as unknown as JobHandler, onec as unknown as JobHandler].map((h) => notifyingOnFinalFailure(h, deps));
}
