/**
 * `potok serve`: one process with everything — migrations, the shipped models deployed,
 * the HTTP API (and the built web UI), the timer scheduler and the job workers.
 *
 *   potok serve [--port 3000] [--host 127.0.0.1] [--data-dir ./data] [--database-url URL] [--demo] [--processes N]
 *
 * Environment: POTOK_PORT, POTOK_HOST, POTOK_DATA_DIR, DATABASE_URL, POTOK_TZ,
 * POTOK_WORKDAY_START, POTOK_WORKDAY_END, POTOK_PROCESSES,
 * POTOK_UPLOAD_MAX_MB, POTOK_UPLOAD_TYPES, POTOK_SECURE_COOKIES, POTOK_LOG_LEVEL.
 * Without users (and without --demo) the log shows a one-time setup token.
 *
 * With --processes N (N > 1) this process only prepares — migrations, shipped models,
 * demo data or the setup token — and then runs N copies of itself (node:cluster) that
 * share the port, each with the API, the scheduler and the workers, exactly as N nodes on
 * one database would. One of them stopping (e.g. the database gone for longer than the
 * outage limit) stops them all and the command exits non-zero with the reason.
 */
import cluster from 'node:cluster';
import type { Command } from 'commander';
import pino from 'pino';
import { ConfigError, loadConfig, type ServeFlags, type ServerConfig } from '../../http/config.ts';
import { assemble, deployShippedModels, type Potok } from '../../http/potok-server.ts';
import { seedDemo } from '../../http/demo-seed.ts';
import { OffsetClock, testClockEnabled, testClockRoutes } from '../../http/test-clock.ts';
import { DatabaseConfigError, openDatabase, type PotokDatabase } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { startBackground } from '../../runtime/jobs/background.ts';
import { registerBuiltinJobHandlers } from '../../runtime/jobs/builtin-handlers.ts';
import { DEFAULT_UPLOAD_POLICY } from '../../crm/documents/document.service.ts';
import { notifyOverdueTasks } from '../../crm/tasks/overdue-sweeper.ts';
import { BadInputError, EXIT_FAILURE, EXIT_OK } from '../main.ts';
import type { SetExitCode } from './index.ts';

export function registerServeCommand(program: Command, setExitCode: SetExitCode): void {
  program
    .command('serve')
    .description('run the web API, the UI, the timer scheduler and the job workers in one process')
    .option('--port <port>', 'port to listen on (env POTOK_PORT; default 3000)')
    .option('--host <host>', 'address to listen on (env POTOK_HOST; default 127.0.0.1)')
    .option('--data-dir <dir>', 'SQLite file and uploaded files (env POTOK_DATA_DIR; default ./data)')
    .option('--database-url <url>', 'postgres://… (env DATABASE_URL; default: SQLite in the data directory)')
    .option('--demo', 'seed demo users (password "demo") and deals; every page says it is a demo')
    .option('--outage-limit-ms <ms>', 'how long the database may be unreachable before exiting (env POTOK_DB_OUTAGE_LIMIT_MS; default 60000)')
    .option('--processes <n>', 'serving processes sharing the port, to use more CPU cores (env POTOK_PROCESSES; default 1)')
    .action(async (flags: ServeFlags) => {
      setExitCode(await serve(flags));
    });
}

async function serve(flags: ServeFlags): Promise<number> {
  let config: ServerConfig;
  try {
    config = loadConfig(flags);
    let testClock: boolean;
    try {
      testClock = testClockEnabled();
    } catch (err) {
      throw new ConfigError((err as Error).message); // NODE_ENV=production: refused before anything starts
    }
    if (config.processes > 1 && testClock) throw new ConfigError('POTOK_TEST_CLOCK works with one process only: leave --processes / POTOK_PROCESSES at 1');
  } catch (err) {
    if (err instanceof ConfigError) throw new BadInputError(err.message);
    throw err;
  }
  const logger = pino({ name: 'potok', level: process.env.POTOK_LOG_LEVEL ?? 'info', redact: ['req.headers.cookie', 'req.headers["x-potok-csrf"]'] });
  if (config.processes > 1 && cluster.isPrimary) return servePrimary(config, logger);
  if (!cluster.isWorker) return serveHere(config, logger);
  // A serving process of --processes N: the primary has migrated, deployed and issued the
  // setup token already. Its IPC channel would keep it alive after serving ends: exit.
  process.exit(await serveHere(config, logger, { prepared: true }));
}

async function serveHere(config: ServerConfig, logger: pino.Logger, { prepared = false } = {}): Promise<number> {
  const database = await openMigrated(config, logger);
  if (typeof database === 'number') return database;
  const { potok, testClock } = await assembleFor(config, database, logger);
  if (!prepared) await prepareInstallation(potok, config, logger);

  await registerBuiltinJobHandlers(potok.handlers);
  const background = startBackground({ database, executor: potok.runtime.executor, clock: potok.runtime.clock, handlers: potok.handlers, logger, outageLimitMs: config.outageLimitMs });
  try {
    await potok.app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await background.stop(0);
    await database.close().catch(() => {});
    process.stderr.write(`potok: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}\n`);
    return EXIT_FAILURE;
  }
  if (testClock) {
    logger.warn({}, 'TEST CLOCK: an admin can move this server\'s time forward (POTOK_TEST_CLOCK=1)');
  }
  logger.info({ url: `http://${config.host}:${config.port}`, database: database.description, demo: config.demo, ...(cluster.isWorker ? { process: cluster.worker?.id } : {}) }, 'potok is serving');
  // One process sweeps for overdue tasks (the notifications are deduplicated anyway).
  const sweep = !cluster.isWorker || cluster.worker?.id === 1
    ? setInterval(() => {
        notifyOverdueTasks(database.db, potok.crm.notifier, potok.runtime.clock.now()).catch((err) => logger.warn({ err: (err as Error).message }, 'overdue sweep failed'));
      }, 60_000)
    : undefined;
  sweep?.unref();

  const signal = new Promise<'signal'>((resolve) => {
    process.once('SIGTERM', () => resolve('signal'));
    process.once('SIGINT', () => resolve('signal'));
  });
  const outcome = await Promise.race([signal, background.failed.catch((err: Error) => err)]);
  clearInterval(sweep);
  await potok.app.close().catch(() => {});
  await background.stop(outcome === 'signal' ? 10_000 : 0).catch(() => {});
  await database.close().catch(() => {});
  if (outcome === 'signal') return EXIT_OK;
  process.stderr.write(`potok: stopped: ${outcome.message}\n`);
  return EXIT_FAILURE;
}

/** The database, migrated; or the exit code after saying why it cannot be used. */
async function openMigrated(config: ServerConfig, logger: pino.Logger): Promise<PotokDatabase | number> {
  let database: PotokDatabase;
  try {
    database = openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
  } catch (err) {
    if (err instanceof DatabaseConfigError) throw new BadInputError(err.message);
    throw err;
  }
  try {
    const applied = await migrateToLatest(database);
    if (applied.length) logger.info({ applied }, 'database migrated');
    return database;
  } catch (err) {
    await database.close().catch(() => {});
    process.stderr.write(`potok: the database ${database.description} cannot be used: ${(err as Error).message}\n`);
    return EXIT_FAILURE;
  }
}

async function assembleFor(config: ServerConfig, database: PotokDatabase, logger: pino.Logger) {
  // Browser tests move time (POTOK_TEST_CLOCK=1; refused in production): see src/http/test-clock.ts.
  const testClock = testClockEnabled() ? new OffsetClock() : null;
  const potok = await assemble({
    ...(testClock ? { clock: testClock } : {}),
    database,
    dataDir: config.dataDir,
    zone: config.timeZone,
    workday: config.workday,
    demo: config.demo,
    secureCookies: config.secureCookies,
    uploadPolicy: { maxBytes: config.uploadMaxBytes, allowedTypes: config.uploadTypes ?? DEFAULT_UPLOAD_POLICY.allowedTypes },
    webDir: config.webDir,
    logger: logger as any,
  });
  if (testClock) testClockRoutes(potok.app, testClock, config.timeZone);
  return { potok, testClock };
}

/** Once per start: the shipped models deployed, then the demo data or (without users) the one-time setup token. */
async function prepareInstallation(potok: Potok, config: ServerConfig, logger: pino.Logger): Promise<void> {
  for (const shipped of await deployShippedModels(potok.runtime)) {
    if (!shipped.created) continue;
    if (shipped.isDefault) logger.info({ definitionKey: shipped.key }, `shipped model deployed as version ${shipped.version}; new instances start on it`);
    else logger.warn({ definitionKey: shipped.key }, `shipped model deployed as version ${shipped.version}; new instances stay on the version an admin chose (Admin → Process models to switch)`);
  }
  if (config.demo) {
    const seeded = await seedDemo(potok);
    if (seeded) logger.warn({}, 'DEMO MODE: demo users admin, manager, rep, lawyer, director with password "demo"');
  } else {
    const token = await potok.crm.setup.issueToken();
    // Printed once per start while nobody has set Potok up; only its hash is stored.
    if (token) logger.warn({ setupToken: token }, `No users yet. Open the web UI and create the admin with this one-time setup token: ${token}`);
  }
}

/**
 * --processes N: prepare the installation once, then run N serving processes and watch
 * them. A signal stops them all (exit 0); one of them ending on its own stops the others
 * and the command exits non-zero.
 */
async function servePrimary(config: ServerConfig, logger: pino.Logger): Promise<number> {
  const database = await openMigrated(config, logger);
  if (typeof database === 'number') return database;
  try {
    const { potok } = await assembleFor(config, database, logger);
    await prepareInstallation(potok, config, logger);
    await potok.app.close();
  } finally {
    await database.close().catch(() => {});
  }
  logger.info({ processes: config.processes }, `starting ${config.processes} serving processes on ${config.host}:${config.port}`);
  return new Promise<number>((resolve) => {
    let alive = 0;
    let stopping = false;
    let code = EXIT_OK;
    const stopAll = () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    };
    cluster.on('exit', (worker, exitCode, signal) => {
      alive--;
      if (!stopping) {
        stopping = true;
        code = EXIT_FAILURE;
        const how = signal ? `was killed (${signal})` : `exited with code ${exitCode}`;
        logger.error({ workerPid: worker.process.pid, exitCode, signal }, `serving process ${worker.id} ${how}; stopping the others`);
        process.stderr.write(`potok: serving process ${worker.id} (pid ${worker.process.pid}) ${how}; all are stopped\n`);
        stopAll();
      }
      if (alive === 0) resolve(code);
    });
    const onSignal = () => {
      if (stopping) return;
      stopping = true;
      stopAll();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    for (let i = 0; i < config.processes; i++) {
      cluster.fork();
      alive++;
    }
  });
}
