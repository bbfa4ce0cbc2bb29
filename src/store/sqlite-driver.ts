/**
 * Kysely's SQLite dialect, adapted to how Potok uses better-sqlite3:
 *
 * - write transactions start with BEGIN IMMEDIATE (a deferred BEGIN lets serve and worker
 *   both start reading and then fail to upgrade with SQLITE_BUSY; IMMEDIATE waits on
 *   busy_timeout instead);
 * - prepared statements are kept by SQL text (preparing costs more than running a small
 *   statement, and a command runs the same few dozen statements every time);
 * - inside a transaction the command path may run a statement on the connection directly
 *   (`directStatements`), skipping Kysely's per-query machinery: the transaction holds the
 *   only connection, so nothing else can run between its statements.
 */
import type Database from 'better-sqlite3';
import { CompiledQuery, SqliteAdapter, SqliteDialect, SqliteDriver, type DatabaseConnection, type DialectAdapter, type Driver, type Kysely } from 'kysely';

/** What the dialect and `runDirect` use of a prepared statement. */
export interface PreparedStatement {
  readonly reader: boolean;
  readonly busy: boolean;
  all(params: readonly unknown[]): any[];
  run(params: readonly unknown[]): Database.RunResult;
  iterate(params: readonly unknown[]): IterableIterator<any>;
}

/**
 * A reading statement whose rows are built by a function made for its columns.
 * better-sqlite3 builds each row object property by property, which costs more than
 * reading the row: for a 50-row page of 24 columns about 0.3 ms of 0.5. In raw mode it
 * returns arrays, and an object literal with the statement's column names (one fixed
 * shape for V8) turns each into the same object better-sqlite3 would have made: the
 * same keys in the same order, a later column of the same name winning.
 */
function shapedRows(stmt: Database.Statement): PreparedStatement {
  if (!stmt.reader) return stmt as unknown as PreparedStatement;
  const names = stmt.columns().map((c) => c.name);
  // `__proto__` in a literal would set the prototype: such a statement keeps better-sqlite3's own rows.
  if (names.includes('__proto__')) return stmt as unknown as PreparedStatement;
  stmt.raw(true);
  const shape = new Function('r', `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`) as (r: unknown[]) => any;
  return {
    reader: true,
    get busy() {
      return stmt.busy;
    },
    all(params) {
      const rows = stmt.all(params as unknown[]) as unknown[][];
      for (let i = 0; i < rows.length; i++) rows[i] = shape(rows[i]!);
      return rows;
    },
    run: (params) => stmt.run(params as unknown[]),
    *iterate(params) {
      for (const row of stmt.iterate(params as unknown[])) yield shape(row as unknown[]);
    },
  };
}

export interface StatementCache {
  prepare(sql: string): PreparedStatement;
  close(): void;
  /** Whether the connection is inside a transaction (SQLite ends one by itself on some errors). */
  readonly inTransaction: boolean;
}

/**
 * A statement is only reused after its previous run finished, which holds because
 * better-sqlite3 runs synchronously and Kysely reads results eagerly, except for
 * `stream()`, which gets a fresh statement (`busy`).
 */
export function cachingStatements(sqlite: Database.Database, limit = 1000): StatementCache {
  const cache = new Map<string, PreparedStatement>();
  return {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        if (!stmt.busy) return stmt;
        return shapedRows(sqlite.prepare(sql));
      }
      stmt = shapedRows(sqlite.prepare(sql));
      if (cache.size >= limit) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
      return stmt;
    },
    close: () => sqlite.close(),
    get inTransaction() {
      return sqlite.inTransaction;
    },
  };
}

/** The adapter of Potok's SQLite databases; it carries the statement cache for `directStatements`. */
export class PotokSqliteAdapter extends SqliteAdapter {
  constructor(readonly statements: StatementCache) {
    super();
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #statements: StatementCache;
  constructor(statements: StatementCache) {
    super({ database: statements });
    this.#statements = statements;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * A full disk (SQLITE_FULL) or an I/O error can make SQLite roll the transaction back
   * by itself; a ROLLBACK then would fail and hide the error that caused it.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.#statements.inTransaction) return;
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
}

export class PotokSqliteDialect extends SqliteDialect {
  readonly #statements: StatementCache;
  constructor(statements: StatementCache) {
    super({ database: statements });
    this.#statements = statements;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#statements);
  }
  override createAdapter(): DialectAdapter {
    return new PotokSqliteAdapter(this.#statements);
  }
}

export interface DirectResult {
  readonly rows: any[];
  readonly numAffectedRows?: bigint;
}

/**
 * Runs `text` at once on the SQLite connection when `db` is a transaction of a Potok
 * SQLite database; null otherwise (the caller then goes through Kysely).
 */
export function runDirect(db: Kysely<any>, text: string, params: readonly unknown[]): DirectResult | null {
  if (!db.isTransaction) return null;
  const adapter = db.getExecutor().adapter;
  if (!(adapter instanceof PotokSqliteAdapter)) return null;
  const stmt = adapter.statements.prepare(text);
  if (stmt.reader) return { rows: stmt.all(params as unknown[]) };
  return { rows: [], numAffectedRows: BigInt(stmt.run(params as unknown[]).changes) };
}
