/**
 * The CRM's effect listener: runs inside every runtime command's transaction and keeps
 * the deal in step with its process — stage from `scope.entered`, won/lost from the end
 * event, submitted values copied onto the deal, notifications and timeline entries for
 * user-task effects. The task rows themselves are the runtime's (user_tasks, written by
 * the command before this runs). Nothing here talks to the network.
 */
import { newTaskTitle } from '../notifications/task-notice.ts';
import { explainMailFailure } from '../notifications/mail-failure-text.ts';
import type { Kysely } from 'kysely';
import type { DealRepository } from '../deals/deal.repository.ts';
import { STAGES, type Deal, type Stage } from '../deals/deal.types.ts';
import type { Notifier } from '../notifications/notifier.ts';
import type { TaskRepository } from '../tasks/task.repository.ts';
import { taskId } from '../tasks/task.repository.ts';
import type { TimelineRepository } from '../timeline/timeline.repository.ts';
import type { CompletionLedger } from './completion-ledger.ts';
import { endOutcome } from './model-properties.ts';
import type { EffectContext } from './process.port.ts';
import type { UserRepository } from '../users/user.repository.ts';

export interface DealEffectsDeps {
  readonly deals: DealRepository;
  readonly tasks: TaskRepository;
  readonly timeline: TimelineRepository;
  readonly notifier: Notifier;
  readonly users: UserRepository;
  readonly ledger: CompletionLedger;
}

const isStage = (s: unknown): s is Stage => typeof s === 'string' && (STAGES as readonly string[]).includes(s);

/** Values a completed task copies onto the deal (the deal's fields are the source of truth). */
function dealFieldsFrom(elementId: string, v: Readonly<Record<string, unknown>>, properties?: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // The model names what a task copies onto the deal (property `dealFields`, e.g. "documents,requisites").
  for (const name of (properties?.dealFields ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
    if (v[name] !== undefined && v[name] !== null && v[name] !== '') out[name] = v[name];
  }
  if (typeof v.salesRep === 'string' && elementId === 'assign_rep') out.salesRep = v.salesRep;
  if (typeof v.clientType === 'string') out.clientType = v.clientType;
  if (typeof v.premisesAddress === 'string' && v.premisesFound !== false) out.premisesAddress = v.premisesAddress;
  if (typeof v.onecRef === 'string' && v.onecRef) out.onecRef = v.onecRef;
  if (elementId === 'upload_documents' || elementId === 'supplement_documents') {
    if (v.requisites && typeof v.requisites === 'object') out.requisites = v.requisites;
    if (v.documents && typeof v.documents === 'object') out.documents = v.documents;
  }
  return out;
}

/** A short, human summary of what was submitted, for the timeline (no documents' contents). */
function answerSummary(v: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const keep = ['salesRep', 'callResult', 'decision', 'lostReason', 'meetingAt', 'meetingEnd', 'meetingPlace', 'meetingHeld', 'premisesFound', 'premisesAddress', 'clientType', 'legalDecision', 'legalComment', 'legalClaim', 'onecRef'];
  const out: Record<string, unknown> = {};
  for (const k of keep) if (v[k] !== undefined && v[k] !== null && v[k] !== '') out[k] = v[k];
  return out;
}

/** An incident for the admins in words: a client e-mail's reason explained, else which step; the technical reason after it. */
function incidentText(elementId: string, message: string): string {
  if (elementId.startsWith('send_')) return explainMailFailure(message);
  const what = `Шаг процесса «${elementId}» не выполнен; процесс ждёт, пока причину устранят и шаг повторят (Администрирование → Инциденты).`;
  return `${what}\nТехническая причина: ${message}`;
}

type Correction = { field: string; old: unknown; new: unknown };

/** A document's value in words: its link, or «файл <name>». */
async function documentText(trx: Kysely<any>, v: unknown): Promise<string | null> {
  if (!v || typeof v !== 'object') return null;
  const d = v as { url?: unknown; fileId?: unknown };
  if (typeof d.url === 'string' && d.url) return d.url;
  if (typeof d.fileId === 'string' && d.fileId) {
    const row = await trx.selectFrom('files').select('name').where('id', '=', d.fileId).executeTakeFirst();
    return `файл ${row ? String((row as { name: string }).name) : d.fileId}`;
  }
  return null;
}

/** What a task's values change in fields the deal already had (first values are no correction). */
async function correctionsOf(trx: Kysely<any>, deal: Deal, fields: Readonly<Record<string, unknown>>): Promise<Correction[]> {
  const out: Correction[] = [];
  const plain = (v: unknown) => (v === undefined || v === '' ? null : v);
  for (const key of ['clientType', 'premisesAddress'] as const) {
    const old = plain((deal as any)[key]);
    if (key in fields && old !== null && old !== plain(fields[key])) out.push({ field: key, old, new: plain(fields[key]) });
  }
  const oldReq = (deal as any).requisites as Record<string, unknown> | null;
  const newReq = fields.requisites as Record<string, unknown> | undefined;
  if (oldReq && newReq) {
    for (const k of new Set([...Object.keys(oldReq), ...Object.keys(newReq)])) {
      if (plain(oldReq[k]) !== plain(newReq[k]) && (typeof newReq[k] !== 'object' || newReq[k] === null)) out.push({ field: `requisites.${k}`, old: plain(oldReq[k]), new: plain(newReq[k]) });
    }
  }
  const oldDocs = (deal as any).documents as Record<string, unknown> | null;
  const newDocs = fields.documents as Record<string, unknown> | undefined;
  if (oldDocs && newDocs) {
    for (const k of new Set([...Object.keys(oldDocs), ...Object.keys(newDocs)])) {
      const [was, now] = [await documentText(trx, oldDocs[k]), await documentText(trx, newDocs[k])];
      if (was !== now) out.push({ field: `documents.${k}`, old: was, new: now });
    }
  }
  return out;
}

export function createDealEffectsListener(deps: DealEffectsDeps) {
  return async function onEffects(ctx: EffectContext): Promise<void> {
    const trx = ctx.trx;
    let deal: Deal | null = ctx.businessKey ? await deps.deals.find(ctx.businessKey, trx) : null;
    deal ??= await deps.deals.findByInstance(ctx.instanceId, trx);
    if (!deal) return; // an instance that is not a deal's (a test model, another process)
    const dealId = deal.id;
    const now = ctx.now;
    const actor = ctx.actor && ctx.actor !== 'system' ? ctx.actor : null;
    if (!deal.instanceId) await deps.deals.setFields(dealId, { instanceId: ctx.instanceId }, now, trx);

    const moveTo = async (stage: Stage): Promise<void> => {
      const current = await deps.deals.find(dealId, trx);
      if (!current || current.stage === stage || current.stage === 'won' || current.stage === 'lost') return;
      await deps.deals.setStage(dealId, stage, now, trx);
      await deps.timeline.add({ dealId, at: now, kind: 'stage_changed', actor, data: { from: current.stage, to: stage } }, trx);
    };

    for (const effect of ctx.effects) {
      switch (effect.kind) {
        case 'scope.entered': {
          const stage = effect.properties?.stage;
          if (isStage(stage)) await moveTo(stage);
          break;
        }
        case 'userTask.created':
          await taskCreated(trx, deps, deal, ctx.instanceId, effect.task, now);
          if (isStage(effect.task?.properties?.stage)) await moveTo(effect.task.properties.stage);
          break;
        case 'userTask.ended': {
          const id = taskId(ctx.instanceId, effect.elementInstanceId);
          // Already ended by the command; read for its title, kind and properties.
          const task = await deps.tasks.find(id, trx);
          if (effect.reason === 'completed') {
            const completion = deps.ledger.take(id);
            const by = completion?.actor ?? actor;
            const values = completion?.variables ?? {};
            const fields = dealFieldsFrom(effect.elementId, values, task?.properties);
            if (Object.keys(fields).length) {
              // A correction of what the deal already had (requisites, documents, client type,
              // premises) is told field by field: the lawyer and 1C rely on these values.
              const before = await deps.deals.find(dealId, trx);
              const changes = before ? await correctionsOf(trx, before, fields) : [];
              await deps.deals.setFields(dealId, fields, now, trx);
              for (const c of changes) await deps.timeline.add({ dealId, at: now, kind: 'field_changed', actor: by, data: c }, trx);
            }
            await deps.timeline.add({ dealId, at: now, kind: 'task_completed', actor: by, data: { taskId: id, elementId: effect.elementId, title: task?.title ?? effect.elementId, kind: task?.kind ?? null, answers: answerSummary(values) } }, trx);
            if (typeof values.legalDecision === 'string')
              await deps.timeline.add({ dealId, at: now, kind: 'legal_decision', actor: by, data: { decision: values.legalDecision, comment: values.legalComment ?? null } }, trx);
            if (typeof values.legalClaim === 'string') await deps.timeline.add({ dealId, at: now, kind: 'legal_claim', actor: by, data: { claim: values.legalClaim } }, trx);
            // The stage is `new` until the rep is assigned (spec, block 1).
            if (effect.elementId === 'assign_rep') await moveTo('first_call');
          } else {
            if (task) await deps.timeline.add({ dealId, at: now, kind: 'task_cancelled', actor, data: { taskId: id, elementId: effect.elementId, title: task.title, reason: effect.reason } }, trx);
          }
          break;
        }
        case 'history':
          if (effect.event?.kind === 'element.completed' && effect.event.elementType === 'sendTask') {
            // What the e-mail job reported: sent, or kept undelivered because no SMTP is set.
            const mail = mailOutcomeOf(ctx.command);
            const data = { elementId: effect.event.elementId, ...(mail ?? {}) };
            if (mail?.status === 'not_configured')
              await deps.timeline.add({ dealId, at: now, kind: 'email_not_sent', actor: null, data: { ...data, reason: 'SMTP не настроен: письмо не отправлено' } }, trx);
            else await deps.timeline.add({ dealId, at: now, kind: 'email_sent', actor: null, data }, trx);
          }
          if (effect.event?.kind === 'element.completed' && effect.event.elementId === 'create_counterparty_1c') {
            // The counterparty 1C created goes onto the deal at once: a deal cancelled before
            // the manager confirms it in `enter_into_1c` still names the record (spec, block 7).
            const onecRef = onecRefOf(ctx.command);
            if (onecRef) await deps.deals.setFields(dealId, { onecRef }, now, trx);
            await deps.timeline.add({ dealId, at: now, kind: 'onec_created', actor: null, data: onecRef ? { onecRef } : {} }, trx);
          }
          break;
        case 'incident.raised':
          await deps.timeline.add({ dealId, at: now, kind: 'incident', actor: null, data: { elementId: effect.incident.elementId, message: effect.incident.message } }, trx);
          for (const admin of await deps.users.list({ role: 'admin', active: true }, trx))
            await deps.notifier.notify(trx, { login: admin.login, kind: 'incident', title: `Инцидент в сделке №${deal.number}`, body: incidentText(String(effect.incident.elementId ?? ''), effect.incident.message), dealId }, now);
          // A client e-mail that could not be sent: the deal's owner sees it (issue 8), and so
          // does the rep, who may call the client instead.
          if (String(effect.incident.elementId).startsWith('send_')) {
            const current = await deps.deals.find(dealId, trx);
            const recipients = [...new Set([current?.owner, current?.salesRep].filter((x): x is string => !!x))];
            for (const to of recipients)
              await deps.notifier.notify(trx, { login: to, kind: 'email_failed', title: `Письмо клиенту не отправлено (сделка №${deal.number})`, body: explainMailFailure(effect.incident.message), dealId }, now);
          }
          break;
        case 'instance.ended':
          await instanceEnded(trx, deps, dealId, effect, ctx, now);
          break;
        default:
          break;
      }
    }
  };
}

/** Status, recipients and subject an `email.send` job completed with (see connector-job.handlers.ts). */
function mailOutcomeOf(command: unknown): { status: string; to: string[]; subject: string | null; messageId: string | null } | null {
  const c = command as { kind?: string; variables?: Record<string, any> } | undefined;
  const v = c?.kind === 'completeJob' ? c.variables : undefined;
  if (!v || typeof v.status !== 'string') return null;
  const mail = v.mail && typeof v.mail === 'object' ? v.mail : {};
  return {
    status: v.status,
    to: Array.isArray(mail.to) ? mail.to.filter((x: unknown): x is string => typeof x === 'string') : [],
    subject: typeof mail.subject === 'string' ? mail.subject : null,
    messageId: typeof v.messageId === 'string' ? v.messageId : null,
  };
}

/** The 1C record a completed job reported (its `onecRef` variable), if any. */
function onecRefOf(command: unknown): string | null {
  const c = command as { kind?: string; variables?: Record<string, unknown> } | undefined;
  const ref = c?.kind === 'completeJob' ? c.variables?.onecRef : undefined;
  return typeof ref === 'string' && ref ? ref : null;
}

async function taskCreated(trx: Kysely<any>, deps: DealEffectsDeps, deal: Deal, instanceId: string, t: any, now: number): Promise<void> {
  const dealId = deal.id;
  const id = taskId(instanceId, t.elementInstanceId);
  await deps.timeline.add({ dealId, at: now, kind: 'task_created', actor: null, data: { taskId: id, elementId: t.elementId, title: t.title, kind: t.kind ?? null, assignee: t.assignee ?? null, dueAt: t.dueAt ?? null, plannedAt: t.followUpAt ?? null } }, trx);
  if (t.assignee) await deps.notifier.notify(trx, { login: t.assignee, kind: 'task_assigned', title: newTaskTitle(t.title, deal), dealId, taskId: id }, now);
}

async function instanceEnded(trx: Kysely<any>, deps: DealEffectsDeps, dealId: string, effect: any, ctx: EffectContext, now: number): Promise<void> {
  const deal = await deps.deals.find(dealId, trx);
  if (!deal || deal.stage === 'won' || deal.stage === 'lost') return;
  if (effect.status === 'cancelled') return; // the deal service records cancellations itself
  const { outcome, reason } = endOutcome(ctx.model, effect.endEventId);
  if (outcome === 'won') {
    await deps.deals.setStage(dealId, 'won', now, trx, { lostReason: null, lostComment: null });
    await deps.timeline.add({ dealId, at: now, kind: 'deal_won', actor: null, data: { endEventId: effect.endEventId } }, trx);
    await deps.notifier.notify(trx, { login: deal.owner, kind: 'deal_closed', title: `Сделка №${deal.number} успешна`, dealId }, now);
  } else if (outcome === 'lost') {
    const comment = await lastLostComment(trx, dealId);
    await deps.deals.setStage(dealId, 'lost', now, trx, { lostReason: reason, lostComment: comment });
    await deps.timeline.add({ dealId, at: now, kind: 'deal_lost', actor: null, data: { reason, comment, endEventId: effect.endEventId } }, trx);
    await deps.notifier.notify(trx, { login: deal.owner, kind: 'deal_closed', title: `Сделка №${deal.number} провалена`, body: comment, dealId }, now);
  }
}

/** The rep's reason (decision call) or the lawyer's comment (ban), from the latest answers. */
async function lastLostComment(trx: Kysely<any>, dealId: string): Promise<string | null> {
  const rows = await trx.selectFrom('timeline').select(['data']).where('deal_id', '=', dealId).where('kind', '=', 'task_completed').orderBy('at', 'desc').orderBy('seq', 'desc').limit(3).execute();
  for (const r of rows) {
    const d = typeof r.data === 'string' ? JSON.parse(r.data) : r.data;
    const a = d?.answers ?? {};
    if (typeof a.lostReason === 'string') return a.lostReason;
    if (typeof a.legalComment === 'string') return a.legalComment;
  }
  return null;
}
