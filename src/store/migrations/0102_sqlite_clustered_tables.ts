/**
 * SQLite only: the engine's small, hot tables stored by their primary key.
 *
 * A SQLite table with a text primary key is two B-trees: the rows by a hidden rowid,
 * and the key in an index beside them. Every command writes element instances and
 * task candidates, and each B-tree it touches is another page written at commit. As
 * WITHOUT ROWID tables the rows live in the key's B-tree itself — and with keys that
 * start with the instance id, an instance's rows sit together on one page. The history
 * loses AUTOINCREMENT, whose bookkeeping table was one more page per command (its ids
 * stay unique and rising: rows are never deleted).
 *
 * PostgreSQL stores tables differently (a heap and its indexes); nothing changes there.
 * Frozen in time: it never imports today's schema types.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/** Tables with small rows and a primary key, rebuilt WITHOUT ROWID. */
const CLUSTERED = ['instances', 'element_instances', 'user_task_candidates', 'message_subscriptions', 'timers'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = /postgres/i.test(db.getExecutor().adapter.constructor.name ?? '');
  if (postgres) return;
  for (const table of CLUSTERED) await rebuild(db, table, (create) => `${create} without rowid`);
  await rebuild(db, 'history', (create) => create.replace(/\bautoincrement\b/i, ''));
}

/**
 * SQLite's way to change how a table is stored: create the new table, copy the rows,
 * drop the old one, rename, and create its indexes again.
 */
async function rebuild(db: Kysely<any>, table: string, change: (createSql: string) => string): Promise<void> {
  const { rows } = await sql<{ type: string; sql: string | null }>`select type, sql from sqlite_master where tbl_name = ${table} and type in ('table', 'index')`.execute(db);
  const create = rows.find((r) => r.type === 'table')?.sql;
  if (!create) throw new Error(`table ${table} not found`);
  const indexes = rows.filter((r) => r.type === 'index' && r.sql).map((r) => r.sql!);
  const fresh = `${table}__rebuilt`;
  const renamed = change(create.replace(/^create table\s+("?)(\w+)\1/i, `create table "${fresh}"`));
  if (renamed === create) throw new Error(`could not rewrite the definition of ${table}`);
  await sql.raw(renamed).execute(db);
  await sql.raw(`insert into "${fresh}" select * from "${table}"`).execute(db);
  await sql.raw(`drop table "${table}"`).execute(db);
  await sql.raw(`alter table "${fresh}" rename to "${table}"`).execute(db);
  for (const index of indexes) await sql.raw(index).execute(db);
}
