/**
 * `npm run bench -- timers [--quick] [--sqlite-only]`
 *
 * On SQLite (a file, WAL) and on PostgreSQL:
 *  1. stores P pending timers (1,000,000; --quick 50,000) far in the future;
 *  2. makes D timers (10,000; --quick 1,000) come due at the same instant while the
 *     background scheduler runs on the real clock, and measures each one's lateness
 *     (commit time − due time). A firing deletes the timer row and writes a history row:
 *     the scheduler's own cost, without the engine's — once with one transaction per
 *     timer, once with each claimed batch (200) fired in one transaction;
 *  3. fires E timers of real instances (the engine's fireTimer command through the
 *     executor, one transaction each) that all come due at once: fires per second, and
 *     the lateness that rate gives;
 *  4. measures a scheduler process's memory (RSS and heap after GC) with 1,000 and with
 *     P pending timers, each in a fresh child process.
 * Prints one JSON object on its last line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { sql } from 'kysely';
import { openDatabase, type PotokDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { TimerScheduler } from '../src/runtime/scheduler/timer-scheduler.ts';
import { ManualClock } from '../src/runtime/clock.ts';
import { createRuntime } from '../src/runtime/index.ts';
import type { CommandPort } from '../src/runtime/jobs/runtime-ports.ts';
import { freshPostgresUrl } from '../test/support/databases.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const FAR = Date.UTC(2030, 0, 1);

type Target = { name: 'sqlite' | 'postgres'; open: () => Promise<{ database: PotokDatabase; config: { url?: string; dataDir?: string }; cleanup: () => void }> };

function targets(sqliteOnly: boolean): Target[] {
  const list: Target[] = [
    {
      name: 'sqlite',
      open: async () => {
        const dir = mkdtempSync(path.join(os.tmpdir(), 'potok-bench-timers-'));
        return { database: openDatabase({ dataDir: dir }), config: { dataDir: dir }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
      },
    },
  ];
  if (!sqliteOnly) {
    list.push({
      name: 'postgres',
      open: async () => {
        const url = await freshPostgresUrl();
        return { database: openDatabase({ url }), config: { url }, cleanup: () => {} };
      },
    });
  }
  return list;
}

/** Inserts `count` timer rows in SQL (a recursive CTE / generate_series), due at dueAt(+i×step). */
async function insertTimers(database: PotokDatabase, prefix: string, count: number, dueAt: number, step: number): Promise<void> {
  const series =
    database.caps.kind === 'postgres'
      ? sql`select g as x from generate_series(1, ${count}) g`
      : sql`with recursive c(x) as (select 1 union all select x + 1 from c where x < ${count}) select x from c`;
  await sql`insert into timers (id, instance_id, timer_id, element_id, element_instance_id, due_at, repetitions_left, interval_ms, locked_by, locked_until, created_at)
    select ${prefix} || s.x || ':t', ${prefix} || s.x, 't', 'wait', '1', cast(${dueAt} as bigint) + s.x * ${step}, null, null, null, null, 0
    from (${series}) s`.execute(database.db);
}

/**
 * A stand-in executor for step 2: one transaction per firing, deleting the row and
 * writing a history row; `batched` adds executeMany (a whole claimed batch in one
 * transaction), which the scheduler uses when an executor offers it.
 */
function minimalExecutor(database: PotokDatabase, lateness: number[], batched: boolean): CommandPort {
  const fireIn = async (trx: any, instanceId: string, timerId: string) => {
    const id = `${instanceId}:${timerId}`;
    const row = await trx.selectFrom('timers').select('due_at').where('id', '=', id).executeTakeFirst();
    await trx.deleteFrom('timers').where('id', '=', id).execute();
    await trx.insertInto('bench_fired').values({ id, fired_at: Date.now() }).execute();
    return Number(row?.due_at ?? 0);
  };
  const many: Pick<CommandPort, 'executeMany'> = {
    async executeMany(items) {
      const dues: number[] = [];
      await database.db.transaction().execute(async (trx) => {
        for (const item of items) if (item.command.kind === 'fireTimer') dues.push(await fireIn(trx, item.instanceId, item.command.timerId));
      });
      const at = Date.now();
      for (const d of dues) lateness.push(at - d);
    },
  };
  return {
    ...(batched ? many : {}),
    async execute(instanceId, command) {
      if (command.kind !== 'fireTimer') return { effects: [] };
      let dueAt = 0;
      await database.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('timers').select('due_at').where('id', '=', `${instanceId}:${command.timerId}`).executeTakeFirst();
        dueAt = Number(row?.due_at ?? 0);
        await trx.deleteFrom('timers').where('id', '=', `${instanceId}:${command.timerId}`).execute();
        await trx.insertInto('bench_fired').values({ id: `${instanceId}:${command.timerId}`, fired_at: Date.now() }).execute();
      });
      lateness.push(Date.now() - dueAt);
      return { effects: [] };
    },
  };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function dueAtOnce(database: PotokDatabase, due: number, batched: boolean) {
  await sql`drop table if exists bench_fired`.execute(database.db);
  await sql`create table bench_fired (id text primary key, fired_at bigint not null)`.execute(database.db);
  const lateness: number[] = [];
  const scheduler = new TimerScheduler({ database, executor: minimalExecutor(database, lateness, batched), clock: { now: () => Date.now() }, batchSize: 200 });
  const dueAt = Date.now() + 3_000;
  await insertTimers(database, batched ? 'dueb' : 'due', due, dueAt, 0);
  scheduler.start();
  const started = Date.now();
  while (lateness.length < due && Date.now() - started < 600_000) await new Promise((r) => setTimeout(r, 50));
  await scheduler.stop();
  const fired = (await sql<{ n: number }>`select count(*) as n from bench_fired`.execute(database.db)).rows[0]!.n;
  return {
    due,
    fired: Number(fired),
    p50LatenessMs: percentile(lateness, 50),
    p99LatenessMs: percentile(lateness, 99),
    maxLatenessMs: Math.max(...lateness),
    firesPerSecond: Math.round(due / (Math.max(...lateness) / 1000 || 1)),
  };
}

const TIMER_MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="bench_wait" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

/** Step 3: real instances on a virtual clock, all due at once; fireDue measures the engine's firing rate. */
async function realEngine(database: PotokDatabase, count: number) {
  const t0 = Date.UTC(2026, 2, 2, 7, 0, 0);
  const clock = new ManualClock(t0);
  const rt = createRuntime({ database, clock });
  await rt.deployments.deployModel(TIMER_MODEL, { source: 'admin' });
  for (let i = 0; i < count; i++) await rt.executor.start({ processId: 'bench_wait' });
  clock.set(t0 + 3_600_000);
  const lateness: number[] = [];
  const begin = performance.now();
  const scheduler = new TimerScheduler({
    database,
    executor: rt.executor,
    clock,
    batchSize: 200,
    onFired: () => lateness.push(performance.now() - begin),
  });
  const fired = await scheduler.fireDue(clock.now());
  const seconds = (performance.now() - begin) / 1000;
  return { due: count, fired, firesPerSecond: Math.round(fired / seconds), p99LatenessMs: Math.round(percentile(lateness, 99)) };
}

/** Step 4: a fresh process running the scheduler over `pending` timers; its memory after GC. */
function memoryInChild(config: { url?: string; dataDir?: string }): Promise<{ rssMB: number; heapMB: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(here, 'timers.bench.ts'), '--memory-child', JSON.stringify(config)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`memory child exited ${code}`))));
  });
}

async function memoryChild(config: { url?: string; dataDir?: string }): Promise<void> {
  const database = openDatabase(config);
  const scheduler = new TimerScheduler({ database, executor: { execute: async () => ({ effects: [] }) }, clock: { now: () => Date.now() }, pollMs: 100 });
  scheduler.start();
  await new Promise((r) => setTimeout(r, 3_000));
  await scheduler.stop();
  (globalThis as any).gc?.();
  const m = process.memoryUsage();
  await database.close();
  process.stdout.write(`${JSON.stringify({ rssMB: Math.round(m.rss / 1048576), heapMB: Math.round((m.heapUsed / 1048576) * 10) / 10 })}\n`);
}

async function pendingSet(target: Target, pending: number) {
  const { database, config, cleanup } = await target.open();
  try {
    await migrateToLatest(database);
    await insertTimers(database, 'p', pending, FAR, 1);
    await database.close();
    return await memoryInChild(config);
  } finally {
    cleanup();
  }
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const quick = args.includes('--quick');
  const pending = quick ? 50_000 : 1_000_000;
  const due = quick ? 1_000 : 10_000;
  const real = quick ? 100 : 2_000;
  v8.setFlagsFromString('--expose-gc');
  vm.runInNewContext('gc');
  const result: Record<string, unknown> = { benchmark: 'timers', quick, pending, due };
  for (const target of targets(args.includes('--sqlite-only'))) {
    const { database, cleanup } = await target.open();
    try {
      await migrateToLatest(database);
      const t = performance.now();
      await insertTimers(database, 'p', pending, FAR, 1);
      const insertSeconds = Math.round((performance.now() - t) / 100) / 10;
      process.stderr.write(`${target.name}: ${pending} pending timers stored in ${insertSeconds} s\n`);
      const atOnce = await dueAtOnce(database, due, false);
      process.stderr.write(`${target.name}: ${due} due at once, a transaction each: p99 lateness ${atOnce.p99LatenessMs} ms\n`);
      const atOnceBatched = await dueAtOnce(database, due, true);
      process.stderr.write(`${target.name}: ${due} due at once, 200 per transaction: p99 lateness ${atOnceBatched.p99LatenessMs} ms\n`);
      const engine = await realEngine(database, real);
      process.stderr.write(`${target.name}: real engine: ${engine.firesPerSecond} fires/s\n`);
      await database.close();
      const memory1k = await pendingSet(target, 1_000);
      const memoryAll = await pendingSet(target, pending);
      process.stderr.write(`${target.name}: memory ${JSON.stringify(memory1k)} vs ${JSON.stringify(memoryAll)}\n`);
      result[target.name] = { insertSeconds, dueAtOnce: atOnce, dueAtOnceBatched: atOnceBatched, realEngine: engine, memory: { pending1000: memory1k, [`pending${pending}`]: memoryAll } };
    } finally {
      cleanup();
    }
  }
  return result;
}

if (process.argv[2] === '--memory-child') await memoryChild(JSON.parse(process.argv[3]!));
