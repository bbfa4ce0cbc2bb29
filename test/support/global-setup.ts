/**
 * Gives this test run its own prefix for PostgreSQL test schemas and drops them all at
 * the end, so the test database does not fill up with schemas from earlier runs (which
 * makes every later migration slower) and concurrent runs never touch each other's.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

const TEST_PG_URL = process.env.POTOK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/potok_test';

declare module 'vitest' {
  export interface ProvidedContext {
    pgSchemaPrefix: string;
  }
}

export default function setup(project: TestProject) {
  const prefix = `t_${randomBytes(4).toString('hex')}_`;
  project.provide('pgSchemaPrefix', prefix);
  return async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    try {
      await client.connect();
      const { rows } = await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)', [prefix]);
      for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`).catch(() => {});
    } catch {
      // No PostgreSQL reachable: nothing was created either.
    } finally {
      await client.end().catch(() => {});
    }
  };
}
