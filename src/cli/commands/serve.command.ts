/**
 * `potok serve`: one process with everything — migrations, the shipped models deployed,
 * the HTTP API (and the built web UI), the timer scheduler and the job workers.
 *
 *   potok serve [--port 3000] [--host 127.0.0.1] [--data-dir ./data] [--database-url URL] [--demo]
 *
 * Environment: POTOK_PORT, POTOK_HOST, POTOK_DATA_DIR, DATABASE_URL, POTOK_TZ,
 * POTOK_WORKDAY_START, POTOK_WORKDAY_END,
 * POTOK_UPLOAD_MAX_MB, POTOK_UPLOAD_TYPES, POTOK_SECURE_COOKIES, POTOK_LOG_LEVEL.
 * Without users (and without --demo) the log shows a one-time setup token.
 */
import type { Command } from 'commander';
import pino from 'pino';
import { ConfigError, loadConfig, type ServeFlags } from '../../http/config.ts';
import { assemble, deployShippedModels } from '../../http/potok-server.ts';
import { seedDemo } from '../../http/demo-seed.ts';
import { OffsetClock, testClockEnabled, testClockRoutes } from '../../http/test-clock.ts';
import { DatabaseConfigError, openDatabase } from '../../store/database.ts';
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
    .action(async (flags: ServeFlags) => {
      setExitCode(await serve(flags));
    });
}

async function serve(flags: ServeFlags): Promise<number> {
  let config;
  try {
    config = loadConfig(flags);
  } catch (err) {
    if (err instanceof ConfigError) throw new BadInputError(err.message);
    throw err;
  }
  const logger = pino({ name: 'potok', level: process.env.POTOK_LOG_LEVEL ?? 'info', redact: ['req.headers.cookie', 'req.headers["x-potok-csrf"]'] });
  let database;
  try {
    database = openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
  } catch (err) {
    if (err instanceof DatabaseConfigError) throw new BadInputError(err.message);
    throw err;
  }
  try {
    const applied = await migrateToLatest(database);
    if (applied.length) logger.info({ applied }, 'database migrated');
  } catch (err) {
    await database.close().catch(() => {});
    process.stderr.write(`potok: the database ${database.description} cannot be used: ${(err as Error).message}\n`);
    return EXIT_FAILURE;
  }

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
  if (testClock) {
    testClockRoutes(potok.app, testClock, config.timeZone);
    logger.warn({}, 'TEST CLOCK: an admin can move this server\'s time forward (POTOK_TEST_CLOCK=1)');
  }
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
  logger.info({ url: `http://${config.host}:${config.port}`, database: database.description, demo: config.demo }, 'potok is serving');
  const sweep = setInterval(() => {
    notifyOverdueTasks(database.db, potok.crm.notifier, potok.runtime.clock.now()).catch((err) => logger.warn({ err: (err as Error).message }, 'overdue sweep failed'));
  }, 60_000);
  sweep.unref();

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
