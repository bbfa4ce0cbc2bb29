/**
 * Admin → Documents through the API on both databases: the shipped sets, an admin's
 * version (validated, admins only), the reset, and what the rep's upload form and the
 * lawyer's review show for deals before and after a change.
 */
import { evaluate } from 'feelers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DOCUMENT_SETS } from '../../src/crm/document-sets/index.ts';
import { testDatabases } from '../support/databases.ts';
import { OOO_DOCUMENTS, OOO_REQUISITES } from '../forms/fixtures.ts';
import { openHarness, type Caller, type Harness } from './support/api-harness.ts';
import { dealAtUpload, taskOf } from './support/deal-steps.ts';

const URL = '/api/admin/document-sets';

/** The admin's change used below: ООО needs the charter and the director's СНИЛС only. */
const CHANGED = {
  ip: DEFAULT_DOCUMENT_SETS.ip,
  ooo: [
    { key: 'charter', label: 'Устав (последняя редакция)' },
    { key: 'snils', label: 'СНИЛС директора', description: 'скан или фото' },
  ],
};

const put = (h: Harness, who: Caller, body: unknown) => h.request('PUT', URL, { cookie: who.cookie, csrf: who.csrf, body });
const fieldsOf = (res: { body: any }) => (res.body.fields ?? []).map((f: any) => f.field);

/** The documents the form asks an ООО client for (the fields not hidden for clientType "ooo"). */
function oooDocumentsOf(schema: any): { key: string; label: string }[] {
  const group = schema.components.find((c: any) => c.id === 'Group_documents');
  return group.components
    .filter((c: any) => !String(c.conditional?.hide ?? '').includes('clientType != "ip"'))
    .map((c: any) => ({ key: c.key, label: String(c.label).startsWith('=') ? evaluateLabel(c.label) : c.label }));
}
const evaluateLabel = (label: string) => label.match(/else "([^"]*)"$/)![1];

/** The lawyer's document list as form-js renders it for this deal. */
function reviewList(schema: any, values: Record<string, unknown>): string {
  const text = schema.components.find((c: any) => c.id === 'Text_documents_ooo');
  expect(text, 'the review form lists the documents').toBeTruthy();
  return evaluate(text.text, values, { debug: false, strict: true } as never);
}

for (const target of testDatabases()) {
  describe(`admin document sets on ${target.name}`, () => {
    let h: Harness;
    const c = {} as Record<'admin' | 'manager' | 'rep' | 'lawyer' | 'director', Caller>;
    beforeAll(async () => {
      h = await openHarness(target);
      await h.user('admin', 'adm');
      await h.user('manager', 'maria');
      await h.user('sales_rep', 'ivan');
      await h.user('lawyer', 'lena');
      await h.user('director', 'dima', { isGeneralDirector: true });
    });
    beforeEach(async () => {
      c.admin = await h.as('adm');
      c.manager = await h.as('maria');
      c.rep = await h.as('ivan');
      c.lawyer = await h.as('lena');
      c.director = await h.as('dima');
    });
    afterAll(async () => h?.close());

    /** Creates a deal and drives it to the upload_documents task (client type ООО). */
    async function toUpload(title: string): Promise<{ dealId: string; task: any }> {
      const deal = await dealAtUpload(h, { manager: c.manager, rep: c.rep }, { title });
      // Fresh sessions: the clock moved by days.
      for (const [k, login] of [['admin', 'adm'], ['manager', 'maria'], ['rep', 'ivan'], ['lawyer', 'lena'], ['director', 'dima']] as const) c[k] = await h.as(login);
      return { dealId: deal.id, task: await taskOf(c.rep, deal.id, 'upload_documents') };
    }

    async function reviewOf(dealId: string): Promise<any> {
      const item = (await c.lawyer.get('/api/tasks/group')).body.items.find((t: any) => t.dealId === dealId && t.elementId === 'legal_review');
      expect(item, 'the review task').toBeTruthy();
      return (await c.lawyer.get(`/api/tasks/${item.id}`)).body;
    }

    it('given no admin change, when the admin reads the sets, then the shipped ones come back as "shipped"', async () => {
      const res = await c.admin.get(URL);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ source: 'shipped', updatedBy: null, updatedAt: null });
      expect(res.body.sets).toEqual(DEFAULT_DOCUMENT_SETS);
      expect(res.body.defaults).toEqual(DEFAULT_DOCUMENT_SETS);
    });

    it('given each role, when it reads, saves or resets the sets, then only the admin may (403 for the others, 401 without a session)', async () => {
      for (const role of ['manager', 'rep', 'lawyer', 'director'] as const) {
        const who = c[role];
        expect((await who.get(URL)).status, `${role} GET`).toBe(403);
        const saved = await put(h, who, { sets: CHANGED });
        expect(saved.status, `${role} PUT`).toBe(403);
        expect(saved.body.code).toBe('forbidden');
        expect((await who.del(URL)).status, `${role} DELETE`).toBe(403);
      }
      expect((await h.request('GET', URL)).status).toBe(401);
      expect((await c.admin.get(URL)).body.source).toBe('shipped');
    });

    it('given sets with mistakes, when the admin saves them, then 422 names every bad field by its path and nothing is stored', async () => {
      const ooo = DEFAULT_DOCUMENT_SETS.ooo;
      const cases: [unknown, string[]][] = [
        [{ ip: DEFAULT_DOCUMENT_SETS.ip, ooo, zao: [] }, ['sets.zao']], // a client type the process does not know
        [{ ip: DEFAULT_DOCUMENT_SETS.ip }, ['sets.ooo']], // a client type missing
        [{ ip: [], ooo }, ['sets.ip']], // an empty set
        [{ ip: DEFAULT_DOCUMENT_SETS.ip, ooo: [...ooo.slice(0, 3), { key: 'Устав', label: 'Устав' }] }, ['sets.ooo[3].key']], // a bad key
        [{ ip: DEFAULT_DOCUMENT_SETS.ip, ooo: [...ooo.slice(0, 3), { key: 'charter', label: 'Устав ещё раз' }] }, ['sets.ooo[3].key']], // a duplicate key
        [{ ip: [{ key: 'passport', label: ' ' }, { key: 'snils', label: 'Insurance number' }, { key: 'x', label: '=secret' }, { key: 'y', label: 'Паспорт {{x}}' }], ooo }, ['sets.ip[0].label', 'sets.ip[1].label', 'sets.ip[2].label', 'sets.ip[3].label']], // empty, not Russian, FEEL, template
        [{ ip: [{ key: 'passport', label: 'Паспорт', required: false, description: 5 }], ooo }, ['sets.ip[0].required', 'sets.ip[0].description']], // unknown property, description not text
        [['passport'], ['sets']], // not an object
      ];
      for (const [sets, fields] of cases) {
        const res = await put(h, c.admin, { sets });
        expect(res.status, JSON.stringify(sets)).toBe(422);
        expect(res.body.code).toBe('validation');
        expect(fieldsOf(res), JSON.stringify(sets)).toEqual(fields);
        for (const f of res.body.fields) expect(f.message).toMatch(/[А-Яа-я]/);
      }
      const missing = await put(h, c.admin, {});
      expect(missing.status).toBe(400);
      expect(fieldsOf(missing)).toEqual(['sets']);
      expect((await c.admin.get(URL)).body.source).toBe('shipped');
    });

    it('given a deal at its documents, when the admin changes the sets, then that open task keeps its documents, a new deal gets the change, and each lawyer sees the list the rep was asked for', async () => {
      // Given deal A is at upload_documents under the shipped sets
      const a = await toUpload('До изменения');
      const aBefore = oooDocumentsOf((await c.rep.get(`/api/tasks/${a.task.id}`)).body.form.schema);
      expect(aBefore.map((d) => d.key)).toEqual(DEFAULT_DOCUMENT_SETS.ooo.map((d) => d.key));

      // When the admin saves a new version (a minute later)
      await h.advance(60_000);
      const saved = await put(h, c.admin, { sets: CHANGED });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      expect(saved.body).toMatchObject({ source: 'admin', updatedBy: 'adm', sets: CHANGED, defaults: DEFAULT_DOCUMENT_SETS });
      expect(saved.body.updatedAt).toMatch(/\+03:00$/);
      expect((await c.admin.get(URL)).body).toEqual(saved.body);
      // Everyone's deal card names the new document by its title, and the old ones still by theirs
      const labels = await c.rep.get('/api/document-labels');
      expect(labels.status, labels.raw).toBe(200);
      expect(labels.body.labels).toMatchObject({ snils: 'СНИЛС директора', charter: 'Устав (последняя редакция)', egrul_record: expect.any(String) });
      expect((await h.request('GET', '/api/document-labels', {})).status).toBe(401);

      // Then A's open task still shows and accepts what it showed
      expect(oooDocumentsOf((await c.rep.get(`/api/tasks/${a.task.id}`)).body.form.schema)).toEqual(aBefore);

      // And a new deal B asks for the changed set, refusing a submission without the new document
      const b = await toUpload('После изменения');
      const bCard = (await c.rep.get(`/api/tasks/${b.task.id}`)).body;
      expect(oooDocumentsOf(bCard.form.schema)).toEqual([
        { key: 'charter', label: 'Устав (последняя редакция)' },
        { key: 'snils', label: 'СНИЛС директора' },
      ]);
      const newDocs = { charter: { url: 'https://disk.yandex.ru/d/charter' }, snils: { url: 'https://disk.yandex.ru/d/snils' } };
      const noSnils = await c.rep.post(`/api/tasks/${b.task.id}/complete`, { data: { documents: { charter: newDocs.charter }, requisites: OOO_REQUISITES } });
      expect(noSnils.status).toBe(422);
      expect(fieldsOf(noSnils)).toContain('documents.snils');
      expect((await c.rep.post(`/api/tasks/${b.task.id}/complete`, { data: { documents: newDocs, requisites: OOO_REQUISITES } })).status).toBe(200);

      // A is completed with the documents its form asked for
      const oldDocs = Object.fromEntries(Object.keys(OOO_DOCUMENTS).map((k) => [k, { url: `https://disk.yandex.ru/d/${k}` }]));
      const aDone = await c.rep.post(`/api/tasks/${a.task.id}/complete`, { data: { documents: oldDocs, requisites: { ...OOO_REQUISITES, inn: '7736050003', kpp: '773601001' } } });
      expect(aDone.status, JSON.stringify(aDone.body)).toBe(200);
      await h.settle();

      // The lawyer's review of B lists the changed set, with the rep's links
      const bReview = await reviewOf(b.dealId);
      const bList = reviewList(bReview.form.schema, bReview.form.values);
      expect(bList).toContain('Устав (последняя редакция)');
      expect(bList).toContain('СНИЛС директора');
      expect(bList).toContain('https://disk.yandex.ru/d/snils');
      expect(bList).not.toContain('Лист записи ЕГРЮЛ');
      // …and the review of A lists the shipped set A's rep was asked for
      const aList = reviewList((await reviewOf(a.dealId)).form.schema, (await reviewOf(a.dealId)).form.values);
      expect(aList).toContain('Лист записи ЕГРЮЛ (ОГРН)');
      expect(aList).not.toContain('СНИЛС');

      // When the admin resets, the shipped sets are back for new tasks; B's open review keeps its list
      await h.advance(60_000);
      const reset = await c.admin.del(URL);
      expect(reset.status).toBe(200);
      expect(reset.body).toMatchObject({ source: 'shipped', updatedBy: 'adm', sets: DEFAULT_DOCUMENT_SETS });
      expect((await c.admin.get(URL)).body.sets).toEqual(DEFAULT_DOCUMENT_SETS);
      expect(reviewList((await reviewOf(b.dealId)).form.schema, bReview.form.values)).toContain('СНИЛС директора');
      const d = await toUpload('После сброса');
      expect(oooDocumentsOf((await c.rep.get(`/api/tasks/${d.task.id}`)).body.form.schema).map((x) => x.key)).toEqual(DEFAULT_DOCUMENT_SETS.ooo.map((x) => x.key));
    });
  });
}
