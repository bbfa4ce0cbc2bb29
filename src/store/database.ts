/**
 * Opens Potok's database: SQLite (better-sqlite3, a file under the data directory, WAL)
 * by default, PostgreSQL (`pg`) when a `postgres://` URL is given. Everything that
 * differs between the two lives here and in `dialect.ts`, not in repositories.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Kysely, sql } from 'kysely';
import { capabilitiesFor, type DialectCapabilities } from './dialect.ts';
import { cachingStatements, PotokSqliteDialect } from './sqlite-driver.ts';
import { PotokPostgresDialect } from './postgres-driver.ts';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer } from './sqlite-checkpointer.ts';

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
  /** SQLite file: checkpoint the WAL from a background thread (default true). */
  readonly backgroundCheckpoints?: boolean;
}

export interface PotokDatabase {
  readonly db: Kysely<any>;
  readonly caps: DialectCapabilities;
  /** A human description without secrets, e.g. "sqlite:data/potok.db" or "postgres://host:5432/db". */
  readonly description: string;
  /** How many write transactions may run at once: 1 on SQLite (its single writer), a share of the pool on PostgreSQL. */
  readonly writeLanes: number;
  close(): Promise<void>;
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
  const inMemory = file === ':memory:' || file === '';
  // A file database is checkpointed from a thread (sqlite-checkpointer.ts); commits only checkpoint as a fallback.
  const checkpointer = inMemory || config.backgroundCheckpoints === false ? null : startCheckpointer(file);
  if (checkpointer) sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  const db = new Kysely<any>({ dialect: new PotokSqliteDialect(cachingStatements(sqlite)) });
  return {
    db,
    caps: capabilitiesFor('sqlite'),
    description: `sqlite:${file}`,
    writeLanes: 1,
    async close() {
      await checkpointer?.stop();
      await db.destroy();
    },
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
  const db = new Kysely<any>({ dialect: new PotokPostgresDialect(pool) });
  return {
    db,
    caps: capabilitiesFor('postgres'),
    description: redactUrl(url),
    // Leave connections for reads, claims and sweeps while commands commit.
    writeLanes: Math.max(1, poolSize - 2),
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
