/**
 * `npm run bench -- runtime [--quick]`: the durable runtime against the raw commit rate
 * of its own database and against bpmn-engine in memory, on one model (runtime-model.ts:
 * 15 user tasks with a loop, a timer made due at once, a service-task job).
 *
 * Every step is a committed transaction (commands that arrive together may share one:
 * group commit; each is stored before its call returns). Measured in one run:
 *   - Potok on SQLite (a file, WAL, synchronous=NORMAL), with 1 and with 8 concurrent
 *     drivers: instances/s and commands/s;
 *   - raw SQLite: single-row commits/s on the same settings, straight through
 *     better-sqlite3 and through a Kysely transaction (Potok's own access path);
 *   - Potok on PostgreSQL with 8 concurrent drivers; raw PostgreSQL single-row commits/s
 *     with 1 and 8 clients (POTOK_BENCH_PG, else POTOK_TEST_PG, else the local test database);
 *   - bpmn-engine: instances/s of the same graph in memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import Database from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { Engine } from 'bpmn-engine';
import type { Effect, Json } from '../src/engine/api.ts';
import { openDatabase, type PotokDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { ManualClock } from '../src/runtime/clock.ts';
import { createRuntime, type Runtime } from '../src/runtime/index.ts';
import { benchModel, COMMANDS_PER_INSTANCE, USER_TASKS } from './runtime-model.ts';

const PG_URL = process.env.POTOK_BENCH_PG ?? process.env.POTOK_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/potok_test';
const T0 = Date.UTC(2026, 2, 2, 7, 0, 0);

interface Rate {
  readonly count: number;
  readonly seconds: number;
  readonly perSecond: number;
}

const rate = (count: number, ms: number): Rate => ({ count, seconds: round(ms / 1000, 2), perSecond: round(count / (ms / 1000), 1) });
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const log = (line: string) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------------------
// Potok
// ---------------------------------------------------------------------------

/** Drives one instance to its end from the effects each command returns; returns the commands it took. */
async function driveInstance(rt: Runtime, n: number): Promise<number> {
  const started = await rt.executor.start({ processId: 'bench15', businessKey: `B-${n}`, variables: { owner: 'bench', n } });
  const instanceId = started.instanceId;
  let effects: readonly Effect[] = started.effects;
  let commands = 1;
  let loops = 0;
  for (;;) {
    const task = effects.find((e) => e.kind === 'userTask.created');
    const timer = effects.find((e) => e.kind === 'timer.armed');
    const job = effects.find((e) => e.kind === 'job.created');
    let result;
    if (task?.kind === 'userTask.created') {
      const variables: Record<string, Json> = task.task.elementId === 't5' ? { again: loops++ === 0 } : {};
      result = await rt.executor.completeUserTask(`${instanceId}:${task.task.elementInstanceId}`, variables, 'bench');
    } else if (timer?.kind === 'timer.armed') {
      // "Made due at once": the benchmark fires it as the scheduler would at its due time.
      result = await rt.executor.execute(instanceId, { kind: 'fireTimer', timerId: timer.timer.id });
    } else if (job?.kind === 'job.created') {
      result = await rt.executor.execute(instanceId, { kind: 'completeJob', elementInstanceId: job.job.elementInstanceId, variables: { invoice: `СЧ-${n}` } });
    } else if (effects.some((e) => e.kind === 'instance.ended')) {
      return commands;
    } else {
      throw new Error(`instance ${instanceId} is stuck: ${effects.map((e) => e.kind).join(', ')}`);
    }
    commands++;
    effects = result.effects;
  }
}

async function potokRun(database: PotokDatabase, instances: number, drivers: number): Promise<{ instances: Rate; commands: Rate }> {
  await migrateToLatest(database);
  const rt = createRuntime({ database, clock: new ManualClock(T0) });
  await rt.deployments.deployModel(benchModel('potok'), { source: 'admin' });
  await driveInstance(rt, -1); // warm-up: compile cache, prepared paths
  let next = 0;
  let commands = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: drivers }, async () => {
      while (next < instances) {
        const took = await driveInstance(rt, next++);
        commands += took;
      }
    }),
  );
  const ms = performance.now() - t;
  return { instances: rate(instances, ms), commands: rate(commands, ms) };
}

// ---------------------------------------------------------------------------
// Raw commit rates
// ---------------------------------------------------------------------------

function rawSqlite(file: string, ms: number): Rate {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('create table if not exists raw (id integer primary key, v text not null, at integer not null)');
  const insert = db.prepare('insert into raw (v, at) values (?, ?)');
  const begin = db.prepare('begin immediate');
  const commit = db.prepare('commit');
  let count = 0;
  const t = performance.now();
  while (performance.now() - t < ms) {
    begin.run();
    insert.run(`row ${count}`, count);
    commit.run();
    count++;
  }
  const r = rate(count, performance.now() - t);
  db.close();
  return r;
}

/** The same single-row commits as a Kysely transaction each (BEGIN IMMEDIATE … COMMIT), the path Potok's store takes. */
async function rawSqliteKysely(dir: string, ms: number): Promise<Rate> {
  const database = openDatabase({ dataDir: dir, backgroundCheckpoints: false });
  await sql`create table if not exists raw (id integer primary key, v text not null, at integer not null)`.execute(database.db);
  let count = 0;
  const t = performance.now();
  while (performance.now() - t < ms) {
    await database.db.transaction().execute(async (trx) => {
      await trx.insertInto('raw').values({ v: `row ${count}`, at: count }).execute();
    });
    count++;
  }
  const r = rate(count, performance.now() - t);
  await database.close();
  return r;
}

async function rawPostgres(url: string, clients: number, ms: number): Promise<Rate> {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  await pool.query('create table if not exists raw (id bigserial primary key, v text not null, at bigint not null)');
  let count = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = await pool.connect();
      try {
        while (performance.now() - t < ms) {
          await client.query('insert into raw (v, at) values ($1, $2)', [`row ${count}`, count]);
          count++;
        }
      } finally {
        client.release();
      }
    }),
  );
  const r = rate(count, performance.now() - t);
  await pool.end();
  return r;
}

async function freshSchemaUrl(): Promise<string> {
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  const url = new URL(PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

async function dropSchema(url: string): Promise<void> {
  const schema = /search_path=(\w+)/.exec(decodeURIComponent(url))?.[1];
  if (!schema) return;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`drop schema ${schema} cascade`);
  await client.end();
}

// ---------------------------------------------------------------------------
// bpmn-engine in memory
// ---------------------------------------------------------------------------

async function bpmnEngineRun(instances: number): Promise<Rate> {
  const source = benchModel('bpmn-engine');
  const once = async () => {
    let loops = 0;
    let waits = 0;
    const listener = new EventEmitter();
    listener.on('wait', (api: any) => {
      waits++;
      if (api.id === 't5') api.environment.output.again = loops++ === 0;
      api.signal({});
    });
    const engine = new Engine({ name: 'bench15', source });
    const ended = engine.waitFor('end');
    await engine.execute({ listener, services: { bench: (_ctx: unknown, next: (err: Error | null, out?: unknown) => void) => next(null, { ok: true }) } } as any);
    await ended;
    if (waits !== USER_TASKS + 3) throw new Error(`bpmn-engine took ${waits} user tasks, expected ${USER_TASKS + 3}`);
  };
  await once();
  const t = performance.now();
  for (let i = 0; i < instances; i++) await once();
  return rate(instances, performance.now() - t);
}

// ---------------------------------------------------------------------------

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const quick = args.includes('--quick');
  const skipPg = args.includes('--no-pg');
  const sizes = quick ? { sqlite: 150, pg: 120, engine: 10, rawMs: 1500 } : { sqlite: 1000, pg: 600, engine: 40, rawMs: 5000 };
  const dir = mkdtempSync(path.join(tmpdir(), 'potok-bench-'));
  const result: Record<string, unknown> = { model: `${USER_TASKS} user tasks, a loop, a timer, a job: ${COMMANDS_PER_INSTANCE} commands per instance`, quick };
  try {
    log('raw SQLite commits …');
    const rawLite = rawSqlite(path.join(dir, 'raw.db'), sizes.rawMs);
    const rawLiteKysely = await rawSqliteKysely(mkdtempSync(path.join(dir, 'k-')), sizes.rawMs);
    log(`  ${rawLite.perSecond}/s straight, ${rawLiteKysely.perSecond}/s as Kysely transactions`);
    log(`Potok on SQLite, 1 driver (${sizes.sqlite} instances) …`);
    const liteDb1 = openDatabase({ dataDir: mkdtempSync(path.join(dir, 'p1-')) });
    const lite1 = await potokRun(liteDb1, sizes.sqlite, 1);
    await liteDb1.close();
    log(`  ${lite1.instances.perSecond} instances/s, ${lite1.commands.perSecond} commands/s`);
    log(`Potok on SQLite, 8 drivers (${sizes.sqlite} instances) …`);
    const liteDb = openDatabase({ dataDir: mkdtempSync(path.join(dir, 'p8-')) });
    const lite = await potokRun(liteDb, sizes.sqlite, 8);
    await liteDb.close();
    log(`  ${lite.instances.perSecond} instances/s, ${lite.commands.perSecond} commands/s`);
    log(`bpmn-engine in memory (${sizes.engine} instances) …`);
    const engine = await bpmnEngineRun(sizes.engine);
    log(`  ${engine.perSecond} instances/s`);
    result.sqlite = {
      potok1: lite1,
      potok8: lite,
      rawCommits: rawLite,
      rawCommitsKysely: rawLiteKysely,
      commandsVsRaw: round(lite.commands.perSecond / rawLite.perSecond, 3),
      commandsVsRawKysely: round(lite.commands.perSecond / rawLiteKysely.perSecond, 3),
    };
    result.bpmnEngine = { instances: engine };

    let pgResult: any = null;
    if (!skipPg) {
      try {
        const rawUrl = await freshSchemaUrl();
        log('raw PostgreSQL commits, 1 and 8 clients …');
        const raw1 = await rawPostgres(rawUrl, 1, sizes.rawMs);
        const raw8 = await rawPostgres(rawUrl, 8, sizes.rawMs);
        await dropSchema(rawUrl);
        log(`  ${raw1.perSecond}/s and ${raw8.perSecond}/s`);
        const url = await freshSchemaUrl();
        log(`Potok on PostgreSQL, 8 drivers (${sizes.pg} instances) …`);
        // A pool of 10 gives 8 write lanes (database.ts keeps two connections for reads and claims).
        const pgDb = openDatabase({ url, poolSize: 10 });
        const potokPg = await potokRun(pgDb, sizes.pg, 8);
        await pgDb.close();
        await dropSchema(url);
        log(`  ${potokPg.instances.perSecond} instances/s, ${potokPg.commands.perSecond} commands/s`);
        pgResult = { potok8: potokPg, rawCommits1: raw1, rawCommits8: raw8, commandsVsRaw8: round(potokPg.commands.perSecond / raw8.perSecond, 3) };
      } catch (err) {
        pgResult = { skipped: `PostgreSQL not reachable: ${(err as Error).message}` };
      }
      result.postgres = pgResult;
    }

    result.goals = {
      sqliteVsBpmnEngine: { ratio: round(lite.instances.perSecond / engine.perSecond, 1), goal: 10, met: lite.instances.perSecond >= 10 * engine.perSecond },
      sqliteCommandsVsRaw: { ratio: round(lite.commands.perSecond / rawLite.perSecond, 3), goal: round(1 / 3, 3), met: lite.commands.perSecond * 3 >= rawLite.perSecond },
      sqliteCommandsVsRawKysely: { ratio: round(lite.commands.perSecond / rawLiteKysely.perSecond, 3), goal: round(1 / 3, 3), met: lite.commands.perSecond * 3 >= rawLiteKysely.perSecond },
      ...(pgResult?.potok8 ? { postgresCommandsVsRaw8: { ratio: pgResult.commandsVsRaw8, goal: 0.5, met: pgResult.commandsVsRaw8 >= 0.5 } } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}
