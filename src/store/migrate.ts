/**
 * Applies the numbered migrations (./migrations/index.ts) with Kysely's migrator, which
 * holds a lock while it runs (an advisory lock on PostgreSQL), so several Potok
 * processes starting at once apply each migration exactly once.
 */
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
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
export async function migrateToLatest(database: PotokDatabase): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: new StaticMigrationProvider(),
    migrationTableSchema: await currentSchema(database),
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely's migrator introspects every schema of the database; another schema dropped at
  // that moment (tests, benchmarks sharing one PostgreSQL database) fails the look-up.
  for (let retry = 0; error && retry < 3 && /schema "[^"]+" does not exist/.test(String((error as Error).message)); retry++) {
    ({ error, results } = await migrator.migrateToLatest());
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
