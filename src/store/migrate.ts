/**
 * Applies the numbered migrations (./migrations/index.ts) with Kysely's migrator, which
 * holds a lock while it runs (an advisory lock on PostgreSQL), so several Potok
 * processes starting at once apply each migration exactly once.
 */
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
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
  const migrator = new Migrator({ db: database.db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(`migration ${failed?.migrationName ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
