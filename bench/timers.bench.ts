/**
 * `npm run bench -- timers [--quick] [--sqlite-only]`
 *
 * On SQLite (a file, WAL) and on PostgreSQL:
 *  1. stores P pending timers (1,000,000; --quick 50,000) far in the future;
 *  2. starts D real instances (10,000; --quick 1,000) of a model waiting at a timer
 *     whose date is a variable, all the same instant a few seconds ahead, then runs the
 *     scheduler on the real clock and measures each timer's lateness: the commit of its
 *     firing (the engine's fireTimer command through the executor, which groups the
 *     firings that arrive together into shared transactions) minus its due time;
 *  3. measures a scheduler process's memory (RSS and heap after GC) with 1,000 and with
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
import { createRuntime } from '../src/runtime/index.ts';
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

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const TIMER_MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="D" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="bench_wait" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDate xsi:type="bpmn:tFormalExpression">=date and time(dueAt)</bpmn:timeDate></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

/** Starts `count` instances, `concurrency` at a time, all waiting for `dueAt`. */
async function startWaiting(rt: ReturnType<typeof createRuntime>, count: number, dueAt: number, concurrency = 50): Promise<void> {
  const iso = new Date(dueAt).toISOString();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) {
      next++;
      await rt.executor.start({ processId: 'bench_wait', variables: { dueAt: iso } });
    }
  }));
}

/** Step 2: D real instances whose timers come due at the same instant, fired by the scheduler on the real clock. */
async function dueAtOnce(database: PotokDatabase, due: number) {
  const rt = createRuntime({ database });
  await rt.deployments.deployModel(TIMER_MODEL, { source: 'admin' });
  // A pilot run tells how long starting them takes, so that the due time is still ahead once all wait.
  const pilot = Math.min(200, due);
  let t = performance.now();
  await startWaiting(rt, pilot, Date.now() + 3_600_000);
  const perStartMs = (performance.now() - t) / pilot;
  const dueAt = Date.now() + Math.ceil(perStartMs * due * 1.5) + 2_000;
  t = performance.now();
  await startWaiting(rt, due, dueAt);
  const startSeconds = Math.round((performance.now() - t) / 100) / 10;
  if (Date.now() >= dueAt) throw new Error('starting the instances took longer than planned; their timers were due before all waited');
  const lateness: number[] = [];
  const scheduler = new TimerScheduler({
    database,
    executor: rt.executor,
    clock: { now: () => Date.now() },
    onFired: (timer) => {
      if (timer.dueAt === dueAt) lateness.push(Date.now() - timer.dueAt);
    },
  });
  const stats0 = { ...rt.executor.transactionStats };
  scheduler.start();
  const waitUntil = Date.now() + 600_000;
  while (lateness.length < due && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 20));
  await scheduler.stop();
  const transactions = rt.executor.transactionStats.transactions - stats0.transactions;
  const spanMs = Math.max(...lateness) - Math.min(...lateness);
  return {
    due,
    fired: lateness.length,
    startSeconds,
    p50LatenessMs: percentile(lateness, 50),
    p99LatenessMs: percentile(lateness, 99),
    maxLatenessMs: Math.max(...lateness),
    firesPerSecond: Math.round(lateness.length / (Math.max(...lateness) / 1000 || 1)),
    commandsPerTransaction: Math.round((lateness.length / Math.max(1, transactions)) * 10) / 10,
    spanMs,
  };
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
      const atOnce = await dueAtOnce(database, due);
      process.stderr.write(`${target.name}: ${due} real timers due at once: p99 lateness ${atOnce.p99LatenessMs} ms, ${atOnce.firesPerSecond} fires/s\n`);
      await database.close();
      const memory1k = await pendingSet(target, 1_000);
      const memoryAll = await pendingSet(target, pending);
      process.stderr.write(`${target.name}: memory ${JSON.stringify(memory1k)} vs ${JSON.stringify(memoryAll)}\n`);
      result[target.name] = { insertSeconds, dueAtOnce: atOnce, memory: { pending1000: memory1k, [`pending${pending}`]: memoryAll } };
    } finally {
      cleanup();
    }
  }
  return result;
}

if (process.argv[2] === '--memory-child') await memoryChild(JSON.parse(process.argv[3]!));
