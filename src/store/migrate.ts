/**
 * Applies the numbered migrations (./migrations/index.ts) with Kysely's migrator, which
 * holds a lock while it runs (an advisory lock on PostgreSQL), so several Potok
 * processes starting at once apply each migration exactly once.
 */
import { Migrator, sql, type DatabaseIntrospector, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { PotokDatabase } from './database.ts';
import { migrations } from './migrations/index.ts';

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Brings the schema up to date; returns the names of the migrations applied now. */
export function migrateToLatest(database: PotokDatabase): Promise<string[]> {
  return migrate(database, (migrator) => migrator.migrateToLatest());
}

/** Applies (or reverts) migrations up to and including `name`: a database as an older Potok left it (tests of a migration). */
export function migrateTo(database: PotokDatabase, name: string): Promise<string[]> {
  return migrate(database, (migrator) => migrator.migrateTo(name));
}

async function migrate(database: PotokDatabase, run: (migrator: Migrator) => Promise<MigrationResultSet>): Promise<string[]> {
  const migrator = new Migrator({
    db: database.caps.kind === 'postgres' ? withSchemaScopedIntrospection(database.db) : database.db,
    provider: new StaticMigrationProvider(),
    migrationTableSchema: await currentSchema(database),
  });
  let { error, results } = await run(migrator);
  // Kysely's migrator introspects every schema of the database; another schema dropped at
  // that moment (tests, benchmarks sharing one PostgreSQL database) fails the look-up.
  for (let retry = 0; error && retry < 3 && /schema "[^"]+" does not exist/.test(String((error as Error).message)); retry++) {
    ({ error, results } = await run(migrator));
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(`migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Kysely's migrator looks for its tables in every schema unless told which one; with
 * several Potok databases as schemas of one PostgreSQL database (tests, tenants) it
 * would find another schema's lock table. Pin it to the schema of our search_path.
 */
async function currentSchema(database: PotokDatabase): Promise<string | undefined> {
  if (database.caps.kind !== 'postgres') return undefined;
  const result = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
  return result.rows[0]?.schema ?? undefined;
}

/**
 * The migrator asks "does my table exist?" through Kysely's introspector, which reads
 * every table and column of every schema — slow when the database holds many schemas
 * (tenants, test runs). This introspector answers from the current schema only, which
 * is all the migrator needs (names and schemas).
 */
function withSchemaScopedIntrospection(db: Kysely<any>): Kysely<any> {
  const getTables = async () => {
    const r = await sql<{ name: string; schema: string; is_view: boolean }>`
      select c.relname as name, n.nspname as schema, c.relkind = 'v' as is_view
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'v', 'p')`.execute(db);
    return r.rows.map((row) => ({ name: row.name, schema: row.schema, isView: row.is_view, columns: [] }));
  };
  const introspector = {
    getTables,
    async getSchemas() {
      const r = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(db);
      return r.rows.map((row) => ({ name: row.name }));
    },
    async getMetadata() {
      return { tables: await getTables() };
    },
  } as unknown as DatabaseIntrospector;
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'introspection') return introspector;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
