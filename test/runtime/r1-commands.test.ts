import { describe, it, expect, afterEach } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { listUserTasks } from '../../src/store/user-task.repository.ts';
import { listHistory } from '../../src/store/history.repository.ts';
import { findInstance } from '../../src/store/instance.repository.ts';
import { listOpenIncidents, listIncidentsOfInstance } from '../../src/store/incident.repository.ts';
import { listJobs } from '../../src/store/job.repository.ts';
import { RuntimeError } from '../../src/runtime/errors.ts';
import { HOUR, T0, dealModel, openRuntime, rowsOf, type TestRuntime } from './r1-support.ts';

async function startDeal(rt: TestRuntime, variables: Record<string, unknown> = {}) {
  await rt.deployments.deployModel(dealModel(), { source: 'admin', actor: 'admin' });
  return rt.executor.start({ processId: 'deal', businessKey: 'D-1', variables: { owner: 'ivanov', dealId: 'D-1', ...variables } as any, actor: 'ivanov' });
}

async function openTask(rt: TestRuntime, instanceId: string, elementId: string) {
  const tasks = await listUserTasks(rt.database.db, { instanceId, status: 'open' });
  const task = tasks.find((t) => t.elementId === elementId);
  if (!task) throw new Error(`no open task ${elementId}; open: ${tasks.map((t) => t.elementId).join(', ')}`);
  return task;
}

/** Drives a deal to its billing job: call → approve (no loop). */
async function toBilling(rt: TestRuntime, instanceId: string) {
  await rt.executor.completeUserTask((await openTask(rt, instanceId, 'call')).id, {}, 'ivanov');
  await rt.executor.completeUserTask((await openTask(rt, instanceId, 'approve')).id, { again: false }, 'petrov');
}

for (const target of testDatabases()) {
  describe(`commands on ${target.name}`, () => {
    let rt: TestRuntime | undefined;
    afterEach(async () => {
      await rt?.database.close();
      rt = undefined;
    });

    it('given a deployed model, when an instance starts, then its first user task is a row in the assignee\'s and the group\'s lists', async () => {
      rt = await openRuntime(target);
      const { instanceId } = await startDeal(rt);
      const mine = await listUserTasks(rt.database.db, { assignee: 'ivanov', status: 'open' });
      expect(mine.map((t) => [t.instanceId, t.elementId, t.title, t.kind, t.businessKey])).toEqual([[instanceId, 'call', 'Позвонить клиенту', 'call', 'D-1']]);
      const sales = await listUserTasks(rt.database.db, { candidateGroups: ['sales'], status: 'open' });
      expect(sales.map((t) => t.elementId)).toEqual(['call']);
      expect(sales[0]!.candidateGroups).toEqual(['sales']);
      const instance = await findInstance(rt.database.db, instanceId);
      expect(instance).toMatchObject({ status: 'active', version: 1, businessKey: 'D-1', processId: 'deal', definitionKey: 'deal:1', startedBy: 'ivanov' });
    });

    it('given an open task, when completed, then the next task opens and the completion records who did it', async () => {
      rt = await openRuntime(target);
      const { instanceId } = await startDeal(rt);
      const call = await openTask(rt, instanceId, 'call');
      rt.clock.advance(10 * 60_000);
      const result = await rt.executor.completeUserTask(call.id, { outcome: 'дозвонился' }, 'ivanov');
      expect(result.version).toBe(2);
      const done = (await listUserTasks(rt.database.db, { instanceId, status: 'completed' }))[0]!;
      expect(done).toMatchObject({ id: call.id, completedBy: 'ivanov', completedAt: T0 + 10 * 60_000, result: { outcome: 'дозвонился', completedBy: 'ivanov' } });
      const open = await listUserTasks(rt.database.db, { instanceId, status: 'open' });
      expect(open.map((t) => t.elementId)).toEqual(['approve']);
      const vars = await rowsOf(rt.database, 'variables', instanceId);
      expect(vars.find((v) => v.name === 'completedBy')).toBeTruthy();
    });

    it('given an approval that sends the deal back, when it loops twice, then each round opens a fresh call task', async () => {
      rt = await openRuntime(target);
      const { instanceId } = await startDeal(rt);
      const callIds: string[] = [];
      for (let round = 0; round < 3; round++) {
        const call = await openTask(rt, instanceId, 'call');
        callIds.push(call.id);
        await rt.executor.completeUserTask(call.id, {}, 'ivanov');
        await rt.executor.completeUserTask((await openTask(rt, instanceId, 'approve')).id, { again: round < 2 }, 'petrov');
      }
      expect(new Set(callIds).size).toBe(3);
      const completed = await listUserTasks(rt.database.db, { instanceId, status: 'completed' });
      expect(completed).toHaveLength(6);
      expect(await listUserTasks(rt.database.db, { instanceId, status: 'open' })).toHaveLength(0);
      expect((await listJobs(rt.database.db, { instanceId })).map((j) => j.type)).toEqual(['bill']);
    });

    it('given a task with a reminder, when it opens, then the timer row carries the absolute due time and firing it removes the row', async () => {
      rt = await openRuntime(target);
      const { instanceId } = await startDeal(rt);
      const [timer] = await rowsOf(rt.database, 'timers', instanceId);
      expect(Number(timer.due_at)).toBe(T0 + 2 * HOUR);
      rt.clock.set(T0 + 2 * HOUR);
      await rt.executor.execute(instanceId, { kind: 'fireTimer', timerId: timer.timer_id });
      expect(await rowsOf(rt.database, 'timers', instanceId)).toEqual([]);
      expect((await openTask(rt, instanceId, 'call')).status).toBe('open');
      const kinds = (await listHistory(rt.database.db, instanceId)).map((h) => h.kind);
      expect(kinds).toContain('timer.fired');
    });

    it('given a service task, when the job completes and the message and timer arrive, then the instance ends and nothing waits', async () => {
      rt = await openRuntime(target);
      const { instanceId } = await startDeal(rt);
      await toBilling(rt, instanceId);
      const [job] = await listJobs(rt.database.db, { instanceId });
      expect(job).toMatchObject({ type: 'bill', status: 'ready', retries: 2, kind: 'bpmn' });
      expect((job!.payload as any).dealId).toBe('D-1');
      await rt.executor.execute(instanceId, { kind: 'completeJob', elementInstanceId: job!.elementInstanceId!, variables: { invoice: 'СЧ-1' } });
      expect((await listJobs(rt.database.db, { instanceId }))[0]!.status).toBe('completed');
      expect((await rowsOf(rt.database, 'message_subscriptions', instanceId)).map((s) => [s.message_name, s.correlation_key])).toEqual([['docs', 'D-1']]);
      expect(await rt.executor.correlateMessage('docs', 'D-2')).toEqual([]);
      expect(await rt.executor.correlateMessage('docs', 'D-1', { docs: true })).toEqual([instanceId]);
      const [coolOff] = await rowsOf(rt.database, 'timers', instanceId);
      expect(Number(coolOff.due_at)).toBe(T0 + HOUR);
      rt.clock.set(T0 + HOUR);
      await rt.executor.execute(instanceId, { kind: 'fireTimer', timerId: coolOff.timer_id });
      expect(await findInstance(rt.database.db, instanceId)).toMatchObject({ status: 'completed', endedAt: T0 + HOUR });
      for (const table of ['timers', 'message_subscriptions', 'element_instances']) expect(await rowsOf(rt.database, table, instanceId)).toEqual([]);
      expect(await listUserTasks(rt.database.db, { instanceId, status: 'open' })).toEqual([]);
    });

    it('given an instance waiting on a task, a timer and a job, when cancelled, then its tasks are cancelled and its timers and jobs are gone', async () => {
      rt = await openRuntime(target);
      const first = await startDeal(rt);
      await rt.executor.cancelInstance(first.instanceId, 'клиент отказался', 'manager');
      expect(await findInstance(rt.database.db, first.instanceId)).toMatchObject({ status: 'cancelled' });
      expect((await listUserTasks(rt.database.db, { instanceId: first.instanceId })).map((t) => t.status)).toEqual(['cancelled']);
      expect(await rowsOf(rt.database, 'timers', first.instanceId)).toEqual([]);
      const second = await rt.executor.start({ processId: 'deal', variables: { owner: 'ivanov', dealId: 'D-2' } });
      await toBilling(rt, second.instanceId);
      await rt.executor.cancelInstance(second.instanceId, null, 'manager');
      expect((await listJobs(rt.database.db, { instanceId: second.instanceId })).map((j) => j.status)).toEqual(['cancelled']);
      const history = await listHistory(rt.database.db, second.instanceId);
      expect(history.at(-1)).toMatchObject({ actor: 'manager' });
      await expect(rt.executor.cancelInstance(second.instanceId)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    });

    it('given a job out of retries, when its incident is resolved, then the job runs again with fresh retries', async () => {
      rt = await openRuntime(target);
      const { instanceId } = await startDeal(rt);
      await toBilling(rt, instanceId);
      const [job] = await listJobs(rt.database.db, { instanceId });
      await rt.executor.execute(instanceId, { kind: 'failJob', elementInstanceId: job!.elementInstanceId!, retries: 0, message: '1С недоступна' });
      const [incident] = await listOpenIncidents(rt.database.db, instanceId);
      expect(incident).toMatchObject({ type: 'JOB_NO_RETRIES', elementId: 'bill', message: expect.stringContaining('1С недоступна'), businessKey: 'D-1' });
      expect((await listJobs(rt.database.db, { instanceId }))[0]!.status).toBe('failed');
      await rt.executor.resolveIncident(incident!.id, 'admin');
      expect(await listOpenIncidents(rt.database.db, instanceId)).toEqual([]);
      expect((await listIncidentsOfInstance(rt.database.db, instanceId))[0]).toMatchObject({ resolvedBy: 'admin', resolvedAt: T0 });
      const [again] = await listJobs(rt.database.db, { instanceId });
      expect(again).toMatchObject({ status: 'ready', retries: 2 });
      await expect(rt.executor.resolveIncident(incident!.id)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    });

    it('given a task, when claimed, unclaimed and reassigned, then only the row changes and each change is in the history', async () => {
      rt = await openRuntime(target);
      const { instanceId } = await startDeal(rt);
      await rt.executor.completeUserTask((await openTask(rt, instanceId, 'call')).id, {}, 'ivanov');
      const approve = await openTask(rt, instanceId, 'approve');
      expect(approve.assignee).toBeNull();
      expect((await rt.executor.claimUserTask(approve.id, 'petrov')).assignee).toBe('petrov');
      await expect(rt.executor.claimUserTask(approve.id, 'sidorov')).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await rt.executor.unclaimUserTask(approve.id, 'petrov')).assignee).toBeNull();
      expect((await rt.executor.reassignUserTask(approve.id, 'sidorov', 'boss')).assignee).toBe('sidorov');
      const history = await listHistory(rt.database.db, instanceId);
      expect(history.filter((h) => h.kind.startsWith('task.')).map((h) => [h.kind, h.actor, h.data.to])).toEqual([
        ['task.claimed', 'petrov', 'petrov'],
        ['task.unclaimed', 'petrov', null],
        ['task.reassigned', 'boss', 'sidorov'],
      ]);
      expect(await listUserTasks(rt.database.db, { instanceId, status: 'open' })).toHaveLength(1);
    });

    it('given several commands, when the history is read, then it is numbered 1..n without gaps and starts with the start', async () => {
      rt = await openRuntime(target);
      const { instanceId } = await startDeal(rt);
      await rt.executor.completeUserTask((await openTask(rt, instanceId, 'call')).id, {}, 'ivanov');
      await rt.executor.claimUserTask((await openTask(rt, instanceId, 'approve')).id, 'petrov');
      await rt.executor.completeUserTask((await openTask(rt, instanceId, 'approve')).id, { again: false }, 'petrov');
      const [job] = await listJobs(rt.database.db, { instanceId });
      await rt.executor.execute(instanceId, { kind: 'failJob', elementInstanceId: job!.elementInstanceId!, retries: 1, message: 'timeout', retryAt: T0 + 60_000 });
      const history = await listHistory(rt.database.db, instanceId);
      expect(history.map((h) => h.seq)).toEqual(history.map((_, i) => i + 1));
      expect(history[0]!.kind).toBe('instance.started');
      expect((await findInstance(rt.database.db, instanceId))!.historySeq).toBe(history.length);
    });

    it('given Cyrillic, nested and big-number variables, when stored and loaded for the next command, then they come back equal', async () => {
      rt = await openRuntime(target);
      const variables = { клиент: { ФИО: 'Иванов Иван Иванович', адреса: [{ город: 'Москва', дом: 7 }] }, сумма: 9_007_199_254_740_991, доля: 0.125, пусто: null, флаги: [true, false] };
      const { instanceId } = await startDeal(rt, variables);
      const stored = Object.fromEntries((await rowsOf(rt.database, 'variables', instanceId)).map((r) => [r.name, JSON.parse(r.value)]));
      expect(stored).toMatchObject(variables);
      await rt.executor.completeUserTask((await openTask(rt, instanceId, 'call')).id, {}, 'ivanov');
      await rt.executor.completeUserTask((await openTask(rt, instanceId, 'approve')).id, { again: false }, 'petrov');
      const [job] = await listJobs(rt.database.db, { instanceId });
      expect(job!.payload).toMatchObject(variables);
    });

    it('given an effect listener, when a command runs, then it sees the effects inside the transaction, and when it throws, nothing of the step is stored', async () => {
      rt = await openRuntime(target);
      const { instanceId } = await startDeal(rt);
      const seen: string[] = [];
      const off = rt.executor.onEffects(async (ctx) => {
        const open = await ctx.trx.selectFrom('user_tasks').select('element_id').where('instance_id', '=', ctx.instanceId).where('status', '=', 'open').execute();
        seen.push(`${ctx.command.kind}:${ctx.actor}:${open.map((r: any) => r.element_id).join(',')}:${ctx.effects.some((e) => e.kind === 'userTask.created')}`);
      });
      await rt.executor.completeUserTask((await openTask(rt, instanceId, 'call')).id, {}, 'ivanov');
      expect(seen).toEqual(['completeUserTask:ivanov:approve:true']);
      off();
      rt.executor.onEffects(() => {
        throw new Error('CRM refused');
      });
      const approve = await openTask(rt, instanceId, 'approve');
      await expect(rt.executor.completeUserTask(approve.id, { again: false }, 'petrov')).rejects.toThrow('CRM refused');
      expect((await openTask(rt, instanceId, 'approve')).id).toBe(approve.id);
      expect(await listJobs(rt.database.db, { instanceId })).toEqual([]);
      expect((await findInstance(rt.database.db, instanceId))!.version).toBe(2);
    });

    it('given several due timers fired at the same moment, one of them stale, when the commands run, then they share transactions and only the stale one fails', async () => {
      rt = await openRuntime(target);
      const deals = [await startDeal(rt)];
      for (let i = 2; i <= 6; i++) deals.push(await rt.executor.start({ processId: 'deal', variables: { owner: 'ivanov', dealId: `D-${i}` } }));
      const timerOf = async (id: string) => (await rowsOf(rt!.database, 'timers', id))[0]!.timer_id as string;
      const timers = await Promise.all(deals.map((d) => timerOf(d.instanceId)));
      rt.clock.set(T0 + 2 * HOUR);
      const before = { ...rt.executor.transactionStats };
      const outcomes = await Promise.allSettled(
        deals.map((d, i) => rt!.executor.execute(d.instanceId, { kind: 'fireTimer', timerId: i === 2 ? 'no-such-timer' : timers[i]! })),
      );
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
      expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'NOT_FOUND' });
      for (const [i, d] of deals.entries()) expect(await rowsOf(rt.database, 'timers', d.instanceId)).toHaveLength(i === 2 ? 1 : 0);
      expect((await findInstance(rt.database.db, deals[2]!.instanceId))!.version).toBe(1);
      // Six commands sent together: fewer transactions than commands (on PostgreSQL they spread over lanes).
      expect(rt.executor.transactionStats.units - before.units).toBeGreaterThanOrEqual(6);
      if (target.name === 'sqlite') expect(rt.executor.transactionStats.transactions - before.transactions).toBeLessThan(6);
    });

    it('given unknown ids, when commands are sent, then they fail with NOT_FOUND and change nothing', async () => {
      rt = await openRuntime(target);
      await expect(rt.executor.completeUserTask('nope:1', {}, 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(rt.executor.execute('nope', { kind: 'cancel' })).rejects.toBeInstanceOf(RuntimeError);
      await expect(rt.executor.start({ processId: 'missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const { instanceId } = await startDeal(rt);
      await expect(rt.executor.execute(instanceId, { kind: 'completeJob', elementInstanceId: '999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await findInstance(rt.database.db, instanceId))!.version).toBe(1);
    });
  });
}
