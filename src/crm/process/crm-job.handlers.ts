/**
 * The CRM's job handlers, registered with the runtime's registry (src/runtime/jobs):
 *   potok.notify              in-app notifications (+ e-mail by choice; escalations always)
 *   potok.crm.banInn          puts the client's ИНН on the banned list
 *   potok.onboarding.prepare  onecConfigured (the 1C settings the connector uses: stored, else
 *                             POTOK_ONEC_*) and director (the general director)
 * Each is safe to run twice: the ban is an upsert; notifications dedupe on the job id.
 */
import type { Kysely } from 'kysely';
import type { JobContext, JobHandler, JobOutcome } from '../../runtime/jobs/index.ts';
import type { Notifier } from '../notifications/notifier.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import type { UserService } from '../users/user.service.ts';
import type { DealRepository } from '../deals/deal.repository.ts';
import type { NotificationKind } from '../users/user.types.ts';
import { NOTIFICATION_KINDS } from '../users/user.types.ts';
import { resolveOneCConfig, type OneCConfigInput } from '../../connectors/onec/onec-config.ts';

export interface CrmJobDeps {
  readonly db: Kysely<any>;
  readonly notifier: Notifier;
  readonly settings: SettingsRepository;
  readonly users: UserService;
  readonly deals: DealRepository;
  /** Where POTOK_ONEC_* are read (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const vars = (ctx: JobContext): Record<string, any> => (ctx.job.payload && typeof ctx.job.payload === 'object' && !Array.isArray(ctx.job.payload) ? (ctx.job.payload as Record<string, any>) : {});

const TASK_TITLES: Record<string, string> = {
  first_call: 'Звонок новому клиенту',
};

export function crmJobHandlers(deps: CrmJobDeps): JobHandler[] {
  const notify: JobHandler = {
    type: 'potok.notify',
    async run(ctx): Promise<JobOutcome> {
      const v = vars(ctx);
      const h = ctx.job.headers;
      const escalation = h.escalation === 'true';
      const kind: NotificationKind = escalation ? 'escalation' : (NOTIFICATION_KINDS as readonly string[]).includes(h.kind ?? '') ? (h.kind as NotificationKind) : 'task_overdue';
      const recipients: string[] = Array.isArray(v.recipients) ? v.recipients.filter((r: unknown): r is string => typeof r === 'string') : typeof v.recipients === 'string' ? [v.recipients] : [];
      const deal = typeof v.dealId === 'string' ? await deps.deals.find(v.dealId) : null;
      const what = TASK_TITLES[h.task ?? ''] ?? h.task ?? 'Задача';
      const title = h.title ?? (deal ? `Просрочено: «${what}» по сделке №${deal.number} «${deal.title}»` : `Просрочено: «${what}»`);
      const body = h.message ?? (deal ? `Клиент: ${deal.contactName}, ${deal.phone}. Задача остаётся у торгового представителя.` : null);
      const taskRow = h.task && ctx.job.instanceId ? await deps.db.selectFrom('user_tasks').select('id').where('instance_id', '=', ctx.job.instanceId).where('element_id', '=', h.task).orderBy('created_at', 'desc').executeTakeFirst() : undefined;
      await deps.db.transaction().execute(async (trx) => {
        for (const login of recipients) {
          // A retried job must not notify twice: the dedupe key is the job's.
          await deps.notifier.notify(trx, { login, kind, title, body, dealId: deal?.id ?? null, taskId: taskRow?.id ?? null, alwaysEmail: escalation, dedupeKey: `${ctx.idempotencyKey}:${login}` }, ctx.now);
        }
      });
      return { kind: 'complete' };
    },
  };

  const banInn: JobHandler = {
    type: 'potok.crm.banInn',
    async run(ctx): Promise<JobOutcome> {
      const v = vars(ctx);
      const inn = typeof v.inn === 'string' ? v.inn.trim() : typeof v.requisites?.inn === 'string' ? v.requisites.inn.trim() : '';
      if (!inn) return { kind: 'complete' }; // nothing to ban: the review decided on a deal without requisites
      await deps.db
        .insertInto('banned_inns')
        .values({ inn, deal_id: typeof v.dealId === 'string' ? v.dealId : null, comment: typeof v.reason === 'string' ? v.reason : (v.legalComment ?? null), created_by: typeof v.bannedBy === 'string' ? v.bannedBy : null, created_at: ctx.now })
        .onConflict((oc) => oc.column('inn').doNothing())
        .execute();
      return { kind: 'complete' };
    },
  };

  const prepare: JobHandler = {
    type: 'potok.onboarding.prepare',
    async run(): Promise<JobOutcome> {
      // The same settings the onec.createCounterparty job will use (stored over env). A
      // configuration with a bad field still counts: the job then fails, the admin is told
      // and the manager enters the client by hand.
      const onec = resolveOneCConfig(await deps.settings.get<OneCConfigInput>('onec'), deps.env ?? process.env);
      const director = await deps.users.generalDirector();
      return { kind: 'complete', variables: { onecConfigured: onec !== null, director: director?.login ?? null } };
    },
  };

  return [notify, banInn, prepare];
}
