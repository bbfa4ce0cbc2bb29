/**
 * `potok worker`: runs only the timer scheduler and the job workers (no HTTP), so that a
 * company can run several of them on one PostgreSQL beside `potok serve`.
 *
 *   potok worker [--database-url URL] [--data-dir DIR] [--concurrency N] [--handlers MODULE…]
 *
 * Stops gracefully on SIGTERM / SIGINT: claims nothing more, lets running jobs finish
 * (up to --grace-ms), gives back the rest, exits 0. A database that stays unreachable for
 * longer than a minute ends the process with exit code 1 and the reason on stderr.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import pino from 'pino';
import { DatabaseConfigError, openDatabase, type PotokDatabase } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { assemble } from '../../http/potok-server.ts';
import { workdayFromEnv, WorkdayConfigError } from '../../crm/admin/company-settings.service.ts';
import { startBackground } from '../../runtime/jobs/background.ts';
import { loadHandlerModule, registerBuiltinJobHandlers } from '../../runtime/jobs/builtin-handlers.ts';
import { BadInputError, EXIT_FAILURE, EXIT_OK } from '../main.ts';
import type { SetExitCode } from './index.ts';

interface WorkerOptions {
  databaseUrl?: string;
  dataDir?: string;
  concurrency?: string;
  handlers?: string[];
  pollMs?: string;
  graceMs?: string;
  outageLimitMs?: string;
  leaseMs?: string;
}

export function registerWorkerCommand(program: Command, setExitCode: SetExitCode): void {
  program
    .command('worker')
    .description('run the timer scheduler and job workers only (several may share one PostgreSQL)')
    .option('--database-url <url>', 'postgres://… (env DATABASE_URL; default: SQLite in the data directory)')
    .option('--data-dir <dir>', 'data directory for the SQLite file (env POTOK_DATA_DIR; default ./data)')
    .option('--concurrency <n>', 'jobs run at the same time (env POTOK_WORKER_CONCURRENCY; default 4)')
    .option('--handlers <module...>', 'extra job handler modules to load (env POTOK_HANDLERS, comma-separated)')
    .option('--poll-ms <ms>', 'longest pause between looks at the database (default 1000)')
    .option('--grace-ms <ms>', 'on SIGTERM, how long running jobs may finish (default 10000)')
    .option('--lease-ms <ms>', 'how long a claimed job or timer is held without renewal; a killed worker\'s work is taken over after it (default 60000)')
    .option('--outage-limit-ms <ms>', 'how long the database may be unreachable before exiting (env POTOK_DB_OUTAGE_LIMIT_MS; default 60000)')
    .action(async (options: WorkerOptions) => {
      setExitCode(await runWorker(options));
    });
}

function positive(value: string | undefined, what: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new BadInputError(`${what} must be a positive whole number, got "${value}"`);
  return Number(value);
}

async function runWorker(options: WorkerOptions): Promise<number> {
  const env = process.env;
  const concurrency = positive(options.concurrency ?? env.POTOK_WORKER_CONCURRENCY, '--concurrency', 4);
  const pollMs = positive(options.pollMs, '--poll-ms', 1_000);
  const graceMs = positive(options.graceMs, '--grace-ms', 10_000);
  const leaseMs = positive(options.leaseMs ?? env.POTOK_LEASE_MS, '--lease-ms', 60_000);
  const outageLimitMs = positive(options.outageLimitMs ?? env.POTOK_DB_OUTAGE_LIMIT_MS, '--outage-limit-ms', 60_000);
  let workday;
  try {
    workday = workdayFromEnv(env);
  } catch (err) {
    if (err instanceof WorkdayConfigError) throw new BadInputError(err.message);
    throw err;
  }
  const logger = pino({ name: 'potok-worker', level: env.POTOK_LOG_LEVEL ?? 'info' });

  let database: PotokDatabase;
  try {
    database = openDatabase({ url: options.databaseUrl ?? env.DATABASE_URL, dataDir: options.dataDir ?? env.POTOK_DATA_DIR ?? './data' });
  } catch (err) {
    if (err instanceof DatabaseConfigError) throw new BadInputError(err.message);
    throw err;
  }

  try {
    await migrateWhenReachable(database, outageLimitMs, logger);
  } catch (err) {
    await database.close().catch(() => {});
    process.stderr.write(`potok: the database ${database.description} cannot be used: ${(err as Error).message}\n`);
    return EXIT_FAILURE;
  }

  // The same runtime as `potok serve` — calendar, CRM effect listener, the CRM's and the
  // connectors' job handlers — so that a timer or job run here updates deals exactly as
  // it would there. The HTTP app is built but never listens.
  const zone = env.POTOK_TZ ?? 'Europe/Moscow';
  const potok = await assemble({ database, dataDir: options.dataDir ?? env.POTOK_DATA_DIR ?? './data', zone, workday, logger: false });
  const handlers = potok.handlers;
  await registerBuiltinJobHandlers(handlers);
  const modules = [...(options.handlers ?? []), ...(env.POTOK_HANDLERS ? env.POTOK_HANDLERS.split(',').filter(Boolean) : [])];
  for (const m of modules) {
    try {
      await loadHandlerModule(pathToFileURL(path.resolve(m)).href, handlers);
    } catch (err) {
      await database.close().catch(() => {});
      throw new BadInputError(`cannot load the job handler module ${m}: ${(err as Error).message}`);
    }
  }

  const runtime = potok.runtime;
  const background = startBackground({ database, executor: runtime.executor, clock: runtime.clock, handlers, logger, concurrency, pollMs, outageLimitMs, leaseMs });
  logger.info({ database: database.description, concurrency, types: handlers.types() }, 'potok worker started');

  const signal = new Promise<'signal'>((resolve) => {
    process.once('SIGTERM', () => resolve('signal'));
    process.once('SIGINT', () => resolve('signal'));
  });
  const outcome = await Promise.race([signal, background.failed.catch((err: Error) => err)]);
  if (outcome === 'signal') {
    logger.info({}, 'stopping: finishing running jobs');
    await background.stop(graceMs);
    await database.close().catch(() => {});
    return EXIT_OK;
  }
  process.stderr.write(`potok: worker stopped: ${outcome.message}\n`);
  await Promise.race([background.stop(0), new Promise((r) => setTimeout(r, 2_000))]);
  await Promise.race([database.close().catch(() => {}), new Promise((r) => setTimeout(r, 2_000))]);
  // A pool stuck on a dead server must not keep the process alive after it gave up.
  setTimeout(() => process.exit(EXIT_FAILURE), 3_000).unref();
  return EXIT_FAILURE;
}

/** PostgreSQL's answers for a database that does not exist and for refused credentials. */
const MISCONFIGURED = new Set(['3D000', '28P01', '28000']);

/** Applies migrations, waiting for a database that is not reachable yet (a container starting) up to the outage limit. */
async function migrateWhenReachable(database: PotokDatabase, limitMs: number, logger: pino.Logger): Promise<void> {
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateToLatest(database);
      return;
    } catch (err) {
      // A wrong database name or password does not get better by waiting: fail at once, as serve does.
      if (MISCONFIGURED.has(String((err as { code?: unknown }).code ?? ''))) throw err;
      if (performance.now() - started + 1_000 > limitMs) throw err;
      logger.warn({ err: (err as Error).message, attempt }, 'database not reachable yet; retrying');
      await new Promise((r) => setTimeout(r, Math.min(500 * 2 ** (attempt - 1), 5_000)));
    }
  }
}
