/**
 * The admin chooses which version of a process new deals start on: the models list,
 * PUT /api/admin/processes/{processId}/default, its refusals, and a restart whose
 * changed shipped model must not undo the admin's choice — on both databases.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemble, deployShippedModels, SHIPPED_MODEL } from '../../src/http/potok-server.ts';
import { testDatabases } from '../support/databases.ts';
import { dealModel } from '../runtime/r1-support.ts';
import { openHarness, ZONE, type Caller, type Harness, type Res } from './support/api-harness.ts';

const PROCESS = 'franchise_onboarding';
const SHIPPED = readFileSync(SHIPPED_MODEL, 'utf8');
const withName = (label: string) => SHIPPED.replace('name="Подключение франчайзи"', `name="Подключение франчайзи (${label})"`);

let dealNo = 0;
async function newDeal(h: Harness, manager: Caller): Promise<string> {
  const res = await manager.post('/api/deals', { title: `Сделка ${++dealNo}`, contactName: 'Клиент', phone: `+7 900 000-${String(dealNo).padStart(2, '0')}-00`, email: `c${dealNo}@example.test` });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function versionOf(caller: Caller, dealId: string): Promise<string> {
  const res = await caller.get(`/api/deals/${dealId}/diagram`);
  expect(res.status).toBe(200);
  return res.body.definitionKey;
}

const choose = (h: Harness, who: Caller, processId: string, body: unknown, opts: { csrf?: string | null } = {}): Promise<Res> =>
  h.request('PUT', `/api/admin/processes/${encodeURIComponent(processId)}/default`, { cookie: who.cookie, ...(opts.csrf === null ? {} : { csrf: opts.csrf ?? who.csrf }), body });

for (const target of testDatabases()) {
  describe(`choosing the version new deals start on, on ${target.name}`, () => {
    let h: Harness;
    let admin: Caller;
    let manager: Caller;

    beforeAll(async () => {
      h = await openHarness(target);
      await h.user('admin', 'adm');
      await h.user('manager', 'man');
      await h.user('sales_rep', 'rep');
      await h.user('lawyer', 'law');
      await h.user('director', 'dir');
      admin = await h.as('adm');
      manager = await h.as('man');
    });
    afterAll(async () => h?.close());

    it('given only the shipped model, when the admin lists models, then new deals start on it by the rule and the running deals are counted per version', async () => {
      const dealId = await newDeal(h, manager);
      const res = await admin.get('/api/admin/models');
      expect(res.status).toBe(200);
      expect(res.body.processes).toEqual([{ processId: PROCESS, definitionKey: `${PROCESS}:1`, version: 1, chosen: 'rule', chosenBy: null, chosenAt: expect.any(String) }]);
      expect(res.body.items).toEqual([expect.objectContaining({ definitionKey: `${PROCESS}:1`, source: 'shipped', isDefault: true, runningInstances: 1 })]);
      expect(await versionOf(admin, dealId)).toBe(`${PROCESS}:1`);
    });

    it('given an admin version from the editor, when the admin goes back to the shipped version, then new deals start on it, running deals stay, and who chose and when is shown', async () => {
      // given: the admin deploys an edited model; it becomes the version new deals use
      const deployed = await admin.post('/api/admin/models', { xml: withName('правка админа') });
      expect(deployed.status).toBe(201);
      expect(deployed.body.items).toEqual([expect.objectContaining({ definitionKey: `${PROCESS}:2`, source: 'admin', isDefault: true })]);
      const onAdminVersion = await newDeal(h, manager);
      expect(await versionOf(admin, onAdminVersion)).toBe(`${PROCESS}:2`);

      // when: the admin chooses version 1 again
      h.clock.set(h.clock.now() + 60_000);
      const res = await choose(h, admin, PROCESS, { definitionKey: `${PROCESS}:1` });

      // then
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual({ processId: PROCESS, definitionKey: `${PROCESS}:1`, version: 1, chosen: 'admin', chosenBy: 'adm', chosenAt: expect.stringMatching(/\+03:00$/) });
      expect(Date.parse(res.body.chosenAt)).toBe(h.clock.now());
      const afterChoice = await newDeal(h, manager);
      expect(await versionOf(admin, afterChoice)).toBe(`${PROCESS}:1`);
      expect(await versionOf(admin, onAdminVersion), 'a running deal stays on its version').toBe(`${PROCESS}:2`);
      const list = (await admin.get('/api/admin/models')).body;
      expect(list.processes).toEqual([expect.objectContaining({ definitionKey: `${PROCESS}:1`, chosen: 'admin', chosenBy: 'adm', chosenAt: res.body.chosenAt })]);
      expect(list.items.map((m: any) => [m.version, m.isDefault, m.runningInstances])).toEqual([[1, true, 2], [2, false, 1]]);
    });

    it('given the admin chose a version, when the server restarts with a changed shipped model, then the new version is stored but new deals keep the admin\'s choice', async () => {
      // when: a restart (a new Potok on the same database) deploys a changed shipped model
      const file = path.join(h.dataDir, 'franchise-onboarding.bpmn');
      writeFileSync(file, withName('поставка 2'));
      const restarted = await assemble({ database: h.potok.runtime.database, dataDir: h.dataDir, zone: ZONE, clock: h.clock });
      try {
        const shipped = await deployShippedModels(restarted.runtime, file);
        expect(shipped).toEqual([expect.objectContaining({ key: `${PROCESS}:3`, source: 'shipped', created: true, isDefault: false })]);
        await restarted.app.ready();
        const call = async (method: string, url: string, who: Caller, body?: unknown) => {
          const r = await restarted.app.inject({ method: method as any, url, headers: { cookie: who.cookie, 'x-potok-csrf': who.csrf }, ...(body ? { payload: body as any } : {}) });
          return { status: r.statusCode, body: JSON.parse(r.body) };
        };

        // then: the choice is still the admin's version 1, and a new deal starts on it
        const list = await call('GET', '/api/admin/models', admin);
        expect(list.body.processes).toEqual([expect.objectContaining({ definitionKey: `${PROCESS}:1`, chosen: 'admin', chosenBy: 'adm' })]);
        expect(list.body.items.map((m: any) => [m.version, m.source, m.isDefault])).toEqual([[1, 'shipped', true], [2, 'admin', false], [3, 'shipped', false]]);
        const deal = await call('POST', '/api/deals', manager, { title: 'После перезапуска', contactName: 'К', phone: '+7 900 111-00-00', email: 'r@example.test' });
        expect(deal.status).toBe(201);
        expect((await call('GET', `/api/deals/${deal.body.id}/diagram`, admin)).body.definitionKey).toBe(`${PROCESS}:1`);

        // and the admin can move new deals to the new shipped version when they decide to
        const moved = await call('PUT', `/api/admin/processes/${PROCESS}/default`, admin, { definitionKey: `${PROCESS}:3` });
        expect(moved.status).toBe(200);
        const next = await newDeal(h, manager);
        expect(await versionOf(admin, next)).toBe(`${PROCESS}:3`);
      } finally {
        await restarted.app.close();
      }
    });

    it('given an unknown process or version, when the admin chooses it, then 404 with the error format; a version of another process is 400 naming the field', async () => {
      const unknownProcess = await choose(h, admin, 'no_such_process', { definitionKey: 'no_such_process:1' });
      expect(unknownProcess.status).toBe(404);
      expect(unknownProcess.body).toMatchObject({ code: 'not_found', message: expect.any(String) });

      const unknownVersion = await choose(h, admin, PROCESS, { definitionKey: `${PROCESS}:99` });
      expect(unknownVersion.status).toBe(404);
      expect(unknownVersion.body).toMatchObject({ code: 'not_found', fields: [{ field: 'definitionKey', message: expect.any(String) }] });

      expect((await admin.post('/api/admin/models', { xml: dealModel() })).status).toBe(201);
      const otherProcess = await choose(h, admin, PROCESS, { definitionKey: 'deal:1' });
      expect(otherProcess.status).toBe(400);
      expect(otherProcess.body).toMatchObject({ code: 'bad_request', fields: [{ field: 'definitionKey', message: expect.stringContaining('deal') }] });

      const noBody = await choose(h, admin, PROCESS, {});
      expect(noBody.status).toBe(400);
      expect(noBody.body.fields).toEqual([expect.objectContaining({ field: 'definitionKey' })]);

      // nothing changed
      const list = (await admin.get('/api/admin/models')).body;
      expect(list.processes.find((p: any) => p.processId === PROCESS)).toMatchObject({ definitionKey: `${PROCESS}:3`, chosen: 'admin' });
      expect(list.processes.find((p: any) => p.processId === 'deal')).toMatchObject({ definitionKey: 'deal:1', chosen: 'admin', chosenBy: 'adm' });
    });

    it('given every role but admin, when it tries to choose a version, then 403 and the choice stays', async () => {
      for (const login of ['man', 'rep', 'law', 'dir']) {
        const who = await h.as(login);
        const res = await choose(h, who, PROCESS, { definitionKey: `${PROCESS}:1` });
        expect(res.status, login).toBe(403);
        expect(res.body).toMatchObject({ code: 'forbidden' });
      }
      const anonymous = await h.request('PUT', `/api/admin/processes/${PROCESS}/default`, { csrf: 'x', body: { definitionKey: `${PROCESS}:1` } });
      expect(anonymous.status).toBe(401);
      expect((await admin.get('/api/admin/models')).body.processes.find((p: any) => p.processId === PROCESS).definitionKey).toBe(`${PROCESS}:3`);
    });

    it('given the admin\'s session, when the CSRF header is missing or wrong, then 403 and the choice stays', async () => {
      const missing = await choose(h, admin, PROCESS, { definitionKey: `${PROCESS}:1` }, { csrf: null });
      expect(missing.status).toBe(403);
      const wrong = await choose(h, admin, PROCESS, { definitionKey: `${PROCESS}:1` }, { csrf: 'not-the-token' });
      expect(wrong.status).toBe(403);
      expect((await admin.get('/api/admin/models')).body.processes.find((p: any) => p.processId === PROCESS).definitionKey).toBe(`${PROCESS}:3`);
    });

    it('given the OpenAPI document, when fetched, then it describes the route with its body', async () => {
      const doc = (await h.request('GET', '/api/openapi.json')).body;
      const op = doc.paths['/api/admin/processes/{processId}/default']?.put;
      expect(op).toBeTruthy();
      expect(op.requestBody.content['application/json'].schema.required).toContain('definitionKey');
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '404']));
    });
  });
}

describe('a restart with a changed shipped model while no admin has chosen', () => {
  const [sqlite] = testDatabases();
  it('given only shipped versions, when a changed shipped model is deployed at start, then new deals start on it by the rule', async () => {
    const h = await openHarness(sqlite!);
    try {
      await h.user('admin', 'adm');
      const admin = await h.as('adm');
      const file = path.join(h.dataDir, 'franchise-onboarding.bpmn');
      writeFileSync(file, withName('поставка 2'));
      const [shipped] = await deployShippedModels(h.potok.runtime, file);
      expect(shipped).toMatchObject({ key: `${PROCESS}:2`, created: true, isDefault: true });
      expect((await admin.get('/api/admin/models')).body.processes).toEqual([expect.objectContaining({ definitionKey: `${PROCESS}:2`, chosen: 'rule', chosenBy: null })]);
    } finally {
      await h.close();
    }
  });
});
