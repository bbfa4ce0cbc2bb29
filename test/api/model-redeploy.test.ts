/**
 * Deploying from the model editor without a change: bpmn-js re-serialises the XML
 * (entities, attribute order, indentation), which must not create a new version — on
 * both databases, also against a definition stored before the canonical checksum (its
 * row holds the checksum of the raw text). A real change still creates one.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { SHIPPED_MODEL } from '../../src/http/potok-server.ts';
import { testDatabases } from '../support/databases.ts';
import { openHarness, type Caller, type Harness } from './support/api-harness.ts';

const PROCESS = 'franchise_onboarding';
const SHIPPED = readFileSync(SHIPPED_MODEL, 'utf8');

/** What the editor sends for an unchanged model: bpmn-moddle's own serialisation. */
async function reserialised(xml: string): Promise<string> {
  const moddle = new BpmnModdle({ zeebe } as any);
  const { rootElement } = await moddle.fromXML(xml, 'bpmn:Definitions');
  return ((await (moddle as any).toXML(rootElement, { format: true })) as { xml: string }).xml;
}

for (const target of testDatabases()) {
  describe(`deploying an unchanged model from the editor, on ${target.name}`, () => {
    let h: Harness;
    let admin: Caller;

    beforeAll(async () => {
      h = await openHarness(target);
      await h.user('admin', 'adm');
      admin = await h.as('adm');
    });
    afterAll(async () => h?.close());

    const versions = async () => (await admin.get('/api/admin/models')).body.items.map((m: any) => [m.definitionKey, m.source, m.isDefault]);

    it('given the shipped model stored with a raw-text checksum, when the admin deploys it re-serialised by the editor, then no version is created and the answer says unchanged', async () => {
      // given: a definition stored before the canonical checksum
      const db = h.potok.runtime.database.db as any;
      const raw = createHash('sha256').update(SHIPPED, 'utf8').digest('hex');
      await db.updateTable('process_definitions').set({ checksum: raw }).where('key', '=', `${PROCESS}:1`).execute();

      // when
      const xml = await reserialised(SHIPPED);
      expect(xml).not.toBe(SHIPPED);
      const res = await admin.post('/api/admin/models', { xml });

      // then
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toEqual({ unchanged: true, items: [expect.objectContaining({ definitionKey: `${PROCESS}:1`, version: 1, source: 'shipped', isDefault: true })] });
      expect(await versions()).toEqual([[`${PROCESS}:1`, 'shipped', true]]);
      const stored = await admin.get(`/api/admin/models/${PROCESS}:1/xml`);
      expect(stored.body.xml, 'the stored XML stays as deployed').toBe(SHIPPED);
    });

    it('given a real change made in the editor, when deployed, then it is a new version new deals start on; deploying it again re-serialised adds nothing', async () => {
      const changed = await reserialised(SHIPPED.replace('name="Подключение франчайзи"', 'name="Подключение франчайзи (правка)"'));
      const res = await admin.post('/api/admin/models', { xml: changed });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toEqual({ unchanged: false, items: [expect.objectContaining({ definitionKey: `${PROCESS}:2`, source: 'admin', isDefault: true })] });

      const again = await admin.post('/api/admin/models', { xml: (await reserialised(changed)).replaceAll('&#34;', '&quot;').replace(/\n\s+</g, '\n<') });
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ unchanged: true, items: [expect.objectContaining({ definitionKey: `${PROCESS}:2` })] });
      expect(await versions()).toEqual([[`${PROCESS}:1`, 'shipped', false], [`${PROCESS}:2`, 'admin', true]]);
    });

    it('given version 2 is newer, when the admin opens version 1 in the editor and deploys it unchanged, then no version 3 appears and new deals go back to version 1', async () => {
      const res = await admin.post('/api/admin/models', { xml: await reserialised(SHIPPED) });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ unchanged: true, items: [expect.objectContaining({ definitionKey: `${PROCESS}:1`, isDefault: true })] });
      expect(await versions()).toEqual([[`${PROCESS}:1`, 'shipped', true], [`${PROCESS}:2`, 'admin', false]]);
    });
  });
}
