/**
 * "My tasks" and a group's unclaimed tasks read one page straight from an index.
 *
 * The lists are ordered overdue first: tasks with a due time by due time, then those
 * without, then by creation and id. user_tasks_open_assignee (0101) held (assignee,
 * due_at, created_at), so the database fetched every open task of the person from the
 * table and sorted them to return the first page — a few hundred rows for a busy rep.
 * This index holds the order itself, the "has no due time" flag included, so a page is
 * its first rows; both databases index the expression and use it for the ORDER BY.
 *
 * Frozen in time: it never imports today's schema types.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index user_tasks_open_assignee`.execute(db);
  await sql`create index user_tasks_open_assignee on user_tasks (assignee, (case when due_at is null then 1 else 0 end), due_at, created_at, id) where status = 'open'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index user_tasks_open_assignee`.execute(db);
  await sql`create index user_tasks_open_assignee on user_tasks (assignee, due_at, created_at) where status = 'open'`.execute(db);
}
