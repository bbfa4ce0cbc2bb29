import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type PotokDatabase } from '../../src/store/database.ts';
import { listUserTasks } from '../../src/store/user-task.repository.ts';
import { findInstance } from '../../src/store/instance.repository.ts';
import { listHistory } from '../../src/store/history.repository.ts';
import { ManualClock } from '../../src/runtime/clock.ts';
import { createRuntime, type Runtime } from '../../src/runtime/index.ts';
import { freshPostgresUrl } from '../support/databases.ts';
import { T0, dealModel, runtimeOn } from './r1-support.ts';

/** Two Potok database handles on one database, as two processes would have. */
const pairs = [
  {
    name: 'sqlite (two handles on one file)',
    async open(): Promise<{ a: PotokDatabase; b: PotokDatabase; cleanup: () => void }> {
      const dir = mkdtempSync(path.join(tmpdir(), 'potok-r1-'));
      // In one Node process a handle waiting on SQLite's lock blocks the event loop, so
      // the waiter gives up quickly here; two processes would simply wait their turn.
      const a = openDatabase({ dataDir: dir, busyTimeoutMs: 200 });
      const b = openDatabase({ dataDir: dir, busyTimeoutMs: 200 });
      return { a, b, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres (two pools)',
    async open(): Promise<{ a: PotokDatabase; b: PotokDatabase; cleanup: () => void }> {
      const url = await freshPostgresUrl();
      return { a: openDatabase({ url }), b: openDatabase({ url }), cleanup: () => {} };
    },
  },
];

for (const pair of pairs) {
  describe(`concurrent commands on ${pair.name}`, () => {
    let handles: { a: PotokDatabase; b: PotokDatabase; cleanup: () => void } | undefined;
    afterEach(async () => {
      await handles?.a.close();
      await handles?.b.close();
      handles?.cleanup();
      handles = undefined;
    });

    async function twoRuntimes(): Promise<[Runtime, Runtime]> {
      handles = await pair.open();
      const first = await runtimeOn(handles.a);
      await first.deployments.deployModel(dealModel(), { source: 'admin' });
      const second = createRuntime({ database: handles.b, clock: new ManualClock(T0) });
      return [first, second];
    }

    it('given one open task, when two people complete it at the same moment, then exactly one completion applies and the other gets CONFLICT', async () => {
      const [one, two] = await twoRuntimes();
      const { instanceId } = await one.executor.start({ processId: 'deal', variables: { owner: 'ivanov', dealId: 'D-1' } });
      const [task] = await listUserTasks(one.database.db, { instanceId, status: 'open' });
      const outcomes = await Promise.allSettled([
        one.executor.completeUserTask(task!.id, { by: 'one' }, 'ivanov'),
        two.executor.completeUserTask(task!.id, { by: 'two' }, 'petrov'),
      ]);
      const applied = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(applied).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.reason).toMatchObject({ code: 'CONFLICT', retryable: true });
      const instance = await findInstance(one.database.db, instanceId);
      expect(instance!.version).toBe(2);
      const approvals = await listUserTasks(one.database.db, { instanceId, status: 'open' });
      expect(approvals.map((t) => t.elementId)).toEqual(['approve']);
      const completions = (await listHistory(one.database.db, instanceId)).filter((h) => h.kind === 'element.completed' && h.elementId === 'call');
      expect(completions).toHaveLength(1);
    });

    it('given a task completed through one handle, when the other completes it afterwards, then it gets CONFLICT naming who completed it', async () => {
      const [one, two] = await twoRuntimes();
      const { instanceId } = await one.executor.start({ processId: 'deal', variables: { owner: 'ivanov', dealId: 'D-1' } });
      const [task] = await listUserTasks(one.database.db, { instanceId, status: 'open' });
      await one.executor.completeUserTask(task!.id, {}, 'ivanov');
      await expect(two.executor.completeUserTask(task!.id, {}, 'petrov')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('ivanov') });
    });

    it('given a caller that saw an older version, when it sends a command with expectedVersion, then it gets CONFLICT and nothing changes', async () => {
      const [one, two] = await twoRuntimes();
      const { instanceId, version } = await one.executor.start({ processId: 'deal', variables: { owner: 'ivanov', dealId: 'D-1' } });
      await one.executor.setVariables(instanceId, { note: 'first' }, 'ivanov');
      await expect(two.executor.execute(instanceId, { kind: 'setVariables', variables: { note: 'second' } }, { expectedVersion: version })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await findInstance(one.database.db, instanceId))!.version).toBe(version + 1);
    });
  });
}
