import { sql, type Kysely } from 'kysely';
import { fromJson, toJson } from '../../store/json.ts';
import type { Task, TaskStatus } from './task.types.ts';

const groupsText = (groups: readonly string[]): string => (groups.length ? `,${groups.join(',')},` : '');

export function toTask(r: any): Task {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
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
    candidateGroups: String(r.candidate_groups ?? '').split(',').filter(Boolean),
    dueAt: num(r.due_at),
    plannedAt: num(r.planned_at),
    formId: r.form_id ?? null,
    properties: r.properties === undefined ? {} : (fromJson(r.properties) as any),
    variables: r.variables === undefined ? {} : (fromJson(r.variables) as any),
    status: r.status,
    createdAt: Number(r.created_at),
    endedAt: num(r.ended_at),
    completedBy: r.completed_by ?? null,
  };
}

const LIST_COLUMNS = ['id', 'deal_id', 'instance_id', 'element_instance_id', 'element_id', 'title', 'kind', 'author', 'assignee', 'candidate_groups', 'due_at', 'planned_at', 'form_id', 'status', 'created_at', 'ended_at', 'completed_by'];

export const taskId = (instanceId: string, elementInstanceId: string): string => `${instanceId}:${elementInstanceId}`;

export class TaskRepository {
  constructor(private readonly db: Kysely<any>) {}

  async insert(t: Omit<Task, 'status' | 'endedAt' | 'completedBy'>, db: Kysely<any> = this.db): Promise<void> {
    await db
      .insertInto('crm_tasks')
      .values({
        id: t.id,
        deal_id: t.dealId,
        instance_id: t.instanceId,
        element_instance_id: t.elementInstanceId,
        element_id: t.elementId,
        title: t.title,
        kind: t.kind,
        author: t.author,
        assignee: t.assignee,
        candidate_groups: groupsText(t.candidateGroups),
        due_at: t.dueAt,
        planned_at: t.plannedAt,
        form_id: t.formId,
        properties: toJson(t.properties),
        variables: toJson(t.variables),
        status: 'open',
        created_at: t.createdAt,
        ended_at: null,
        completed_by: null,
        overdue_notified: 0,
      })
      .execute();
  }

  async find(id: string, db: Kysely<any> = this.db): Promise<Task | null> {
    const r = await db.selectFrom('crm_tasks').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toTask(r) : null;
  }

  async end(id: string, status: TaskStatus, now: number, completedBy: string | null, db: Kysely<any> = this.db): Promise<void> {
    await db.updateTable('crm_tasks').set({ status, ended_at: now, completed_by: completedBy }).where('id', '=', id).where('status', '=', 'open').execute();
  }

  async cancelOpenOfDeal(dealId: string, now: number, db: Kysely<any> = this.db): Promise<Task[]> {
    const open = await db.selectFrom('crm_tasks').selectAll().where('deal_id', '=', dealId).where('status', '=', 'open').execute();
    await db.updateTable('crm_tasks').set({ status: 'cancelled', ended_at: now }).where('deal_id', '=', dealId).where('status', '=', 'open').execute();
    return open.map(toTask);
  }

  async setAssignee(id: string, assignee: string | null, db: Kysely<any> = this.db): Promise<void> {
    await db.updateTable('crm_tasks').set({ assignee }).where('id', '=', id).execute();
  }

  async setSchedule(id: string, plannedAt: number | null, dueAt: number | null, variables: Record<string, unknown>): Promise<void> {
    await this.db.updateTable('crm_tasks').set({ planned_at: plannedAt, due_at: dueAt, variables: toJson(variables) }).where('id', '=', id).execute();
  }

  /** Open tasks of one person: overdue first, then by due time (no due time last). */
  async openOf(login: string, now: number, page: { offset: number; limit: number }) {
    const q = this.db.selectFrom('crm_tasks').where('assignee', '=', login).where('status', '=', 'open');
    const rows = await this.withDeal(q)
      .orderBy(sql`case when crm_tasks.due_at is null then 2 when crm_tasks.due_at < ${now} then 0 else 1 end`)
      .orderBy('crm_tasks.due_at')
      .orderBy('crm_tasks.created_at')
      .offset(page.offset)
      .limit(page.limit)
      .execute();
    // A first page that is not full is the whole list: no second query for the count.
    if (page.offset === 0 && rows.length < page.limit) return { rows, total: rows.length };
    const total = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return { rows, total: Number(total.n) };
  }

  /** Unassigned open tasks offered to a role (candidate group). */
  async openOfGroup(group: string, page: { offset: number; limit: number }) {
    const q = this.db
      .selectFrom('crm_tasks')
      .where('assignee', 'is', null)
      .where('status', '=', 'open')
      .where('candidate_groups', 'like', `%,${group},%`);
    const [rows, total] = await Promise.all([
      this.withDeal(q).orderBy('crm_tasks.due_at').orderBy('crm_tasks.created_at').offset(page.offset).limit(page.limit).execute(),
      q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  async ofDeal(dealId: string): Promise<Task[]> {
    const rows = await this.db.selectFrom('crm_tasks').selectAll().where('deal_id', '=', dealId).orderBy('created_at').execute();
    return rows.map(toTask);
  }

  async hasOpenTaskFor(dealId: string, login: string): Promise<boolean> {
    const r = await this.db.selectFrom('crm_tasks').select('id').where('deal_id', '=', dealId).where('assignee', '=', login).where('status', '=', 'open').executeTakeFirst();
    return !!r;
  }

  /** Overdue open tasks per assignee (for the director). */
  async overdueByAssignee(now: number, rep?: string): Promise<{ login: string; count: number }[]> {
    let q = this.db
      .selectFrom('crm_tasks')
      .select(['assignee', (eb) => eb.fn.countAll().as('n')])
      .where('status', '=', 'open')
      .where('due_at', '<', now)
      .where('assignee', 'is not', null);
    if (rep) q = q.where('assignee', '=', rep);
    const rows = await q.groupBy('assignee').execute();
    return rows.map((r: any) => ({ login: r.assignee, count: Number(r.n) })).sort((a, b) => b.count - a.count || a.login.localeCompare(b.login));
  }

  /** Inbox rows: the task's own columns without its JSON (variables, properties), plus the deal's key facts. */
  private withDeal(q: any) {
    return q
      .leftJoin('deals', 'deals.id', 'crm_tasks.deal_id')
      .select(LIST_COLUMNS.map((c) => `crm_tasks.${c}`))
      .select(['deals.number as deal_number', 'deals.title as deal_title', 'deals.contact_name as deal_contact', 'deals.phone as deal_phone', 'deals.stage as deal_stage', 'deals.city as deal_city']);
  }
}
