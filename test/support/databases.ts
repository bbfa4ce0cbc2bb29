/**
 * The databases every store and runtime test runs on (see kysely's DIALECTS loop):
 * an in-memory SQLite, and a fresh schema in the PostgreSQL test database
 * (POTOK_TEST_PG, default postgres://postgres@127.0.0.1:5432/potok_test).
 * Each `open()` gives an isolated, empty database.
 */
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { openDatabase, type PotokDatabase } from '../../src/store/database.ts';

export const TEST_PG_URL = process.env.POTOK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/potok_test';

export interface TestDatabase {
  readonly name: 'sqlite' | 'postgres';
  open(): Promise<PotokDatabase>;
}

let ensured: Promise<void> | undefined;

/** Creates the test database when it is missing, so `npm test` works on a fresh machine. */
function ensureTestDatabase(): Promise<void> {
  ensured ??= (async () => {
    const url = new URL(TEST_PG_URL);
    const name = decodeURIComponent(url.pathname.slice(1));
    url.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    try {
      const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch(() => {});
    } finally {
      await admin.end();
    }
  })();
  return ensured;
}

/** The test run's schema prefix (dropped at its end); benchmarks outside vitest use `b_`. */
function schemaPrefix(): string {
  try {
    return inject('pgSchemaPrefix') ?? 't_';
  } catch {
    return 'b_';
  }
}

/** A PostgreSQL URL whose connections use a fresh schema of their own. */
export async function freshPostgresUrl(): Promise<string> {
  await ensureTestDatabase();
  const schema = `${schemaPrefix()}${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  const url = new URL(TEST_PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

export function testDatabases(): TestDatabase[] {
  return [
    { name: 'sqlite', open: async () => openDatabase({ sqliteFile: ':memory:' }) },
    { name: 'postgres', open: async () => openDatabase({ url: await freshPostgresUrl() }) },
  ];
}
