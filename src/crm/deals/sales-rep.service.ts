/**
 * Changing a deal's sales rep (spec: "managers assign reps"), after the rep was assigned
 * by the task «Назначить торгового представителя».
 *
 * One change does, in this order (each runtime command is its own transaction; a retry
 * with the same rep finishes what a failure left undone):
 * 1. the running process gets `salesRep` = the new rep, so every later rep task
 *    (assignee `=salesRep` in the model) goes to the new rep;
 * 2. every open task of the deal held by the old rep moves to the new rep (the runtime's
 *    reassign command), with a `task_reassigned` timeline entry and a notification;
 * 3. the deal's `salesRep` field changes, with a `sales_rep_changed` timeline entry
 *    (from, to, who, when). Access follows the field: the old rep no longer sees the deal.
 *
 * A manager's reassignment of a rep task to another sales rep (TaskService.reassign) is the
 * same change: the deal's rep follows the task (see `followsTask`).
 */
import { newTaskTitle } from '../notifications/task-notice.ts';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Actor } from '../roles.ts';
import { conflict, forbidden, invalid, notFound } from '../service-error.ts';
import type { Notifier } from '../notifications/notifier.ts';
import type { ProcessPort } from '../process/process.port.ts';
import type { TaskRepository } from '../tasks/task.repository.ts';
import type { Task } from '../tasks/task.types.ts';
import type { TimelineRepository } from '../timeline/timeline.repository.ts';
import type { UserRepository } from '../users/user.repository.ts';
import type { DealRepository } from './deal.repository.ts';
import type { Deal } from './deal.types.ts';

/** Who may change a deal's rep: managers (as for handing a deal to another owner). */
export const canChangeSalesRep = (actor: Actor): boolean => actor.role === 'manager';

/** An open deal a person is the rep of (the warning when they are deactivated). */
export interface OpenDealRef {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly stage: string;
}

export class SalesRepService {
  constructor(
    private readonly db: Kysely<any>,
    private readonly deals: DealRepository,
    private readonly tasks: TaskRepository,
    private readonly timeline: TimelineRepository,
    private readonly users: UserRepository,
    private readonly notifier: Notifier,
    private readonly process: ProcessPort,
    private readonly clock: Clock,
  ) {}

  /** Makes `login` the deal's rep: 404 unknown deal, 403 not a manager, 409 closed or no rep yet, 422 not an active sales rep. */
  async change(actor: Actor, dealId: string, login: string): Promise<Deal> {
    const deal = await this.deals.find(dealId);
    if (!deal) throw notFound('Deal not found');
    if (!canChangeSalesRep(actor)) throw forbidden();
    if (deal.stage === 'won' || deal.stage === 'lost') throw conflict('A closed deal cannot be changed');
    if (!deal.salesRep) throw conflict('The deal has no sales rep yet: the rep is chosen in the task «Назначить торгового представителя»');
    const rep = login ? await this.users.find(login.trim()) : null;
    if (!rep || !rep.active || rep.role !== 'sales_rep') throw invalid([{ field: 'salesRep', message: 'Choose an active sales representative' }]);
    if (rep.login === deal.salesRep) return deal;
    return this.apply(actor, deal, rep.login);
  }

  /**
   * The rule for TaskService.reassign: a task held by the deal's rep, given by a manager to
   * another active sales rep, takes the deal with it (the rep's other open tasks and the
   * later ones too). Returns false when the rule does not apply (the caller reassigns the
   * one task as before).
   */
  async followsTask(actor: Actor, task: Task, assignee: string): Promise<boolean> {
    if (!task.dealId || !canChangeSalesRep(actor)) return false;
    const deal = await this.deals.find(task.dealId);
    if (!deal || !deal.salesRep || task.assignee !== deal.salesRep || assignee === deal.salesRep) return false;
    if (deal.stage === 'won' || deal.stage === 'lost') return false;
    const user = await this.users.find(assignee);
    if (!user || !user.active || user.role !== 'sales_rep') return false;
    await this.apply(actor, deal, assignee);
    return true;
  }

  private async apply(actor: Actor, deal: Deal, to: string): Promise<Deal> {
    const from = deal.salesRep;
    if (deal.instanceId) await this.process.setVariables(deal.instanceId, { salesRep: to }, actor.login);
    const moved: Task[] = [];
    for (const task of await this.tasks.ofDeal(deal.id)) {
      if (task.status !== 'open' || !from || task.assignee !== from) continue;
      await this.process.reassignTask(task.id, to, actor.login);
      moved.push(task);
    }
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await this.deals.setFields(deal.id, { salesRep: to }, now, trx);
      await this.timeline.add({ dealId: deal.id, at: now, kind: 'sales_rep_changed', actor: actor.login, data: { from, to, tasks: moved.map((t) => t.id) } }, trx);
      for (const task of moved) {
        await this.timeline.add({ dealId: deal.id, at: now, kind: 'task_reassigned', actor: actor.login, data: { taskId: task.id, title: task.title, from, to } }, trx);
        if (to !== actor.login) await this.notifier.notify(trx, { login: to, kind: 'task_assigned', title: newTaskTitle(task.title, deal), dealId: deal.id, taskId: task.id }, now);
      }
      if (moved.length === 0 && to !== actor.login) {
        await this.notifier.notify(trx, { login: to, kind: 'task_assigned', title: `Вы назначены торговым представителем по сделке №${deal.number} «${deal.title}»`, dealId: deal.id }, now);
      }
    });
    return (await this.deals.find(deal.id))!;
  }

  /** The open deals whose rep is `login` (newest first). */
  openDealsOf(login: string): Promise<OpenDealRef[]> {
    return openDealsOfRep(this.db, login);
  }
}

/** The open deals whose rep is `login` (newest first); also the CLI's deactivation warning. */
export async function openDealsOfRep(db: Kysely<any>, login: string): Promise<OpenDealRef[]> {
  const rows = await db
    .selectFrom('deals')
    .select(['id', 'number', 'title', 'stage'])
    .where('sales_rep', '=', login)
    .where('stage', 'not in', ['won', 'lost'])
    .orderBy('number', 'desc')
    .execute();
  return rows.map((r: any) => ({ id: r.id, number: Number(r.number), title: r.title, stage: r.stage }));
}
