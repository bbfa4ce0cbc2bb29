/**
 * `potok migrate`: brings the database schema up to date (SQLite in the data directory,
 * or PostgreSQL with --database-url / DATABASE_URL). Safe to run while other Potok
 * processes start: migrations run under a lock and each applies once.
 */
import type { Command } from 'commander';
import { checkConnection, DatabaseConfigError, openDatabase, type PotokDatabase } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { BadInputError, EXIT_FAILURE, EXIT_OK } from '../main.ts';
import type { SetExitCode } from './index.ts';

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir?: string;
}

export function addDatabaseOptions(command: Command): Command {
  return command
    .option('--database-url <url>', 'postgres://… (env DATABASE_URL; default: SQLite in the data directory)')
    .option('--data-dir <dir>', 'data directory for the SQLite file (env POTOK_DATA_DIR; default ./data)');
}

/** Opens the configured database; a malformed URL is bad input (exit 2). */
export function openConfiguredDatabase(options: DatabaseOptions): PotokDatabase {
  try {
    return openDatabase({ url: options.databaseUrl ?? process.env.DATABASE_URL, dataDir: options.dataDir ?? process.env.POTOK_DATA_DIR ?? './data' });
  } catch (err) {
    if (err instanceof DatabaseConfigError) throw new BadInputError(err.message);
    throw err;
  }
}

/** Opens, checks and migrates the database; failures print one clear line and give exit code 1. */
export async function openMigratedDatabase(options: DatabaseOptions): Promise<PotokDatabase | null> {
  const database = openConfiguredDatabase(options);
  try {
    await checkConnection(database);
    await migrateToLatest(database);
    return database;
  } catch (err) {
    await database.close().catch(() => {});
    process.stderr.write(`potok: ${(err as Error).message}\n`);
    return null;
  }
}

export function registerMigrateCommand(program: Command, setExitCode: SetExitCode): void {
  addDatabaseOptions(program.command('migrate').description('create or update the database schema')).action(async (options: DatabaseOptions) => {
    const database = openConfiguredDatabase(options);
    try {
      await checkConnection(database);
      const applied = await migrateToLatest(database);
      process.stdout.write(applied.length ? `applied ${applied.length} migration(s) to ${database.description}: ${applied.join(', ')}\n` : `${database.description} is up to date\n`);
      setExitCode(EXIT_OK);
    } catch (err) {
      process.stderr.write(`potok: ${(err as Error).message}\n`);
      setExitCode(EXIT_FAILURE);
    } finally {
      await database.close().catch(() => {});
    }
  });
}
