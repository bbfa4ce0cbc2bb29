/**
 * Pre-written SQL for the command path. Building a query with Kysely's builder and
 * compiling it costs more CPU than SQLite takes to run it; the few statements every
 * command runs are therefore plain SQL text (written with `?`, numbered `$n` once for
 * PostgreSQL) executed through the same Kysely connection/transaction.
 */
import { CompiledQuery, PostgresAdapter, type Kysely, type QueryResult } from 'kysely';
import type { DialectKind } from './dialect.ts';
import { runDirect } from './sqlite-driver.ts';
import { deferredQuery } from './postgres-driver.ts';

type Db = Kysely<any>;

const numbered = new Map<string, string>();

/** SQLite or PostgreSQL, from the Kysely instance (or transaction) the repository got. */
export function dialectOf(db: Db): DialectKind {
  return (db as any).getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the SQL here never has `?` inside a literal). */
function forDialect(text: string, dialect: DialectKind): string {
  if (dialect === 'sqlite') return text;
  let out = numbered.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    if (numbered.size > 500) numbered.clear();
    numbered.set(text, out);
  }
  return out;
}

export function runSql<R = any>(db: Db, text: string, params: readonly unknown[]): Promise<QueryResult<R>> {
  const direct = runDirect(db, text, params);
  if (direct) return Promise.resolve(direct as QueryResult<R>);
  return db.executeQuery<R>(CompiledQuery.raw(forDialect(text, dialectOf(db)), params as unknown[]));
}

/**
 * A write whose affected-row count the caller may do without: the count, or null when
 * the write was deferred (a PostgreSQL transaction sends it with its next statement,
 * postgres-driver.ts).
 */
export async function writeSql(db: Db, text: string, params: readonly unknown[]): Promise<number | null> {
  const direct = runDirect(db, text, params);
  if (direct) return Number(direct.numAffectedRows ?? 0);
  const dialect = dialectOf(db);
  if (dialect === 'postgres' && db.isTransaction) {
    await db.executeQuery(deferredQuery(forDialect(text, dialect), params));
    return null;
  }
  const result = await db.executeQuery(CompiledQuery.raw(forDialect(text, dialect), params as unknown[]));
  return Number(result.numAffectedRows ?? 0);
}

const insertTexts = new Map<string, string>();

/** `insert into table (cols) values (?, …), (?, …)` for `rows` rows, chunked under SQLite's parameter limit. */
export async function insertRows(db: Db, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  const size = Math.max(1, Math.floor(900 / columns.length));
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    const key = `${table}|${columns.join(',')}|${chunk.length}`;
    let text = insertTexts.get(key);
    if (text === undefined) {
      const one = `(${columns.map(() => '?').join(', ')})`;
      text = `insert into ${table} (${columns.join(', ')}) values ${Array.from({ length: chunk.length }, () => one).join(', ')}`;
      if (insertTexts.size > 500) insertTexts.clear();
      insertTexts.set(key, text);
    }
    await writeSql(db, text, chunk.flat());
  }
}

/** `?, ?, …` for an IN list. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
