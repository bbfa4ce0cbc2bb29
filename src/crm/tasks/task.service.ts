import type { Kysely } from 'kysely';
import { newTaskTitle } from '../notifications/task-notice.ts';
import type { Clock } from '../clock.ts';
import type { Actor } from '../roles.ts';
import { ServiceError, conflict, forbidden, invalid, notFound, type FieldMessage } from '../service-error.ts';
import type { DealRepository } from '../deals/deal.repository.ts';
import type { Deal } from '../deals/deal.types.ts';
import type { CompletionLedger } from '../process/completion-ledger.ts';
import type { ProcessPort } from '../process/process.port.ts';
import type { TimelineRepository } from '../timeline/timeline.repository.ts';
import type { UserRepository } from '../users/user.repository.ts';
import type { Notifier } from '../notifications/notifier.ts';
import type { TaskFormPort, FormContext } from './task-form.port.ts';
import type { TaskRepository } from './task.repository.ts';
import type { DealFacts, TaskListItem } from './task.repository.ts';
import type { Task } from './task.types.ts';
import { toIso } from '../time-format.ts';
import { BannedInnRepository, type BannedInn } from './banned-inn.repository.ts';
import { CONFIRM_BANNED_INN, innFieldPath, isCompleteInn, valueAt, warningOf } from './banned-inn.guard.ts';

/** The answer of an ИНН check on a task: the warning when the ИНН is banned (no other deal's id or client). */
export interface InnCheck {
  readonly inn: string;
  /** The form's ИНН field the check is for (e.g. `requisites.inn`). */
  readonly field: string;
  readonly banned: boolean;
  readonly warning: { readonly code: 'banned_inn'; readonly message: string; readonly bannedAt: string; readonly comment: string | null; readonly dealNumber: number | null } | null;
}

export type { DealFacts, TaskListItem } from './task.repository.ts';

const factsOf = (d: Deal | null): DealFacts | null =>
  d ? { id: d.id, number: d.number, title: d.title, contactName: d.contactName, phone: d.phone, stage: d.stage, city: d.city } : null;

const DAY = 86_400_000;
/** How far ahead a meeting may be planned, and how long it may last. */
const MEETING_HORIZON = 2 * 366 * DAY;
const MEETING_LONGEST = DAY;
/** A planned meeting may start this much before now (the form was open a while). */
const MEETING_GRACE = 15 * 60_000;

function parseInstant(v: unknown): number | null {
  if (typeof v !== 'string' || !v) return null;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * A meeting's date must make sense: within two years from now, not longer than a day,
 * and — when it is being planned or moved — not in the past (the client would get an
 * invitation for a day gone by).
 */
export function meetingWindowProblems(start: number, end: number | null, now: number, fields: { start: string; end: string }, planned: boolean): FieldMessage[] {
  const problems: FieldMessage[] = [];
  if (start > now + MEETING_HORIZON) problems.push({ field: fields.start, message: 'A meeting can be set at most two years ahead' });
  else if (start < now - MEETING_HORIZON) problems.push({ field: fields.start, message: 'The meeting date is too far in the past' });
  else if (planned && start < now - MEETING_GRACE) problems.push({ field: fields.start, message: 'A meeting cannot start in the past' });
  if (end !== null && end - start > MEETING_LONGEST) problems.push({ field: fields.end, message: 'A meeting cannot last longer than a day' });
  return problems;
}

export function canSeeTask(actor: Actor, task: Task): boolean {
  if (task.assignee === actor.login) return true;
  if (actor.role === 'manager' || actor.role === 'director') return true;
  return task.assignee === null && task.candidateGroups.includes(actor.role);
}

export class TaskService {
  /** Set by createCrm: whether a reassignment moved the deal's rep (and with it this task). */
  repFollowsTask?: (actor: Actor, task: Task, assignee: string) => Promise<boolean>;

  constructor(
    private readonly db: Kysely<any>,
    private readonly tasks: TaskRepository,
    private readonly deals: DealRepository,
    private readonly users: UserRepository,
    private readonly timeline: TimelineRepository,
    private readonly notifier: Notifier,
    private readonly process: ProcessPort,
    private readonly forms: TaskFormPort,
    private readonly ledger: CompletionLedger,
    private readonly clock: Clock,
    private readonly bannedInn: (inn: string) => Promise<boolean>,
    private readonly zone: string = 'Europe/Moscow',
    private readonly bannedList: BannedInnRepository = new BannedInnRepository(db),
  ) {}

  async mine(actor: Actor, page: { offset: number; limit: number }): Promise<{ items: TaskListItem[]; total: number }> {
    const { rows, total } = await this.tasks.openOf(actor.login, page);
    return { items: rows, total };
  }

  async ofMyGroups(actor: Actor, page: { offset: number; limit: number }): Promise<{ items: TaskListItem[]; total: number }> {
    const { rows, total } = await this.tasks.openOfGroup(actor.role, page);
    return { items: rows, total };
  }

  private async visible(actor: Actor, id: string): Promise<Task> {
    const task = await this.tasks.find(id);
    if (!task) throw notFound('Task not found');
    if (!canSeeTask(actor, task)) throw forbidden();
    return task;
  }

  private async context(task: Task): Promise<FormContext & { deal: Deal | null }> {
    const deal = task.dealId ? await this.deals.find(task.dealId) : null;
    const reps = await this.users.list({ role: 'sales_rep', active: true });
    return { task, deal, options: { salesRepOptions: reps.map((u) => ({ value: u.login, label: u.name })) } };
  }

  /** A task with its form (schema, pre-filled values), the deal's key facts and warnings. */
  async get(actor: Actor, id: string) {
    const task = await this.visible(actor, id);
    const ctx = await this.context(task);
    const form = await this.forms.form(ctx);
    const warnings = await this.warnings(ctx.deal, form.values);
    // The document and review forms show `bannedInnWarning` themselves (a Text hidden when empty).
    const banned = warnings.find((w) => w.code === 'banned_inn');
    const values = banned ? { ...form.values, bannedInnWarning: banned.message } : form.values;
    return { task: { ...task, deal: factsOf(ctx.deal) }, form: { ...form, values }, dealDetails: ctx.deal, warnings };
  }

  /** The banned-list entry of an ИНН, or null. `bannedInn` (the CRM's one predicate) decides; the list adds the details. */
  private async banOf(inn: string): Promise<BannedInn | null> {
    return (await this.bannedInn(inn)) ? ((await this.bannedList.find(inn)) ?? { inn, comment: null, dealNumber: null, createdAt: this.clock.now() }) : null;
  }

  /**
   * Whether an ИНН the user is typing into the task's form is banned. Only for someone who
   * may see the task, only on an open task whose form has an ИНН field, only for a
   * complete ИНН — so the list cannot be read through any task or with partial numbers.
   */
  async checkInn(actor: Actor, id: string, inn: string): Promise<InnCheck> {
    const task = await this.visible(actor, id);
    const value = inn.trim();
    if (!isCompleteInn(value)) throw new ServiceError('bad_request', 'The ИНН is not a complete, valid ИНН', [{ field: 'inn', message: 'ИНН: 10 цифр для ООО, 12 для ИП, с верными контрольными цифрами' }]);
    if (task.status !== 'open') throw conflict('The task is already closed');
    const field = innFieldPath((await this.forms.form(await this.context(task))).schema);
    if (!field) throw conflict('This task has no ИНН field');
    const ban = await this.banOf(value);
    return {
      inn: value,
      field,
      banned: !!ban,
      warning: ban ? { code: 'banned_inn', message: warningOf(ban, this.zone), bannedAt: toIso(ban.createdAt, this.zone)!, comment: ban.comment, dealNumber: ban.dealNumber } : null,
    };
  }

  /** A banned ИНН on the deal or in the form is shown to the rep and the lawyer. */
  private async warnings(deal: Deal | null, values: Readonly<Record<string, unknown>>): Promise<{ code: string; message: string }[]> {
    const inns = new Set<string>();
    const fromReq = (r: unknown) => {
      const inn = r && typeof r === 'object' ? (r as any).inn : undefined;
      if (typeof inn === 'string' && inn) inns.add(inn);
    };
    fromReq(deal?.requisites);
    fromReq(values.requisites);
    const out: { code: string; message: string }[] = [];
    for (const inn of inns) {
      const ban = await this.banOf(inn);
      if (ban) out.push({ code: 'banned_inn', message: warningOf(ban, this.zone) });
    }
    return out;
  }

  /**
   * Claim, unclaim and reassign are runtime commands (runtime.executor): they change the
   * user_tasks row and write the instance's history under the instance lock. The deal's
   * timeline and the notification follow right after the command.
   */
  async claim(actor: Actor, id: string): Promise<Task> {
    const task = await this.visible(actor, id);
    if (task.status !== 'open') throw conflict('The task is already closed');
    if (task.assignee === actor.login) return task;
    if (task.assignee !== null || !task.candidateGroups.includes(actor.role)) throw conflict('The task is not offered to your group');
    await this.process.claimTask(id, actor.login);
    await this.recordAssignment(actor, task, 'task_claimed', actor.login);
    return (await this.tasks.find(id))!;
  }

  async unclaim(actor: Actor, id: string): Promise<Task> {
    const task = await this.visible(actor, id);
    if (task.status !== 'open') throw conflict('The task is already closed');
    if (task.assignee !== actor.login) throw forbidden();
    if (task.candidateGroups.length === 0) throw conflict('This task was assigned to you by the process and cannot be returned to a group');
    await this.process.unclaimTask(id, actor.login);
    await this.recordAssignment(actor, task, 'task_unclaimed', null);
    return (await this.tasks.find(id))!;
  }

  async reassign(actor: Actor, id: string, assignee: string): Promise<Task> {
    if (actor.role !== 'manager') throw forbidden();
    const task = await this.visible(actor, id);
    if (task.status !== 'open') throw conflict('The task is already closed');
    const user = await this.users.find(assignee);
    if (!user || !user.active) throw invalid([{ field: 'assignee', message: 'No active user with this login' }]);
    // The deal's rep's task given to another sales rep: the deal's rep follows (SalesRepService).
    if (this.repFollowsTask && (await this.repFollowsTask(actor, task, assignee))) return (await this.tasks.find(id))!;
    await this.process.reassignTask(id, assignee, actor.login);
    await this.recordAssignment(actor, task, 'task_reassigned', assignee);
    return (await this.tasks.find(id))!;
  }

  /** The deal's timeline entry for a change of assignee, and the new assignee's notification (not for one's own claim). */
  private async recordAssignment(actor: Actor, task: Task, kind: 'task_claimed' | 'task_unclaimed' | 'task_reassigned', to: string | null): Promise<void> {
    const now = this.clock.now();
    const deal = to && to !== actor.login && task.dealId ? await this.deals.find(task.dealId) : null;
    await this.db.transaction().execute(async (trx) => {
      if (task.dealId) await this.timeline.add({ dealId: task.dealId, at: now, kind, actor: actor.login, data: { taskId: task.id, title: task.title, from: task.assignee, to } }, trx);
      if (to && to !== actor.login) await this.notifier.notify(trx, { login: to, kind: 'task_assigned', title: newTaskTitle(task.title, deal), dealId: task.dealId, taskId: task.id }, now);
    });
  }

  /** Why a task cannot be completed any more: who completed it and when, or that the process moved on. */
  private closedConflict(task: Task): ServiceError {
    const at = toIso(task.endedAt, this.zone);
    if (task.status === 'completed' && task.completedBy) return conflict(at ? `The task was already completed by ${task.completedBy} at ${at}` : `The task was already completed by ${task.completedBy}`);
    return conflict(task.status === 'cancelled' ? 'The task was cancelled (the process moved on)' : 'The task is already closed');
  }

  async complete(actor: Actor, id: string, data: Readonly<Record<string, unknown>>): Promise<void> {
    let task = await this.visible(actor, id);
    if (task.status !== 'open') throw this.closedConflict(task);
    // A group task is claimed only by a completion that is accepted: a refused one changes nothing.
    const claimable = task.assignee === null && task.candidateGroups.includes(actor.role);
    if (!claimable && task.assignee !== actor.login) throw forbidden();
    const ctx = await this.context(task);
    const { problems, values } = await this.forms.validate(ctx, data);
    // One message per field: the form's own (e.g. "choose one of the options") goes first.
    const domain = (await this.domainProblems(task, values)).filter((d) => !problems.some((p) => p.field === d.field));
    const all = [...problems, ...domain];
    const banned = all.length ? null : await this.bannedInSubmission(ctx, values);
    if (all.length) throw invalid(all);
    if (banned && data[CONFIRM_BANNED_INN] !== true) {
      throw new ServiceError('confirmation_required', `ИНН ${banned.inn} is on the banned list: send it on with ${CONFIRM_BANNED_INN}: true once the user has seen the warning`, [
        { field: banned.field, message: banned.message },
      ]);
    }
    if (claimable) task = await this.claim(actor, id);
    this.ledger.put(id, { variables: values, actor: actor.login });
    try {
      await this.process.completeTask(task.instanceId, task.elementInstanceId, { ...values, completedBy: actor.login }, actor.login);
    } catch (err) {
      this.ledger.drop(id);
      // Completed by someone else at the same moment: say who and when.
      const now = err instanceof ServiceError && err.code === 'conflict' ? await this.tasks.find(id) : null;
      if (now && now.status !== 'open') throw this.closedConflict(now);
      throw err;
    }
    if (banned && task.dealId) {
      await this.timeline.add({ dealId: task.dealId, at: this.clock.now(), kind: 'banned_inn_confirmed', actor: actor.login, data: { taskId: id, inn: banned.inn, title: `${task.title}: ${banned.message} — отправлено с подтверждением` } });
    }
  }

  /** The banned ИНН a submission carries in its form's ИНН field (the form's own answer, never a dropped key). */
  private async bannedInSubmission(ctx: FormContext, values: Readonly<Record<string, unknown>>): Promise<{ inn: string; field: string; message: string } | null> {
    const field = innFieldPath((await this.forms.form(ctx)).schema);
    const inn = field ? valueAt(values, field) : undefined;
    if (!field || typeof inn !== 'string' || !inn) return null;
    const ban = await this.banOf(inn);
    return ban ? { inn, field, message: warningOf(ban, this.zone) } : null;
  }

  /** Rules the form cannot express. */
  private async domainProblems(task: Task, v: Readonly<Record<string, unknown>>): Promise<FieldMessage[]> {
    const problems: FieldMessage[] = [];
    if (task.elementId === 'assign_rep') {
      const rep = typeof v.salesRep === 'string' ? await this.users.find(v.salesRep) : null;
      if (!rep || !rep.active || rep.role !== 'sales_rep') problems.push({ field: 'salesRep', message: 'Choose an active sales representative' });
    }
    // A meeting the rep plans (decision call) lies ahead; one recorded as held may lie behind.
    if ((task.elementId === 'decision_call' && v.decision === 'positive') || task.elementId === 'meeting') {
      const start = parseInstant(v.meetingAt);
      const end = parseInstant(v.meetingEnd);
      if (start !== null) problems.push(...meetingWindowProblems(start, end, this.clock.now(), { start: 'meetingAt', end: 'meetingEnd' }, task.elementId === 'decision_call'));
      // "The rep completes the task when the meeting has been held" (spec, block 3): not before it starts.
      const begins = start ?? task.plannedAt;
      if (task.elementId === 'meeting' && v.meetingHeld === true && begins !== null && begins > this.clock.now() && !problems.some((p) => p.field === 'meetingAt'))
        problems.push({ field: 'meetingHeld', message: 'The meeting has not started yet: mark it held once it has taken place, or move its time' });
    }
    if (task.elementId === 'legal_review' && (v.legalDecision === 'approve_return' || v.legalDecision === 'ban') && !(typeof v.legalComment === 'string' && v.legalComment.trim()))
      problems.push({ field: 'legalComment', message: 'A comment is required with this decision' });
    return problems;
  }

  /** Moves a meeting; the process re-sends the invitation (same UID) on `meeting_rescheduled`. */
  async reschedule(actor: Actor, id: string, input: { start: number; end: number; place?: string | null }): Promise<Task> {
    const task = await this.visible(actor, id);
    if (task.status !== 'open') throw conflict('The task is already closed');
    if (task.kind !== 'meeting') throw conflict('Only a meeting can be rescheduled');
    if (task.assignee !== actor.login && actor.role !== 'manager') throw forbidden();
    if (!(input.end > input.start)) throw invalid([{ field: 'end', message: 'The meeting must end after it starts' }]);
    const window = meetingWindowProblems(input.start, input.end, this.clock.now(), { start: 'start', end: 'end' }, true);
    if (window.length) throw invalid(window);
    // The model reads these with FEEL `date and time(…)`: ISO with the company's offset.
    const meetingAt = toIso(input.start, this.zone)!;
    const meetingEnd = toIso(input.end, this.zone)!;
    const place = input.place ?? (task.variables.meetingPlace as string | undefined) ?? null;
    // The same time and place again: nothing moves, and the client gets no new invitation.
    if (input.start === task.plannedAt && input.end === task.dueAt && place === ((task.variables.meetingPlace as string | undefined) ?? null)) return task;
    const vars = { meetingAt, meetingEnd, meetingPlace: place };
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await this.tasks.setSchedule(id, input.start, input.end, { ...task.variables, ...vars }, now, trx);
      if (task.dealId) await this.timeline.add({ dealId: task.dealId, at: now, kind: 'meeting_rescheduled', actor: actor.login, data: { taskId: id, from: task.plannedAt, to: input.start, end: input.end, place } }, trx);
    });
    if (task.dealId) await this.process.correlate('meeting_rescheduled', task.dealId, vars, actor.login);
    return (await this.tasks.find(id))!;
  }
}
