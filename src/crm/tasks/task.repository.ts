/**
 * The CRM's view of people's tasks: the runtime's user_tasks rows, each with the deal it
 * belongs to (a deal's process has the deal's id as business key). The runtime writes
 * the rows — it creates and ends them in the command that reaches or leaves the user
 * task, and it claims, unclaims and reassigns them (runtime.executor) — so the CRM only
 * reads them, except for what is the CRM's own: the planned start and due time of a
 * rescheduled meeting and the "overdue already told" flag (overdue-sweeper.ts).
 */
import { sql, type Kysely } from 'kysely';
import { fromJson, toJson } from '../../store/json.ts';
import type { Task } from './task.types.ts';

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A row of user_tasks (with `deal_id`, the deal it belongs to) as the CRM's Task. */
export function toTask(r: any): Task {
  return {
    id: r.id,
    dealId: r.deal_id ?? null,
    instanceId: r.instance_id,
    elementInstanceId: r.element_instance_id,
    elementId: r.element_id,
    title: r.title,
    kind: r.kind ?? null,
    author: r.author ?? null,
    assignee: r.assignee ?? null,
    candidateGroups: fromJson<string[]>(r.candidate_groups ?? '[]'),
    dueAt: num(r.due_at),
    // zeebe:taskSchedule's followUpDate is the planned start of a call or meeting.
    plannedAt: num(r.follow_up_at),
    formId: r.form_id ?? null,
    properties: r.properties === undefined ? {} : (fromJson(r.properties) as any),
    variables: r.variables === undefined ? {} : (fromJson(r.variables) as any),
    status: r.status,
    createdAt: Number(r.created_at),
    endedAt: num(r.completed_at),
    // The runtime also records who cancelled a task (the deal's canceller); the CRM shows who completed it.
    completedBy: r.status === 'completed' ? (r.completed_by ?? null) : null,
  };
}

/** The inbox's columns: what a task list shows (taskDto), nothing more; each column read costs on a 50-task page. */
const LIST_COLUMNS = ['id', 'business_key', 'element_id', 'title', 'kind', 'author', 'assignee', 'candidate_groups', 'due_at', 'follow_up_at', 'status', 'created_at', 'completed_at', 'completed_by'];

/** A deal's key facts, shown with each of its tasks. */
export interface DealFacts {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly contactName: string | null;
  readonly phone: string | null;
  readonly stage: string | null;
  readonly city: string | null;
}

/** A task as a list shows it: the Task fields taskDto gives, with its deal's key facts. */
export type TaskListItem = Pick<Task, 'id' | 'dealId' | 'elementId' | 'title' | 'kind' | 'author' | 'assignee' | 'candidateGroups' | 'dueAt' | 'plannedAt' | 'status' | 'createdAt' | 'endedAt' | 'completedBy'> & {
  readonly deal: DealFacts | null;
};

/** A row of `listed` as a list item: the same values toTask would give, built in one step. */
function toListItem(r: any): TaskListItem {
  const dealId = r.deal_number === null || r.deal_number === undefined ? null : (r.business_key as string);
  return {
    id: r.id,
    dealId,
    elementId: r.element_id,
    title: r.title,
    kind: r.kind ?? null,
    author: r.author ?? null,
    assignee: r.assignee ?? null,
    candidateGroups: r.candidate_groups === '[]' ? [] : fromJson<string[]>(r.candidate_groups ?? '[]'),
    dueAt: num(r.due_at),
    plannedAt: num(r.follow_up_at),
    status: r.status,
    createdAt: Number(r.created_at),
    endedAt: num(r.completed_at),
    completedBy: r.status === 'completed' ? (r.completed_by ?? null) : null,
    deal: dealId === null ? null : { id: dealId, number: Number(r.deal_number), title: r.deal_title, contactName: r.deal_contact ?? null, phone: r.deal_phone ?? null, stage: r.deal_stage ?? null, city: r.deal_city ?? null },
  };
}

/** Tasks with a due time first, by due time (so the overdue ones lead), then those without; the same order on both databases. */
const BY_DUE = sql`case when t.due_at is null then 1 else 0 end`;

export const taskId = (instanceId: string, elementInstanceId: string): string => `${instanceId}:${elementInstanceId}`;

type Page = { offset: number; limit: number };

export class TaskRepository {
  constructor(private readonly db: Kysely<any>) {}

  /** A task with its deal's id (null for a task of another process). */
  async find(id: string, db: Kysely<any> = this.db): Promise<Task | null> {
    const r = await db.selectFrom('user_tasks as t').leftJoin('deals as d', 'd.id', 't.business_key').selectAll('t').select('d.id as deal_id').where('t.id', '=', id).executeTakeFirst();
    return r ? toTask(r) : null;
  }

  /** Moves a meeting: its planned start and due time, and the variables its form shows. */
  async setSchedule(id: string, plannedAt: number | null, dueAt: number | null, variables: Record<string, unknown>, now: number, db: Kysely<any> = this.db): Promise<void> {
    await db
      .updateTable('user_tasks')
      .set({ follow_up_at: plannedAt, due_at: dueAt, variables: toJson(variables), updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .execute();
  }

  /** Open tasks of one person: overdue first, then by due time (no due time last). One page read in user_tasks_open_assignee's order (migration 0103). */
  async openOf(login: string, page: Page) {
    const q = this.db.selectFrom('user_tasks as t').where('t.assignee', '=', login).where('t.status', '=', 'open');
    const rows = await this.listed(q, (o) => o.orderBy(BY_DUE).orderBy('t.due_at').orderBy('t.created_at').orderBy('t.id'), page);
    return { rows, total: await this.total(q, page, rows.length) };
  }

  /**
   * Unassigned open tasks offered to a role (candidate group): user_tasks_open_assignee
   * with no assignee, in its order (as "my tasks": by due time, none last), up to the page's end.
   * The group is matched in the row's own list rather than in user_task_candidates: the
   * row is read anyway, and PostgreSQL would otherwise hash-join every candidate row.
   */
  async openOfGroup(group: string, page: Page) {
    const like = `%${JSON.stringify(group).replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    const q = this.db
      .selectFrom('user_tasks as t')
      .where('t.status', '=', 'open')
      .where('t.assignee', 'is', null)
      .where(sql<boolean>`cast(t.candidate_groups as text) like ${like} escape '\\'`);
    const rows = await this.listed(q, (o) => o.orderBy(BY_DUE).orderBy('t.due_at').orderBy('t.created_at').orderBy('t.id'), page);
    return { rows, total: await this.total(q, page, rows.length) };
  }

  /** A first page that is not full is the whole list: no second query for the count. */
  private async total(q: any, page: Page, got: number): Promise<number> {
    if (page.offset === 0 && got < page.limit) return got;
    const total = await q.select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(total.n);
  }

  async ofDeal(dealId: string): Promise<Task[]> {
    const rows = await this.db.selectFrom('user_tasks').selectAll().select('business_key as deal_id').where('business_key', '=', dealId).orderBy('created_at').orderBy('id').execute();
    return rows.map(toTask);
  }

  /** Whether `login` holds an open task of the deal or completed one of its tasks. */
  async hasWorkedOn(dealId: string, login: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('user_tasks')
      .select('id')
      .where('business_key', '=', dealId)
      .where((eb) => eb.or([eb.and([eb('assignee', '=', login), eb('status', '=', 'open')]), eb('completed_by', '=', login)]))
      .executeTakeFirst();
    return !!r;
  }

  /**
   * Overdue open tasks per assignee (for the director): user_tasks_open_due, or
   * _open_assignee for one rep. With a period, only tasks of deals created in it (the
   * funnel's period is the deals' creation).
   */
  async overdueByAssignee(now: number, rep?: string, period: { from?: number; to?: number } = {}): Promise<{ login: string; count: number }[]> {
    let q: any = this.db
      .selectFrom('user_tasks as t')
      .select(['t.assignee as assignee', (eb) => eb.fn.countAll().as('n')])
      .where('t.status', '=', 'open')
      .where('t.due_at', '<', now)
      .where('t.assignee', 'is not', null);
    if (rep) q = q.where('t.assignee', '=', rep);
    if (period.from !== undefined || period.to !== undefined) {
      q = q.innerJoin('deals as d', 'd.id', 't.business_key');
      if (period.from !== undefined) q = q.where('d.created_at', '>=', period.from);
      if (period.to !== undefined) q = q.where('d.created_at', '<', period.to);
    }
    const rows: any[] = await q.groupBy('t.assignee').execute();
    return rows.map((r) => ({ login: String(r.assignee), count: Number(r.n) })).sort((a, b) => b.count - a.count || a.login.localeCompare(b.login));
  }

  /**
   * Inbox rows: the task's own columns without its JSON (variables, properties), plus the
   * deal's key facts. One flat query: user_tasks_open_assignee (0103) holds the list's
   * order, so the database walks it and looks up one deal per row until the page is
   * full — a page costs `offset + limit` look-ups however long the list, and no sort.
   */
  private async listed(q: any, order: (q: any) => any, page: Page): Promise<TaskListItem[]> {
    const rows = q
      .leftJoin('deals as d', 'd.id', 't.business_key')
      .select(LIST_COLUMNS.map((c) => `t.${c}`))
      .select(['d.number as deal_number', 'd.title as deal_title', 'd.contact_name as deal_contact', 'd.phone as deal_phone', 'd.stage as deal_stage', 'd.city as deal_city']);
    const found: any[] = await order(rows).offset(page.offset).limit(page.limit).execute();
    return found.map(toListItem);
  }
}
