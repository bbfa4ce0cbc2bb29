import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PotokDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { claimExpiredLeases, claimJobs, enqueueOutbox, findJob, insertBpmnJob, listJobs, writeJobEffects } from '../../src/store/job.repository.ts';
import { backoffDelay } from '../../src/runtime/jobs/backoff.ts';
import { JobFailure, JobHandlerRegistry, type FinalFailureContext, type JobContext } from '../../src/runtime/jobs/job-handler.ts';
import { JobWorkers, LEASE_EXPIRED } from '../../src/runtime/jobs/job-workers.ts';
import { retryFailedJob } from '../../src/runtime/jobs/retry-job.ts';
import { testDatabases } from '../support/databases.ts';
import { CodedError, RecordingExecutor } from './r2-fakes.ts';

const T0 = Date.UTC(2026, 0, 12, 6, 0, 0);
/** The workers' lease in these tests. */
const LEASE = 30_000;

describe('the retry formula', () => {
  it('given failed attempts 1, 2, 3, 4 and 20, when the delay is computed, then it doubles from 5 s and stops at one hour', () => {
    expect([1, 2, 3, 4, 20].map((n) => backoffDelay(n))).toEqual([5_000, 10_000, 20_000, 40_000, 3_600_000]);
  });

  it('given ±10 % jitter, when the delay is computed, then it stays within 10 % of the formula', () => {
    const policy = { baseMs: 5_000, maxMs: 3_600_000, jitter: 0.1 };
    expect(backoffDelay(2, policy, () => 0)).toBe(9_000);
    expect(backoffDelay(2, policy, () => 1)).toBe(11_000);
  });
});

for (const target of testDatabases()) {
  describe(`jobs on ${target.name}`, () => {
    // One migrated database per file and database kind; each test starts from empty tables.
    let database: PotokDatabase;
    beforeAll(async () => {
      database = await target.open();
      await migrateToLatest(database);
    });
    afterAll(async () => {
      await database?.close();
    });

    async function setup() {
      await database.db.deleteFrom('jobs').execute();
      await database.db.deleteFrom('timers').execute();
      const executor = new RecordingExecutor(database);
      const handlers = new JobHandlerRegistry();
      const clock = { t: T0, now() { return this.t; } };
      const workers = new JobWorkers({ database, executor, clock, handlers, owner: 'w1', leaseMs: LEASE });
      return { executor, handlers, clock, workers, db: database.db };
    }

    function bpmnJob(db: any, elementInstanceId: string, headers: Record<string, string> = {}, retries = 3, type = 'crm.notify') {
      return db.transaction().execute((trx: any) =>
        insertBpmnJob(trx, 'inst-1', { elementInstanceId, elementId: 'create_counterparty_1c', type, retries, headers, variables: { dealId: 'D-1' } }, T0),
      );
    }

    it('given due and future jobs, when a worker claims, then it gets only the due ones, leased, and a second claim gets nothing', async () => {
      const { db } = await setup();
      await enqueueOutbox(db, { type: 'mail', payload: { to: 'a' }, idempotencyKey: 'k1', runAt: T0 - 1, now: T0 });
      await enqueueOutbox(db, { type: 'mail', payload: { to: 'b' }, idempotencyKey: 'k2', runAt: T0, now: T0 });
      await enqueueOutbox(db, { type: 'mail', payload: { to: 'c' }, idempotencyKey: 'k3', runAt: T0 + 1, now: T0 });
      const claimed = await claimJobs(db, database.caps, { now: T0, limit: 10, owner: 'A', leaseMs: 1_000, types: ['mail'] });
      expect(claimed.map((j) => j.payload.to).sort()).toEqual(['a', 'b']);
      expect(claimed.every((j) => j.status === 'running' && j.lockedBy === 'A' && j.lockedUntil === T0 + 1_000 && j.attempts === 1)).toBe(true);
      expect(await claimJobs(db, database.caps, { now: T0, limit: 10, owner: 'B', leaseMs: 1_000, types: ['mail'] })).toEqual([]);
    });

    /** A worker that claims due jobs and dies at once (SIGKILL, a crashing handler): it never reports. */
    function dieHolding(db: any, at: number, owner = 'dead-worker') {
      return claimJobs(db, database.caps, { now: at, limit: 10, owner, leaseMs: LEASE, types: ['mail', 'crm.notify'] });
    }

    it('given a worker that died holding a job, when its lease expires, then claiming skips it and one worker takes it over with the attempt still counted as its', async () => {
      const { db } = await setup();
      await enqueueOutbox(db, { type: 'mail', payload: {}, idempotencyKey: 'k1', runAt: T0, now: T0 });
      await claimJobs(db, database.caps, { now: T0, limit: 1, owner: 'A', leaseMs: 1_000, types: ['mail'] });
      const take = (owner: string, now: number) => claimExpiredLeases(db, database.caps, { now, limit: 10, owner, leaseMs: 1_000, types: ['mail'] });
      expect(await take('B', T0 + 1_000)).toEqual([]); // not before the lease is over
      expect(await claimJobs(db, database.caps, { now: T0 + 1_001, limit: 1, owner: 'B', leaseMs: 1_000, types: ['mail'] })).toEqual([]);
      const [taken] = await take('B', T0 + 1_001);
      expect(taken).toMatchObject({ heldBy: 'A', expiredAt: T0 + 1_000, job: { lockedBy: 'B', attempts: 1, status: 'running' } });
      expect(await take('C', T0 + 1_002)).toEqual([]);
    });

    it('given an outbox job whose worker died with retries left, when another worker looks after the lease, then the job is ready again after the backoff with one retry fewer and says why', async () => {
      const { db, handlers, workers } = await setup();
      const seen: JobContext['job'][] = [];
      handlers.register('mail', async (ctx) => (seen.push(ctx.job), { kind: 'complete' }));
      const { id } = await enqueueOutbox(db, { type: 'mail', payload: {}, idempotencyKey: 'k', retries: 3, now: T0 });
      await dieHolding(db, T0);
      expect(await workers.drain(T0 + LEASE)).toBe(0); // the lease still holds
      expect((await findJob(db, id))!.lockedBy).toBe('dead-worker');
      expect(await workers.drain(T0 + LEASE + 1)).toBe(0); // taken over, not run: the backoff first
      const job = await findJob(db, id);
      expect(job).toMatchObject({ status: 'ready', retries: 2, attempts: 1, runAt: T0 + LEASE + 1 + 5_000, lockedBy: null });
      expect(job!.lastError).toContain(`${LEASE_EXPIRED}: the worker's lease expired (worker stopped or crashed) during attempt 1`);
      expect(job!.lastError).toContain('dead-worker');
      expect(await workers.drain(T0 + LEASE + 5_000)).toBe(0);
      expect(await workers.drain(T0 + LEASE + 1 + 5_000)).toBe(1);
      expect(seen).toMatchObject([{ attempts: 2, retries: 2 }]);
      expect((await findJob(db, id))!.status).toBe('completed');
    });

    it('given an outbox job whose worker dies on every attempt, when its lease expires 3 times, then it fails for good after the 3rd and the final-failure hook is told once', async () => {
      const { db, handlers, workers } = await setup();
      const told: FinalFailureContext[] = [];
      handlers.register({ type: 'mail', run: async () => ({ kind: 'complete' }), onFinalFailure: async (ctx) => void told.push(ctx) });
      const { id } = await enqueueOutbox(db, { type: 'mail', payload: {}, idempotencyKey: 'k', retries: 3, now: T0 });
      let t = T0;
      for (let attempt = 1; attempt <= 3; attempt++) {
        expect(await dieHolding(db, t)).toHaveLength(1);
        t += LEASE + 1;
        await workers.drain(t);
        t = (await findJob(db, id))!.runAt;
      }
      const job = await findJob(db, id);
      expect(job).toMatchObject({ status: 'failed', retries: 0, attempts: 3, lockedBy: null });
      expect(job!.lastError).toMatch(/^LEASE_EXPIRED: .*worker stopped or crashed.* during attempt 3/);
      expect(told.map((c) => [c.job.id, c.message])).toEqual([[id, job!.lastError]]);
      expect(await dieHolding(db, t + 3_600_000)).toEqual([]); // not retried forever
    });

    it('given a service task whose worker dies on every attempt, when its lease expires each time, then failJob carries 2, 1 with the backoff and the last 0 (an incident) saying the worker stopped or crashed', async () => {
      const { db, handlers, workers, executor } = await setup();
      handlers.register('crm.notify', async () => ({ kind: 'complete' }));
      const id = await bpmnJob(db, '7', {}, 3);
      let t = T0;
      for (let attempt = 1; attempt <= 3; attempt++) {
        await dieHolding(db, t);
        t += LEASE + 1;
        await workers.drain(t);
        t = (await findJob(db, id))!.runAt;
      }
      const fails = executor.ofKind('failJob').map((c) => c.command);
      expect(fails.map((c) => [c.retries, c.retryAt])).toEqual([
        [2, T0 + LEASE + 1 + 5_000],
        [1, T0 + 2 * (LEASE + 1) + 5_000 + 10_000],
        [0, undefined],
      ]);
      expect(fails.every((c) => c.message.startsWith(`${LEASE_EXPIRED}: the worker's lease expired (worker stopped or crashed)`))).toBe(true);
      expect(executor.ofKind('completeJob')).toEqual([]);
      expect(await findJob(db, id)).toMatchObject({ status: 'failed', retries: 0, attempts: 3 });
    });

    it('given potok.errorOnFinalFailure on the task, when the worker of its last attempt dies, then the BPMN error is thrown with the lease message', async () => {
      const { db, handlers, workers, executor } = await setup();
      handlers.register('crm.notify', async () => ({ kind: 'complete' }));
      await bpmnJob(db, '7', { 'potok.errorOnFinalFailure': 'ONEC_FAILED' }, 1);
      await dieHolding(db, T0);
      await workers.drain(T0 + LEASE + 1);
      expect(executor.commands.map((c) => c.command)).toMatchObject([
        { kind: 'throwError', errorCode: 'ONEC_FAILED', variables: { create_counterparty_1cError: expect.stringContaining('worker stopped or crashed') } },
      ]);
    });

    it('given a worker stopping while a handler runs past the grace, when it gives the job back, then the job is ready at once with no retry used, and the lease time passing changes nothing', async () => {
      const { db, handlers, clock } = await setup();
      const seen: JobContext['job'][] = [];
      let started!: () => void;
      const running = new Promise<void>((r) => (started = r));
      handlers.register('mail', async (ctx) => {
        seen.push(ctx.job);
        if (seen.length > 1) return { kind: 'complete' };
        started();
        await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
        return { kind: 'complete' };
      });
      const { id } = await enqueueOutbox(db, { type: 'mail', payload: {}, idempotencyKey: 'k', retries: 3, now: T0 });
      const stopping = new JobWorkers({ database, executor: new RecordingExecutor(database), clock, handlers, owner: 'stopping', leaseMs: LEASE, pollMs: 10 });
      stopping.start();
      await running;
      await stopping.stop(20);
      expect(await findJob(db, id)).toMatchObject({ status: 'ready', retries: 3, attempts: 0, lockedBy: null });
      const next = new JobWorkers({ database, executor: new RecordingExecutor(database), clock, handlers, owner: 'next', leaseMs: LEASE });
      expect(await next.drain(T0 + LEASE + 1)).toBe(1);
      expect(seen.map((j) => [j.attempts, j.retries])).toEqual([
        [1, 3],
        [1, 3],
      ]);
      expect((await findJob(db, id))!).toMatchObject({ status: 'completed', lastError: null });
    });

    it('given a job this process still runs, when its lease looks expired (renewal lagging), then the same process does not count it as failed and its outcome is kept', async () => {
      const { db, handlers, clock } = await setup();
      let finish!: () => void;
      const release = new Promise<void>((r) => (finish = r));
      let started!: () => void;
      const running = new Promise<void>((r) => (started = r));
      handlers.register('mail', async () => (started(), await release, { kind: 'complete' }));
      const { id } = await enqueueOutbox(db, { type: 'mail', payload: {}, idempotencyKey: 'k', retries: 3, now: T0 });
      const workers = new JobWorkers({ database, executor: new RecordingExecutor(database), clock, handlers, owner: 'busy', leaseMs: LEASE, pollMs: 10 });
      workers.start();
      try {
        await running;
        clock.t = T0 + LEASE + 1;
        workers.wake();
        await new Promise((r) => setTimeout(r, 100)); // a few steps of the loop
        expect(await findJob(db, id)).toMatchObject({ status: 'running', lockedBy: 'busy', retries: 3, lastError: null });
        finish();
        for (let i = 0; i < 50 && workers.inFlight > 0; i++) await new Promise((r) => setTimeout(r, 10));
        expect(await findJob(db, id)).toMatchObject({ status: 'completed', retries: 3, attempts: 1 });
      } finally {
        await workers.stop(0);
      }
    });

    it('given a slow worker whose lease expired and was taken over, when it reports late, then its outcome is dropped: no second completion, and the next attempt is untouched', async () => {
      const { db, handlers, workers: taker, executor, clock } = await setup();
      let finish!: () => void;
      const release = new Promise<void>((r) => (finish = r));
      let slowStarted!: () => void;
      const started = new Promise<void>((r) => (slowStarted = r));
      const slowHandlers = new JobHandlerRegistry().register('crm.notify', async () => (slowStarted(), await release, { kind: 'complete', variables: { late: true } }));
      const slow = new JobWorkers({ database, executor, clock, handlers: slowHandlers, owner: 'slow', leaseMs: LEASE });
      const id = await bpmnJob(db, '7', {}, 3);
      const late = slow.drain(T0); // runs the handler without renewing its lease (a hung process)
      await started;
      handlers.register('crm.notify', async () => new Promise(() => {})); // the taker's next attempt never ends here
      await taker.drain(T0 + LEASE + 1); // takes over: attempt 1 failed, retry after 5 s
      expect(await findJob(db, id)).toMatchObject({ status: 'ready', retries: 2, attempts: 1 });
      // the retry is claimed (attempt 2 running) before the slow worker wakes up
      await claimJobs(db, database.caps, { now: T0 + LEASE + 1 + 5_000, limit: 1, owner: 'next', leaseMs: LEASE, types: ['crm.notify'] });
      finish();
      await late;
      expect(executor.ofKind('completeJob')).toEqual([]);
      expect(executor.commands.map((c) => c.command.kind)).toEqual(['failJob']);
      expect(await findJob(db, id)).toMatchObject({ status: 'running', lockedBy: 'next', attempts: 2, retries: 2, result: null });
    });

    it('given a slow outbox worker whose lease expired and was taken over, when it reports success late, then the job is not completed behind the retry', async () => {
      const { db, handlers, workers: taker, clock } = await setup();
      let finish!: () => void;
      const release = new Promise<void>((r) => (finish = r));
      let slowStarted!: () => void;
      const started = new Promise<void>((r) => (slowStarted = r));
      const slowHandlers = new JobHandlerRegistry().register('mail', async () => (slowStarted(), await release, { kind: 'complete', variables: { late: true } }));
      const slow = new JobWorkers({ database, executor: new RecordingExecutor(database), clock, handlers: slowHandlers, owner: 'slow', leaseMs: LEASE });
      handlers.register('mail', async () => ({ kind: 'complete' }));
      const { id } = await enqueueOutbox(db, { type: 'mail', payload: {}, idempotencyKey: 'k', retries: 3, now: T0 });
      const late = slow.drain(T0);
      await started;
      await taker.drain(T0 + LEASE + 1);
      finish();
      await late;
      expect(await findJob(db, id)).toMatchObject({ status: 'ready', retries: 2, attempts: 1, result: null });
    });

    it('given the same outbox message twice, when enqueued, then one job exists', async () => {
      const { db } = await setup();
      const first = await enqueueOutbox(db, { type: 'mail', payload: { n: 1 }, idempotencyKey: 'deal-1:welcome', now: T0 });
      const second = await enqueueOutbox(db, { type: 'mail', payload: { n: 2 }, idempotencyKey: 'deal-1:welcome', now: T0 });
      expect(first.created).toBe(true);
      expect(second).toEqual({ id: first.id, created: false });
      expect(await listJobs(db)).toHaveLength(1);
    });

    it('given an outbox job, when the worker runs it, then the handler sees its payload and idempotency key and the job is completed', async () => {
      const { db, handlers, workers } = await setup();
      const seen: JobContext[] = [];
      handlers.register({ type: 'mail', run: async (ctx) => (seen.push(ctx), { kind: 'complete', variables: { messageId: '<1@x>' } }) });
      const { id } = await enqueueOutbox(db, { type: 'mail', payload: { to: 'a@b.ru' }, idempotencyKey: 'deal-1:welcome', now: T0 });
      expect(await workers.drain(T0)).toBe(1);
      expect(seen[0]!.idempotencyKey).toBe('deal-1:welcome');
      expect(seen[0]!.job.payload).toEqual({ to: 'a@b.ru' });
      const job = await findJob(db, id);
      expect(job!.status).toBe('completed');
      expect(job!.result).toEqual({ messageId: '<1@x>' });
    });

    it('given an outbox job that keeps failing, when retried, then it waits 5 s, 10 s and fails for good after its last attempt', async () => {
      const { db, handlers, workers } = await setup();
      handlers.register({ type: 'mail', run: async () => { throw new JobFailure('SMTP 451 try later', true); } });
      const { id } = await enqueueOutbox(db, { type: 'mail', payload: {}, idempotencyKey: 'k', retries: 3, now: T0 });
      await workers.drain(T0);
      expect(await findJob(db, id)).toMatchObject({ status: 'ready', retries: 2, runAt: T0 + 5_000, lastError: 'SMTP 451 try later' });
      expect(await workers.drain(T0 + 4_999)).toBe(0);
      await workers.drain(T0 + 5_000);
      expect(await findJob(db, id)).toMatchObject({ status: 'ready', retries: 1, runAt: T0 + 15_000 });
      await workers.drain(T0 + 15_000);
      expect(await findJob(db, id)).toMatchObject({ status: 'failed', retries: 0, attempts: 3 });
    });

    it('given a failed outbox job, when the operator retries it, then it runs again and completes', async () => {
      const { db, handlers, workers } = await setup();
      let fail = true;
      handlers.register({ type: 'mail', run: async () => { if (fail) throw new JobFailure('mailbox full', false); return { kind: 'complete' }; } });
      const { id } = await enqueueOutbox(db, { type: 'mail', payload: {}, idempotencyKey: 'k', now: T0 });
      await workers.drain(T0);
      expect((await findJob(db, id))!.status).toBe('failed');
      fail = false;
      expect(await retryFailedJob(db, id, { now: T0 + 60_000 })).toEqual({ ok: true });
      await workers.drain(T0 + 60_000);
      expect((await findJob(db, id))!.status).toBe('completed');
      expect(await retryFailedJob(db, id, { now: T0 + 60_000 })).toMatchObject({ ok: false, code: 'JOB_NOT_FAILED' });
    });

    it('given a service task job, when its handler completes, then the instance gets completeJob with the variables', async () => {
      const { db, handlers, workers, executor } = await setup();
      handlers.register('crm.notify', async () => ({ kind: 'complete', variables: { notified: true } }));
      const id = await bpmnJob(db, '7');
      await workers.drain(T0);
      expect(executor.commands).toEqual([{ instanceId: 'inst-1', command: { kind: 'completeJob', elementInstanceId: '7', variables: { notified: true } } }]);
      expect((await findJob(db, id))!.status).toBe('completed');
    });

    it('given a service task whose handler reports a business error, when run, then the instance gets that BPMN error', async () => {
      const { db, handlers, workers, executor } = await setup();
      handlers.register('crm.notify', async () => ({ kind: 'error', errorCode: 'INN_BANNED', message: 'ИНН в чёрном списке' }));
      await bpmnJob(db, '7');
      await workers.drain(T0);
      expect(executor.commands[0]!.command).toEqual({ kind: 'throwError', elementInstanceId: '7', errorCode: 'INN_BANNED', message: 'ИНН в чёрном списке' });
    });

    it('given a service task failing retryably, when it runs out of attempts, then failJob carries the retries left and retry times, and the last one 0 (an incident)', async () => {
      const { db, handlers, workers, executor } = await setup();
      handlers.register('crm.notify', async () => { throw new Error('ECONNRESET'); });
      const id = await bpmnJob(db, '7', {}, 3);
      await workers.drain(T0);
      await workers.drain(T0 + 5_000);
      await workers.drain(T0 + 15_000);
      expect(executor.ofKind('failJob').map((c) => [c.command.retries, c.command.retryAt])).toEqual([
        [2, T0 + 5_000],
        [1, T0 + 15_000],
        [0, undefined],
      ]);
      expect(await findJob(db, id)).toMatchObject({ status: 'failed', lastError: 'ECONNRESET' });
    });

    it('given a non-retryable failure, when the task runs, then it fails at once with 0 retries', async () => {
      const { db, handlers, workers, executor } = await setup();
      handlers.register('crm.notify', async () => { throw new JobFailure('1C refused: ИНН is wrong', false); });
      await bpmnJob(db, '7', {}, 3);
      await workers.drain(T0);
      expect(executor.commands.map((c) => c.command)).toEqual([{ kind: 'failJob', elementInstanceId: '7', retries: 0, message: '1C refused: ИНН is wrong' }]);
    });

    it('given potok.errorOnFinalFailure on the task, when the last attempt fails, then the BPMN error is thrown with the message in <taskId>Error', async () => {
      const { db, handlers, workers, executor } = await setup();
      handlers.register('crm.notify', async () => { throw new JobFailure('1C is unreachable', true); });
      const id = await bpmnJob(db, '7', { 'potok.errorOnFinalFailure': 'ONEC_FAILED' }, 2);
      await workers.drain(T0);
      await workers.drain(T0 + 5_000);
      expect(executor.commands.map((c) => c.command)).toEqual([
        { kind: 'failJob', elementInstanceId: '7', retries: 1, message: '1C is unreachable', retryAt: T0 + 5_000 },
        { kind: 'throwError', elementInstanceId: '7', errorCode: 'ONEC_FAILED', message: '1C is unreachable', variables: { create_counterparty_1cError: '1C is unreachable' } },
      ]);
      expect((await findJob(db, id))!.status).toBe('completed');
    });

    it('given potok.errorVariable, when the error is thrown on final failure, then the message goes into that variable', async () => {
      const { db, handlers, workers, executor } = await setup();
      handlers.register('crm.notify', async () => { throw new JobFailure('401 Unauthorized', false); });
      await bpmnJob(db, '7', { 'potok.errorOnFinalFailure': 'ONEC_FAILED', 'potok.errorVariable': 'onecError' });
      await workers.drain(T0);
      expect(executor.commands[0]!.command).toMatchObject({ kind: 'throwError', variables: { onecError: '401 Unauthorized' } });
    });

    it('given a job whose instance was cancelled, when workers drain, then the job is cancelled and its handler never runs', async () => {
      const { db, handlers, workers } = await setup();
      let ran = 0;
      handlers.register('crm.notify', async () => (ran++, { kind: 'complete' }));
      const id = await bpmnJob(db, '7');
      await db.transaction().execute((trx) => writeJobEffects(trx, 'inst-1', [{ kind: 'instance.ended', status: 'cancelled', endEventId: null }], T0));
      expect(await workers.drain(T0)).toBe(0);
      expect(ran).toBe(0);
      expect((await findJob(db, id))!.status).toBe('cancelled');
    });

    it('given the task was interrupted while its handler ran, when the outcome is reported, then the job ends cancelled', async () => {
      const { db, handlers, workers, executor } = await setup();
      handlers.register('crm.notify', async () => ({ kind: 'complete' }));
      const id = await bpmnJob(db, '7');
      executor.failures.push(new CodedError('NOT_FOUND', 'no element instance 7'));
      await workers.drain(T0);
      expect((await findJob(db, id))!.status).toBe('cancelled');
    });

    it('given a busy instance, when the outcome is reported, then it is sent again and applied', async () => {
      const { db, handlers, workers, executor } = await setup();
      handlers.register('crm.notify', async () => ({ kind: 'complete' }));
      const id = await bpmnJob(db, '7');
      executor.failures.push(new CodedError('CONFLICT'), new CodedError('CONFLICT'));
      await workers.drain(T0);
      expect(executor.ofKind('completeJob')).toHaveLength(1);
      expect((await findJob(db, id))!.status).toBe('completed');
    });

    it('given the executor wrote a retry (job.retry) and the incident of a failed job, when effects are written, then the row follows', async () => {
      const { db } = await setup();
      const id = await bpmnJob(db, '7');
      await db.transaction().execute((trx) =>
        writeJobEffects(trx, 'inst-1', [{ kind: 'job.retry', elementInstanceId: '7', retries: 2, retryAt: T0 + 5_000, message: 'down' }], T0),
      );
      expect(await findJob(db, id)).toMatchObject({ status: 'ready', retries: 2, runAt: T0 + 5_000, lastError: 'down' });
      await db.transaction().execute((trx) =>
        writeJobEffects(trx, 'inst-1', [{ kind: 'incident.raised', incident: { id: 'i1', elementInstanceId: '7', elementId: 'x', type: 'JOB_NO_RETRIES', message: 'down', createdAt: T0 } }], T0),
      );
      expect(await findJob(db, id)).toMatchObject({ status: 'failed', retries: 0 });
      // Resolving the incident re-creates the job: the same row is ready again.
      await db.transaction().execute((trx) =>
        writeJobEffects(trx, 'inst-1', [{ kind: 'job.created', job: { elementInstanceId: '7', elementId: 'x', type: 'crm.notify', retries: 3, headers: {}, variables: {} } }], T0 + 1),
      );
      expect(await findJob(db, id)).toMatchObject({ status: 'ready', retries: 3, runAt: T0 + 1 });
    });

    it('given no handler for a job type, when workers drain, then the job waits untouched', async () => {
      const { db, workers } = await setup();
      const id = await bpmnJob(db, '7', {}, 3, 'unknown.type');
      expect(await workers.drain(T0)).toBe(0);
      expect((await findJob(db, id))!.status).toBe('ready');
    });
  });
}
