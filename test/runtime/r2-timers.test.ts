import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type PotokDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { countTimers, findTimer, insertTimer, listTimersOfInstance, writeTimerEffects } from '../../src/store/timer.repository.ts';
import { enqueueOutbox, listJobs } from '../../src/store/job.repository.ts';
import { TimerScheduler } from '../../src/runtime/scheduler/timer-scheduler.ts';
import { JobHandlerRegistry } from '../../src/runtime/jobs/job-handler.ts';
import { JobWorkers } from '../../src/runtime/jobs/job-workers.ts';
import { startBackground } from '../../src/runtime/jobs/background.ts';
import { testDatabases, freshPostgresUrl } from '../support/databases.ts';
import { CodedError, RecordingExecutor } from './r2-fakes.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const T0 = Date.UTC(2026, 0, 12, 6, 0, 0);

async function armTimers(database: PotokDatabase, count: number, dueAt: (i: number) => number, instances = count) {
  await database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i++) {
      await insertTimer(trx, { instanceId: `inst-${i % instances}`, timerId: `t${i}`, elementId: 'remind', elementInstanceId: `${i}`, dueAt: dueAt(i), createdAt: T0 });
    }
  });
}

async function until(condition: () => Promise<boolean>, what: string, limitMs = 20_000) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const target of testDatabases()) {
  describe(`timers on ${target.name}`, () => {
    const open: PotokDatabase[] = [];
    afterEach(async () => {
      for (const d of open.splice(0)) await d.close();
    });
    // One migrated database per file and database kind; each test starts from empty tables.
    let shared: PotokDatabase;
    beforeAll(async () => {
      shared = await target.open();
      await migrateToLatest(shared);
    });
    afterAll(async () => {
      await shared?.close();
    });
    async function setup() {
      const database = shared;
      await database.db.deleteFrom('jobs').execute();
      await database.db.deleteFrom('timers').execute();
      const executor = new RecordingExecutor(database);
      const clock = { t: T0, now() { return this.t; } };
      // One lane, so that the firing order is the due order.
      const scheduler = new TimerScheduler({ database, executor, clock, owner: 's1', batchSize: 10, parallel: 1 });
      return { database, executor, clock, scheduler };
    }

    it('given a timer due at 09:00, when the scheduler looks one millisecond earlier, then nothing fires; at 09:00 it fires once', async () => {
      const { database, executor, scheduler } = await setup();
      await armTimers(database, 1, () => T0);
      expect(await scheduler.fireDue(T0 - 1)).toBe(0);
      expect(await scheduler.fireDue(T0)).toBe(1);
      expect(await scheduler.fireDue(T0 + 60_000)).toBe(0);
      expect(executor.commands).toEqual([{ instanceId: 'inst-0', command: { kind: 'fireTimer', timerId: 't0' } }]);
      expect(await countTimers(database.db)).toBe(0);
    });

    it('given 25 timers due and 5 in the future, when fired in batches of 10, then the 25 fire in due order and the 5 stay', async () => {
      const { database, executor, scheduler } = await setup();
      await armTimers(database, 30, (i) => (i < 25 ? T0 - 1_000 + (24 - i) : T0 + 1));
      expect(await scheduler.fireDue(T0)).toBe(25);
      const fired = executor.ofKind('fireTimer').map((c) => Number(c.command.timerId.slice(1)));
      expect(fired).toEqual([...Array(25).keys()].reverse());
      expect(await countTimers(database.db)).toBe(5);
    });

    it('given an instance busy with another command, when its timer fires, then it is given back and fires on the next pass', async () => {
      const { database, executor, scheduler } = await setup();
      await armTimers(database, 1, () => T0);
      executor.failures.push(new CodedError('CONFLICT'));
      expect(await scheduler.fireDue(T0)).toBe(0);
      expect(await scheduler.fireDue(T0)).toBe(1);
    });

    it('given a timer its instance no longer has, when it comes due, then the stale row is removed without an error', async () => {
      const { database, executor, scheduler } = await setup();
      await armTimers(database, 1, () => T0);
      executor.failures.push(new CodedError('NOT_FOUND', 'no timer t0'));
      expect(await scheduler.fireDue(T0)).toBe(0);
      expect(await countTimers(database.db)).toBe(0);
    });

    it('given timer effects of commands, when written, then rows follow: armed, re-armed by a cycle, cancelled, ended instance', async () => {
      const { database } = await setup();
      const db = database.db;
      const timer = { kind: 'timer' as const, id: 't1', elementId: 'remind', elementInstanceId: '4', dueAt: T0, repetitionsLeft: 2, intervalMs: 86_400_000 };
      await writeTimerEffects(db, 'i', [{ kind: 'timer.armed', timer }, { kind: 'timer.armed', timer: { ...timer, id: 't2' } }], T0);
      // A cycle fires and re-arms itself in one command (history after the new arming).
      await writeTimerEffects(db, 'i', [
        { kind: 'timer.armed', timer: { ...timer, dueAt: T0 + 86_400_000, repetitionsLeft: 1 } },
        { kind: 'history', event: { kind: 'timer.fired', at: T0, timerId: 't1', elementId: 'remind' } },
      ], T0);
      expect(await findTimer(db, 'i:t1')).toMatchObject({ dueAt: T0 + 86_400_000, repetitionsLeft: 1, intervalMs: 86_400_000 });
      await writeTimerEffects(db, 'i', [{ kind: 'timer.cancelled', timerId: 't1' }], T0);
      expect((await listTimersOfInstance(db, 'i')).map((t) => t.timerId)).toEqual(['t2']);
      await writeTimerEffects(db, 'i', [{ kind: 'instance.ended', status: 'completed', endEventId: 'end' }], T0);
      expect(await listTimersOfInstance(db, 'i')).toEqual([]);
    });

    it('given the scheduler running in the background, when timers come due, then each fires once without anyone calling it', async () => {
      const database = shared;
      await database.db.deleteFrom('jobs').execute();
      await database.db.deleteFrom('timers').execute();
      const executor = new RecordingExecutor(database);
      const clock = { now: () => Date.now() };
      const now = Date.now();
      await armTimers(database, 5, (i) => now - 1_000 + i * 100);
      const handlers = new JobHandlerRegistry().register('mail', async () => ({ kind: 'complete' }));
      await enqueueOutbox(database.db, { type: 'mail', payload: {}, idempotencyKey: 'k', now });
      const background = startBackground({ database, executor, clock, handlers, pollMs: 100 });
      try {
        await until(async () => (await countTimers(database.db)) === 0, 'the timers to fire');
        await until(async () => (await listJobs(database.db, { status: 'completed' })).length === 1, 'the job to run');
      } finally {
        await background.stop();
      }
      expect(executor.ofKind('fireTimer').map((c) => c.command.timerId).sort()).toEqual(['t0', 't1', 't2', 't3', 't4']);
    });
  });
}

describe('two schedulers racing on one PostgreSQL', () => {
  const open: PotokDatabase[] = [];
  afterEach(async () => {
    for (const d of open.splice(0)) await d.close();
  });

  it('given 600 due timers, when two schedulers fire them at once, then every timer fires exactly once and none early', async () => {
    const url = await freshPostgresUrl();
    const a = openDatabase({ url });
    const b = openDatabase({ url });
    open.push(a, b);
    await migrateToLatest(a);
    await armTimers(a, 600, (i) => (i < 500 ? T0 - i : T0 + 1 + i));
    const fires: string[] = [];
    const exec = (database: PotokDatabase) => {
      const e = new RecordingExecutor(database);
      const inner = e.execute.bind(e);
      e.execute = async (instanceId, command) => {
        const r = await inner(instanceId, command);
        if (command.kind === 'fireTimer') fires.push(`${instanceId}:${command.timerId}`);
        return r;
      };
      return e;
    };
    const clock = { now: () => T0 };
    const s1 = new TimerScheduler({ database: a, executor: exec(a), clock, owner: 'A', batchSize: 20, parallel: 4 });
    const s2 = new TimerScheduler({ database: b, executor: exec(b), clock, owner: 'B', batchSize: 20, parallel: 4 });
    const [n1, n2] = await Promise.all([s1.fireDue(T0), s2.fireDue(T0)]);
    expect(n1 + n2).toBe(500);
    expect(n1).toBeGreaterThan(0);
    expect(n2).toBeGreaterThan(0);
    expect(new Set(fires).size).toBe(500);
    expect(fires).toHaveLength(500);
    expect(await countTimers(a.db)).toBe(100);
  });

  it('given 400 jobs, when three workers on separate connections drain them at once, then every job runs exactly once', async () => {
    const url = await freshPostgresUrl();
    const dbs = [openDatabase({ url }), openDatabase({ url }), openDatabase({ url })];
    open.push(...dbs);
    await migrateToLatest(dbs[0]!);
    await dbs[0]!.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 400; i++) await enqueueOutbox(trx, { type: 'mail', payload: { i }, idempotencyKey: `k${i}`, now: T0 });
    });
    const runs: number[] = [];
    const handlers = new JobHandlerRegistry().register('mail', async (ctx) => (runs.push((ctx.job.payload as any).i), { kind: 'complete' }));
    const clock = { now: () => T0 };
    const counts = await Promise.all(
      dbs.map((database, i) => new JobWorkers({ database, executor: new RecordingExecutor(database), clock, handlers, owner: `w${i}`, concurrency: 8 }).drain(T0)),
    );
    expect(counts.reduce((x, y) => x + y, 0)).toBe(400);
    expect(counts.filter((c) => c > 0).length).toBeGreaterThan(1);
    expect(new Set(runs).size).toBe(400);
    expect(runs).toHaveLength(400);
  });
});

describe('serve and worker on one SQLite file', () => {
  it('given another process writing jobs and timers into the file, when this one claims and runs them meanwhile, then no "database is locked" error occurs and all run', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'potok-r2-'));
    const worker = openDatabase({ dataDir: dir });
    try {
      await migrateToLatest(worker);
      let ran = 0;
      const handlers = new JobHandlerRegistry().register('mail', async () => (ran++, { kind: 'complete' }));
      const workers = new JobWorkers({ database: worker, executor: new RecordingExecutor(worker), clock: { now: () => T0 }, handlers, owner: 'w' });
      const scheduler = new TimerScheduler({ database: worker, executor: new RecordingExecutor(worker), clock: { now: () => T0 }, owner: 's' });
      const producer = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'r2-sqlite-producer.ts'), dir, '300', String(T0)], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      producer.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number>((resolve) => producer.on('exit', (code) => resolve(code ?? 1)));
      let done = false;
      void exited.then(() => (done = true));
      let fired = 0;
      while (!done) {
        await workers.drain(T0);
        fired += await scheduler.fireDue(T0);
        await new Promise((r) => setTimeout(r, 1));
      }
      expect(stderr).toBe('');
      expect(await exited).toBe(0);
      await workers.drain(T0);
      fired += await scheduler.fireDue(T0);
      expect(ran).toBe(300);
      expect(fired).toBe(300);
    } finally {
      await worker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('firing a claimed batch', () => {
  it('given 30 timers due together, when the scheduler fires them, then it sends them all at once (the executor groups them) and a failing one is retried alone later', async () => {
    const database = openDatabase({ sqliteFile: ':memory:' });
    try {
      await migrateToLatest(database);
      await armTimers(database, 30, () => T0);
      const executor = new RecordingExecutor(database);
      let inFlight = 0;
      let most = 0;
      const execute = executor.execute.bind(executor);
      executor.execute = async (instanceId, command) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 1));
        try {
          return await execute(instanceId, command);
        } finally {
          inFlight--;
        }
      };
      executor.failures.push(new CodedError('CONFLICT', 'busy'));
      const scheduler = new TimerScheduler({ database, executor, clock: { now: () => T0 }, owner: 's', batchSize: 10 });
      expect(await scheduler.fireDue(T0)).toBe(30);
      expect(most).toBe(10);
      expect(executor.ofKind('fireTimer')).toHaveLength(30);
      expect(await countTimers(database.db)).toBe(0);
    } finally {
      await database.close();
    }
  });
});
