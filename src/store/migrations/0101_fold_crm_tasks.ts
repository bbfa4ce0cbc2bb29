/**
 * One task table: the CRM's `crm_tasks` (a copy of every user task, written by its effect
 * listener in the same transaction) is folded into the runtime's `user_tasks`.
 *
 * What only crm_tasks knew is copied over first: the planned start and due time a
 * meeting's reschedule moved (crm_tasks.planned_at is user_tasks.follow_up_at), the task
 * variables it merged, the assignee a claim, unclaim or reassignment in the CRM changed
 * (they never reached user_tasks), the "overdue already told" flag (a new column) and
 * the deal where the task's business key is missing. A crm_tasks row without a runtime
 * row is kept as one. Then crm_tasks goes, and user_tasks gets the indexes the CRM's
 * queries use — partial ones on open tasks, so completed tasks stay out of the hot
 * indexes — instead of two it no longer needs.
 *
 * Frozen in time: it never imports today's schema types.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/** Indexes the CRM reads open tasks by (both databases support partial indexes). */
const OPEN_INDEXES: readonly string[] = [
  // "My tasks" (overdue first, then by due time), its count, overdue of one person; with
  // `assignee is null` also the tasks offered to a group that nobody took yet (the
  // candidates are in user_task_candidates, looked up by their key).
  `create index user_tasks_open_assignee on user_tasks (assignee, due_at, created_at) where status = 'open'`,
  // The overdue sweeper and "overdue per person" of the reports: a range on due_at.
  `create index user_tasks_open_due on user_tasks (due_at, assignee, overdue_notified) where status = 'open' and due_at is not null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('user_tasks').addColumn('overdue_notified', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  // UPDATE … FROM is PostgreSQL's syntax, and SQLite's since 3.33.
  await sql`
    update user_tasks set
      follow_up_at = c.planned_at,
      due_at = c.due_at,
      variables = c.variables,
      assignee = c.assignee,
      claimed_by = case when c.assignee = user_tasks.assignee then user_tasks.claimed_by else null end,
      claimed_at = case when c.assignee = user_tasks.assignee then user_tasks.claimed_at else null end,
      overdue_notified = c.overdue_notified,
      business_key = coalesce(user_tasks.business_key, c.deal_id)
    from crm_tasks c
    where c.id = user_tasks.id`.execute(db);

  await keepTasksOnlyTheCrmHad(db);

  await db.schema.dropTable('crm_tasks').execute();
  // Replaced by the partial indexes: nothing reads all tasks of a person or by status alone.
  await db.schema.dropIndex('user_tasks_assignee').execute();
  await db.schema.dropIndex('user_tasks_status_due').execute();
  for (const statement of OPEN_INDEXES) await sql.raw(statement).execute(db);
}

/** A crm_tasks row without a user_tasks row (a database repaired by hand, a test): it stays a task. */
async function keepTasksOnlyTheCrmHad(db: Kysely<any>): Promise<void> {
  const orphans = await db
    .selectFrom('crm_tasks as c')
    .leftJoin('instances as i', 'i.id', 'c.instance_id')
    .selectAll('c')
    .select('i.process_id')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('user_tasks as u').select('u.id').whereRef('u.id', '=', 'c.id'))))
    .execute();
  for (const c of orphans) {
    const groups = String(c.candidate_groups ?? '').split(',').filter(Boolean);
    const status = String(c.status);
    await db
      .insertInto('user_tasks')
      .values({
        id: c.id, instance_id: c.instance_id, process_id: c.process_id ?? '', business_key: c.deal_id, element_id: c.element_id,
        element_instance_id: c.element_instance_id, name: c.title, title: c.title, kind: c.kind, author: c.author, assignee: c.assignee,
        candidate_groups: JSON.stringify(groups), candidate_users: '[]', due_at: c.due_at, follow_up_at: c.planned_at, priority: 50,
        form_id: c.form_id, headers: '{}', properties: jsonText(c.properties), variables: jsonText(c.variables), status,
        end_reason: status === 'open' ? null : status, claimed_by: null, claimed_at: null, created_at: c.created_at,
        completed_at: c.ended_at, completed_by: c.completed_by, result: null, updated_at: c.ended_at ?? c.created_at,
        overdue_notified: c.overdue_notified,
      })
      .execute();
    for (const name of new Set(groups)) await db.insertInto('user_task_candidates').values({ task_id: c.id, kind: 'group', name }).execute();
  }
}

/** A JSON column as text for an insert (pg may hand jsonb back parsed). */
const jsonText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v ?? {}));

/** Back to two tables: crm_tasks again holds the tasks of deals (its 0100 shape and indexes). */
export async function down(db: Kysely<any>): Promise<void> {
  const dialect = (db.getExecutor().adapter.constructor.name ?? '').toLowerCase();
  const json = dialect.includes('postgres') ? 'jsonb' : 'text';
  await db.schema
    .createTable('crm_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deal_id', 'text')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('element_instance_id', 'text', (c) => c.notNull())
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('author', 'text')
    .addColumn('assignee', 'text')
    .addColumn('candidate_groups', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('planned_at', 'bigint')
    .addColumn('form_id', 'text')
    .addColumn('properties', sql.raw(json), (c) => c.notNull())
    .addColumn('variables', sql.raw(json), (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('completed_by', 'text')
    .addColumn('overdue_notified', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const rows = await db.selectFrom('user_tasks as u').innerJoin('deals as d', 'd.id', 'u.business_key').selectAll('u').execute();
  for (const u of rows) {
    const groups = typeof u.candidate_groups === 'string' ? (JSON.parse(u.candidate_groups) as string[]) : (u.candidate_groups as string[]);
    await db
      .insertInto('crm_tasks')
      .values({
        id: u.id, deal_id: u.business_key, instance_id: u.instance_id, element_instance_id: u.element_instance_id, element_id: u.element_id,
        title: u.title, kind: u.kind, author: u.author, assignee: u.assignee, candidate_groups: groups.length ? `,${groups.join(',')},` : '',
        due_at: u.due_at, planned_at: u.follow_up_at, form_id: u.form_id, properties: jsonText(u.properties), variables: jsonText(u.variables),
        status: u.status, created_at: u.created_at, ended_at: u.completed_at, completed_by: u.status === 'completed' ? u.completed_by : null,
        overdue_notified: u.overdue_notified,
      })
      .execute();
  }
  await db.schema.createIndex('crm_tasks_assignee_idx').on('crm_tasks').columns(['assignee', 'status', 'due_at']).execute();
  await db.schema.createIndex('crm_tasks_deal_idx').on('crm_tasks').columns(['deal_id', 'status']).execute();
  await db.schema.createIndex('crm_tasks_status_due_idx').on('crm_tasks').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('crm_tasks_element_idx').on('crm_tasks').columns(['instance_id', 'element_instance_id']).execute();
  for (const name of ['user_tasks_open_assignee', 'user_tasks_open_due']) await db.schema.dropIndex(name).execute();
  await db.schema.createIndex('user_tasks_assignee').on('user_tasks').columns(['assignee', 'status', 'due_at']).execute();
  await db.schema.createIndex('user_tasks_status_due').on('user_tasks').columns(['status', 'due_at']).execute();
  await db.schema.alterTable('user_tasks').dropColumn('overdue_notified').execute();
}
