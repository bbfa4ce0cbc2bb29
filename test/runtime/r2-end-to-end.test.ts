import { afterEach, describe, expect, it } from 'vitest';
import type { PotokDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { ManualClock } from '../../src/runtime/clock.ts';
import { createRuntime, type Runtime } from '../../src/runtime/index.ts';
import { claimJobs, listJobs } from '../../src/store/job.repository.ts';
import { backoffDelay } from '../../src/runtime/jobs/backoff.ts';
import { countTimers } from '../../src/store/timer.repository.ts';
import { JobFailure, JobHandlerRegistry } from '../../src/runtime/jobs/job-handler.ts';
import { JobWorkers } from '../../src/runtime/jobs/job-workers.ts';
import { TimerScheduler } from '../../src/runtime/scheduler/timer-scheduler.ts';
import { testDatabases } from '../support/databases.ts';
import { jobsAndTimerModel } from './r2-models.ts';

const T0 = Date.UTC(2026, 2, 2, 7, 0, 0);

for (const target of testDatabases()) {
  describe(`jobs and timers through the engine on ${target.name}`, () => {
    const open: PotokDatabase[] = [];
    afterEach(async () => {
      for (const d of open.splice(0)) await d.close();
    });

    async function setup(model: string, onec: () => Promise<any>) {
      const database = await target.open();
      open.push(database);
      await migrateToLatest(database);
      const clock = new ManualClock(T0);
      const rt: Runtime = createRuntime({ database, clock });
      await rt.deployments.deployModel(model, { source: 'admin', actor: 'admin' });
      const runs: string[] = [];
      const handlers = new JobHandlerRegistry()
        .register('r2.step', async (ctx) => (runs.push(ctx.idempotencyKey), { kind: 'complete', variables: { stepped: true } }))
        .register('r2.onec', async () => onec());
      const workers = new JobWorkers({ database, executor: rt.executor, clock, handlers, owner: 'w' });
      const scheduler = new TimerScheduler({ database, executor: rt.executor, clock, owner: 's' });
      return { rt, clock, workers, scheduler, runs, db: database.db };
    }

    async function statuses(db: any): Promise<Record<string, number>> {
      const rows = await db.selectFrom('instances').select(['status']).execute();
      const out: Record<string, number> = {};
      for (const r of rows) out[r.status] = (out[r.status] ?? 0) + 1;
      return out;
    }

    it('given 10 instances, when the workers drain and the timers come due, then every instance ends, each timer fired once and each job ran once', async () => {
      const { rt, clock, workers, scheduler, runs, db } = await setup(jobsAndTimerModel(), async () => ({ kind: 'complete', variables: { onecRef: 'ref' } }));
      for (let i = 0; i < 10; i++) await rt.executor.start({ processId: 'r2flow', businessKey: `deal-${i}` });
      expect(await workers.drain(clock.now())).toBe(10);
      expect(await scheduler.fireDue(clock.now())).toBe(0); // not early
      clock.advance(59_999);
      expect(await scheduler.fireDue(clock.now())).toBe(0);
      clock.advance(1);
      expect(await scheduler.fireDue(clock.now())).toBe(10);
      expect(await scheduler.fireDue(clock.now())).toBe(0);
      expect(await workers.drain(clock.now())).toBe(10);
      expect(await statuses(db)).toEqual({ completed: 10 });
      expect(new Set(runs).size).toBe(10);
      expect(await countTimers(db)).toBe(0);
      const jobs = await listJobs(db);
      expect(jobs).toHaveLength(20);
      expect(jobs.every((j) => j.status === 'completed' && j.attempts === 1)).toBe(true);
      const fired = await db.selectFrom('history').select('instance_id').where('kind', '=', 'timer.fired').execute();
      expect(fired).toHaveLength(10);
      expect(new Set(fired.map((r: any) => r.instance_id)).size).toBe(10);
    });

    it('given 1C failing on every attempt and potok.errorOnFinalFailure, when the retries run out, then the deal moves on to the manual task with the message in onecError', async () => {
      const { rt, clock, workers, scheduler, db } = await setup(jobsAndTimerModel({ errorOnFinalFailure: true, waitSeconds: 1 }), async () => {
        throw new JobFailure('1C is unreachable: ECONNREFUSED', true);
      });
      const { instanceId } = await rt.executor.start({ processId: 'r2flow', businessKey: 'deal-1' });
      await workers.drain(clock.now());
      clock.advance(1_000);
      await scheduler.fireDue(clock.now());
      await workers.drain(clock.now()); // attempt 1 of 2 fails
      expect(await workers.drain(clock.now() + 4_999)).toBe(0); // backoff: not before 5 s
      clock.advance(5_000);
      await workers.drain(clock.now()); // attempt 2 fails: BPMN error
      const task = await db.selectFrom('user_tasks').select(['element_id', 'status']).where('instance_id', '=', instanceId).executeTakeFirst();
      expect(task).toEqual({ element_id: 'manual', status: 'open' });
      const variable = await db.selectFrom('variables').select('value').where('instance_id', '=', instanceId).where('name', '=', 'onecError').executeTakeFirst();
      expect(JSON.parse(String(variable!.value))).toBe('1C is unreachable: ECONNREFUSED');
      const incidents = await db.selectFrom('incidents').selectAll().where('instance_id', '=', instanceId).execute();
      expect(incidents).toEqual([]);
    });

    it('given 1C failing for good without errorOnFinalFailure, when the retries run out, then an incident is raised; resolving it runs the job again', async () => {
      let fail = true;
      const { rt, clock, workers, scheduler, db } = await setup(jobsAndTimerModel({ waitSeconds: 1 }), async () => {
        if (fail) throw new JobFailure('401 Unauthorized', false);
        return { kind: 'complete' };
      });
      const { instanceId } = await rt.executor.start({ processId: 'r2flow' });
      await workers.drain(clock.now());
      clock.advance(1_000);
      await scheduler.fireDue(clock.now());
      await workers.drain(clock.now());
      const incident = await db.selectFrom('incidents').selectAll().where('instance_id', '=', instanceId).executeTakeFirst();
      expect(incident).toMatchObject({ type: 'JOB_NO_RETRIES', element_id: 'onec' });
      expect(incident!.message).toContain('401 Unauthorized');
      expect((await listJobs(db, { status: 'failed' })).map((j) => j.elementId)).toEqual(['onec']);
      fail = false;
      await rt.executor.resolveIncident(incident!.id, 'admin');
      expect(await workers.drain(clock.now())).toBe(1);
      expect(await statuses(db)).toEqual({ completed: 1 });
    });

    it('given a service task whose handler kills its worker on every attempt, when each lease expires, then the retries run out into an incident saying the worker stopped or crashed (not retried forever)', async () => {
      const { rt, clock, workers, runs, db } = await setup(jobsAndTimerModel(), async () => ({ kind: 'complete' }));
      const { instanceId } = await rt.executor.start({ processId: 'r2flow' });
      const lease = 60_000; // JobWorkers' default, which the workers above use
      for (let attempt = 1; attempt <= 3; attempt++) {
        // A worker claims the step's job and dies before reporting (the handler took the process down).
        const [claimed] = await claimJobs(db, rt.database.caps, { now: clock.now(), limit: 1, owner: `dying-${attempt}`, leaseMs: lease, types: ['r2.step'] });
        expect(claimed).toMatchObject({ attempts: attempt, retries: 4 - attempt });
        clock.advance(lease + 1);
        expect(await workers.drain(clock.now())).toBe(0); // the dead attempt is reported, the job not run
        const job = (await listJobs(db))[0]!;
        if (attempt < 3) {
          expect(job).toMatchObject({ status: 'ready', retries: 3 - attempt, runAt: clock.now() + backoffDelay(attempt) });
          clock.set(job.runAt);
        }
      }
      expect(runs).toEqual([]);
      const incident = await db.selectFrom('incidents').selectAll().where('instance_id', '=', instanceId).executeTakeFirst();
      expect(incident).toMatchObject({ type: 'JOB_NO_RETRIES', element_id: 'step' });
      expect(incident!.message).toContain("LEASE_EXPIRED: the worker's lease expired (worker stopped or crashed) during attempt 3");
      expect(incident!.message).toContain('dying-3');
      expect((await listJobs(db))[0]).toMatchObject({ status: 'failed', retries: 0, attempts: 3 });
      clock.advance(3_600_000);
      expect(await workers.drain(clock.now())).toBe(0);
      // The admin fixes the handler and retries: the job runs again with fresh attempts.
      await rt.executor.resolveIncident(incident!.id, 'admin');
      expect(await workers.drain(clock.now())).toBe(1);
      expect(runs).toHaveLength(1);
    });

    it('given an instance cancelled while its job waits, when the workers drain, then the job is cancelled and never runs', async () => {
      const { rt, clock, workers, runs, db } = await setup(jobsAndTimerModel(), async () => ({ kind: 'complete' }));
      const { instanceId } = await rt.executor.start({ processId: 'r2flow' });
      await rt.executor.cancelInstance(instanceId, 'client left');
      expect(await workers.drain(clock.now())).toBe(0);
      expect(runs).toEqual([]);
      expect((await listJobs(db)).map((j) => j.status)).toEqual(['cancelled']);
    });
  });
}
