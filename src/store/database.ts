/**
 * Opens Potok's database: SQLite (better-sqlite3, a file under the data directory, WAL)
 * by default, PostgreSQL (`pg`) when a `postgres://` URL is given. Everything that
 * differs between the two lives here and in `dialect.ts`, not in repositories.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { CompiledQuery, Kysely, sql, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection } from 'kysely';
import { capabilitiesFor, type DialectCapabilities } from './dialect.ts';

export interface DatabaseConfig {
  /** `postgres://…` for PostgreSQL; absent for SQLite in `dataDir`. */
  readonly url?: string;
  /** Where the SQLite file lives (default ./data). */
  readonly dataDir?: string;
  /** `:memory:` for an in-memory SQLite (simulation, tests). */
  readonly sqliteFile?: string;
  /** PostgreSQL pool size (default 10). */
  readonly poolSize?: number;
  /** SQLite: how long a writer waits for another process's write lock (default 10 s). */
  readonly busyTimeoutMs?: number;
}

export interface PotokDatabase {
  readonly db: Kysely<any>;
  readonly caps: DialectCapabilities;
  /** A human description without secrets, e.g. "sqlite:data/potok.db" or "postgres://host:5432/db". */
  readonly description: string;
  close(): Promise<void>;
}

/**
 * SQLite's deferred BEGIN lets two processes (serve + worker) both start a read and then
 * fail to upgrade to a write with SQLITE_BUSY; BEGIN IMMEDIATE takes the write lock up
 * front and waits on busy_timeout instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

export function openDatabase(config: DatabaseConfig = {}): PotokDatabase {
  if (config.url && !isPostgresUrl(config.url)) {
    throw new DatabaseConfigError(`DATABASE_URL must start with postgres:// (got "${redactUrl(config.url)}"); leave it unset for SQLite`);
  }
  return isPostgresUrl(config.url) ? openPostgres(config.url, config.poolSize ?? 10) : openSqlite(config);
}

export class DatabaseConfigError extends Error {
  override name = 'DatabaseConfigError';
}

function openSqlite(config: DatabaseConfig): PotokDatabase {
  let file = config.sqliteFile;
  if (!file) {
    const dir = config.dataDir ?? './data';
    mkdirSync(dir, { recursive: true });
    file = path.join(dir, 'potok.db');
  }
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(config.busyTimeoutMs ?? 10_000))}`);
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<any>({ dialect: new ImmediateSqliteDialect({ database: cachingStatements(sqlite) }) });
  return {
    db,
    caps: capabilitiesFor('sqlite'),
    description: `sqlite:${file}`,
    close: () => db.destroy(),
  };
}

/**
 * Kysely prepares every query anew; preparing costs more than running a small statement,
 * and a command runs the same few dozen statements every time. Prepared statements are
 * kept by SQL text (bounded; a statement is only reused after its previous run finished,
 * which holds because better-sqlite3 runs synchronously and Kysely reads results eagerly,
 * except for `stream()`, which gets a fresh statement).
 */
function cachingStatements(sqlite: Database.Database): { prepare(sql: string): Database.Statement; close(): void } {
  const cache = new Map<string, Database.Statement>();
  const LIMIT = 1000;
  return {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        if (!stmt.busy) return stmt;
        return sqlite.prepare(sql);
      }
      stmt = sqlite.prepare(sql);
      if (cache.size >= LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
      return stmt;
    },
    close: () => sqlite.close(),
  };
}

function openPostgres(url: string, poolSize: number): PotokDatabase {
  // One representation for ids, counts and instants: JS numbers. int8 (20) and
  // numeric (1700) come back as strings from pg by default.
  const types = {
    getTypeParser(oid: number, format?: any) {
      if (oid === 20 || oid === 1700) return (v: string) => (v === null ? null : Number(v));
      // json (114) and jsonb (3802) stay text, so that reading a JSON column is the same
      // JSON.parse on both databases (src/store/json.ts).
      if (oid === 114 || oid === 3802) return (v: string) => v;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: types as any,
    // A database that is down fails a command within seconds instead of hanging it.
    connectionTimeoutMillis: 5_000,
    // A command waiting this long for another's instance lock gives up with CONFLICT.
    lock_timeout: 10_000,
  });
  // An idle client losing its connection (database restarted) must not crash the process.
  pool.on('error', () => {});
  // A client checked out by a transaction that loses its connection emits 'error' too;
  // unhandled, that would crash the process. Its pending query still fails (and the
  // command reports DATABASE_UNAVAILABLE); the pool then drops the broken client.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    caps: capabilitiesFor('postgres'),
    description: redactUrl(url),
    close: () => db.destroy(),
  };
}

/** The URL without its password, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/**
 * Checks that the database answers, for start-up and /health: a bad URL, a server that is
 * down or a file that cannot be opened becomes one clear message (without the password).
 */
export async function checkConnection(database: PotokDatabase): Promise<void> {
  try {
    await sql`select 1`.execute(database.db);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    const reason = [e.code, e.message].filter(Boolean).join(': ') || String(err);
    throw new DatabaseUnavailableError(`cannot reach the database ${database.description}: ${reason}`, { cause: err });
  }
}
