import { describe, it, expect, afterEach } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { findInstance } from '../../src/store/instance.repository.ts';
import { listUserTasks } from '../../src/store/user-task.repository.ts';
import { RuntimeError } from '../../src/runtime/errors.ts';
import { checksumOf } from '../../src/runtime/deployment.ts';
import { dealModel, openRuntime, type TestRuntime } from './r1-support.ts';

for (const target of testDatabases()) {
  describe(`deployment on ${target.name}`, () => {
    let rt: TestRuntime | undefined;
    afterEach(async () => {
      await rt?.database.close();
      rt = undefined;
    });

    it('given a model, when deployed twice unchanged and then changed, then it has versions 1 and 2 only', async () => {
      rt = await openRuntime(target);
      const [v1] = await rt.deployments.deployModel(dealModel(), { source: 'admin', actor: 'admin' });
      expect(v1).toMatchObject({ key: 'deal:1', processId: 'deal', version: 1, created: true, isDefault: true, checksum: checksumOf(dealModel()) });
      const [again] = await rt.deployments.deployModel(dealModel(), { source: 'admin', actor: 'admin' });
      expect(again).toMatchObject({ key: 'deal:1', created: false });
      const [v2] = await rt.deployments.deployModel(dealModel('Сделка v2'), { source: 'admin', actor: 'admin' });
      expect(v2).toMatchObject({ key: 'deal:2', version: 2, created: true, isDefault: true, name: 'Сделка v2' });
      expect((await rt.deployments.listDefinitions('deal')).map((d) => [d.key, d.deployedBy])).toEqual([['deal:1', 'admin'], ['deal:2', 'admin']]);
    });

    it('given a running instance, when a new version is deployed, then it stays on its version and new instances use the new one', async () => {
      rt = await openRuntime(target);
      await rt.deployments.deployModel(dealModel(), { source: 'admin' });
      const old = await rt.executor.start({ processId: 'deal', variables: { owner: 'ivanov', dealId: 'D-1' } });
      await rt.deployments.deployModel(dealModel('v2'), { source: 'admin' });
      const fresh = await rt.executor.start({ processId: 'deal', variables: { owner: 'ivanov', dealId: 'D-2' } });
      const [task] = await listUserTasks(rt.database.db, { instanceId: old.instanceId, status: 'open' });
      await rt.executor.completeUserTask(task!.id, {}, 'ivanov');
      expect((await findInstance(rt.database.db, old.instanceId))!.definitionKey).toBe('deal:1');
      expect((await findInstance(rt.database.db, fresh.instanceId))!.definitionKey).toBe('deal:2');
    });

    it('given an admin version, when a changed shipped model is deployed, then it is stored but new deals keep the admin version; the same shipped model again adds nothing', async () => {
      rt = await openRuntime(target);
      const [shipped1] = await rt.deployments.deployModel(dealModel(), { source: 'shipped' });
      expect(shipped1).toMatchObject({ key: 'deal:1', isDefault: true });
      await rt.deployments.deployModel(dealModel('правка админа'), { source: 'admin', actor: 'admin' });
      // The admin's edit is not a reason to redeploy the unchanged shipped file.
      const [same] = await rt.deployments.deployModel(dealModel(), { source: 'shipped' });
      expect(same).toMatchObject({ key: 'deal:1', created: false, isDefault: false });
      const [shipped2] = await rt.deployments.deployModel(dealModel('новая поставка'), { source: 'shipped' });
      expect(shipped2).toMatchObject({ key: 'deal:3', created: true, isDefault: false });
      expect(await rt.deployments.definitionForNewInstances('deal')).toBe('deal:2');
      await rt.deployments.chooseDefault({ processId: 'deal', definitionKey: 'deal:3', actor: 'admin' });
      expect(await rt.deployments.definitionForNewInstances('deal')).toBe('deal:3');
    });

    it('given an admin who went back to a shipped version, when a changed shipped model is deployed, then new instances stay on the admin\'s choice', async () => {
      rt = await openRuntime(target);
      await rt.deployments.deployModel(dealModel(), { source: 'shipped', actor: 'system' });
      await rt.deployments.deployModel(dealModel('правка админа'), { source: 'admin', actor: 'admin' });
      const chosen = await rt.deployments.chooseDefault({ processId: 'deal', definitionKey: 'deal:1', actor: 'anna' });
      expect(chosen).toMatchObject({ definitionKey: 'deal:1', chosen: 'admin', chosenBy: 'anna' });
      const [shipped2] = await rt.deployments.deployModel(dealModel('новая поставка'), { source: 'shipped', actor: 'system' });
      expect(shipped2).toMatchObject({ key: 'deal:3', created: true, isDefault: false });
      expect(await rt.deployments.definitionForNewInstances('deal')).toBe('deal:1');
      expect(await rt.deployments.newInstanceVersions()).toEqual([expect.objectContaining({ definitionKey: 'deal:1', chosen: 'admin', chosenBy: 'anna' })]);
    });

    it('given a choice, when it names another process or an unknown version, then it is refused and nothing changes', async () => {
      rt = await openRuntime(target);
      await rt.deployments.deployModel(dealModel(), { source: 'shipped' });
      await rt.deployments.deployModel(dealModel().replaceAll('id="deal"', 'id="other"'), { source: 'admin', actor: 'admin' });
      const other = await rt.deployments.chooseDefault({ processId: 'deal', definitionKey: 'other:1', actor: 'anna' }).catch((e) => e);
      expect(other).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'definitionKey' } });
      const unknown = await rt.deployments.chooseDefault({ processId: 'deal', definitionKey: 'deal:9', actor: 'anna' }).catch((e) => e);
      expect(unknown).toMatchObject({ code: 'NOT_FOUND', details: { field: 'definitionKey' } });
      expect(await rt.deployments.chooseDefault({ processId: 'nope', definitionKey: 'nope:1', actor: 'anna' }).catch((e) => e)).toMatchObject({ code: 'NOT_FOUND' });
      expect((await rt.deployments.newInstanceVersions()).find((v) => v.processId === 'deal')).toMatchObject({ definitionKey: 'deal:1', chosen: 'rule', chosenBy: null });
    });

    it('given only shipped versions, when a changed shipped model is deployed, then new deals use it', async () => {
      rt = await openRuntime(target);
      await rt.deployments.deployModel(dealModel(), { source: 'shipped' });
      const [v2] = await rt.deployments.deployModel(dealModel('v2'), { source: 'shipped' });
      expect(v2).toMatchObject({ key: 'deal:2', isDefault: true });
    });

    it('given a bad model, when deployed, then it is refused with every problem and nothing is stored', async () => {
      rt = await openRuntime(target);
      const bad = dealModel().replace('<bpmn:endEvent id="end" />', '<bpmn:scriptTask id="script" /><bpmn:endEvent id="end" />').replace('targetRef="end"', 'targetRef="nowhere"');
      const err = await rt.deployments.deployModel(bad, { source: 'admin' }).catch((e) => e);
      expect(err).toBeInstanceOf(RuntimeError);
      expect(err.code).toBe('MODEL_INVALID');
      expect(err.problems.length).toBeGreaterThanOrEqual(2);
      expect(err.problems.map((p: any) => p.elementId)).toContain('script');
      expect(await rt.deployments.listDefinitions()).toEqual([]);
    });
  });
}
