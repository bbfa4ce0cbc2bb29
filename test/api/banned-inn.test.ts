/**
 * A banned ИНН on a document task (spec block 6, «Запрет на работу»): the rep sees the
 * warning while typing (inn-check), the first submission is refused naming the ИНН
 * field, a confirmed one goes through, the lawyer sees the warning and the deal's
 * timeline records the confirmation. Through the HTTP API on both databases.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { OOO_DOCUMENTS, OOO_REQUISITES } from '../forms/fixtures.ts';
import { openHarness, type Caller, type Harness } from './support/api-harness.ts';
import { dealAtUpload, taskOf } from './support/deal-steps.ts';

const BANNED = '7736050003';

const links = () => Object.fromEntries(Object.keys(OOO_DOCUMENTS).map((k) => [k, { url: `https://disk.yandex.ru/d/${k}` }]));

for (const target of testDatabases()) {
  describe(`a banned ИНН on the document task on ${target.name}`, () => {
    let h: Harness;
    let manager: Caller;
    let rep: Caller;
    let otherRep: Caller;
    let lawyer: Caller;
    let banned: { id: string; number: number };

    /** Creates a deal and drives it to upload_documents (client type ООО). */
    async function toUpload(title: string): Promise<{ id: string; number: number }> {
      return dealAtUpload(h, { manager, rep }, { title });
    }

    async function login(): Promise<void> {
      manager = await h.as('maria');
      rep = await h.as('ivan');
      otherRep = await h.as('petr');
      lawyer = await h.as('lena');
    }

    beforeAll(async () => {
      h = await openHarness(target);
      await h.user('manager', 'maria');
      await h.user('sales_rep', 'ivan');
      await h.user('sales_rep', 'petr');
      await h.user('lawyer', 'lena');
      await h.user('director', 'dima', { isGeneralDirector: true });
      await login();
      // Given a deal the lawyer banned, with a comment
      banned = await toUpload('Забаненный клиент');
      const upload = await taskOf(rep, banned.id, 'upload_documents');
      expect((await rep.post(`/api/tasks/${upload.id}/complete`, { data: { documents: links(), requisites: { ...OOO_REQUISITES, inn: BANNED } } })).status).toBe(200);
      const review = (await lawyer.get('/api/tasks/group')).body.items.find((t: any) => t.dealId === banned.id);
      expect((await lawyer.post(`/api/tasks/${review.id}/complete`, { data: { legalDecision: 'ban', legalComment: 'Недобросовестный контрагент' } })).status).toBe(200);
      await h.settle();
      expect((await manager.get(`/api/deals/${banned.id}`)).body).toMatchObject({ stage: 'lost', lostReason: 'banned' });
    });
    // Each test moves the clock by days: fresh sessions keep them from expiring midway.
    beforeEach(login);
    afterAll(async () => h?.close());

    it('given a later deal, when the rep types a complete ИНН into upload_documents, then the check says whether it is banned, with the ban’s day, comment and deal №', async () => {
      const later = await toUpload('Новый клиент');
      const upload = await taskOf(rep, later.id, 'upload_documents');
      // Nothing on the card yet: the deal has no requisites
      expect((await rep.get(`/api/tasks/${upload.id}`)).body.warnings).toEqual([]);

      const hit = await rep.get(`/api/tasks/${upload.id}/inn-check?inn=${BANNED}`);
      expect(hit.status, JSON.stringify(hit.body)).toBe(200);
      expect(hit.body).toMatchObject({ inn: BANNED, field: 'requisites.inn', banned: true, warning: { code: 'banned_inn', comment: 'Недобросовестный контрагент', dealNumber: banned.number } });
      expect(hit.body.warning.bannedAt).toMatch(/^2026-03-\d\dT.*\+03:00$/);
      expect(hit.body.warning.message).toMatch(new RegExp(`^ИНН ${BANNED} в списке запрета на работу .* \\d\\d\\.03\\.2026 \\(сделка №${banned.number}\\): Недобросовестный контрагент$`));
      // Nothing else of the banned deal: not its id, not its client
      expect(hit.raw).not.toContain(banned.id);
      expect(hit.raw).not.toContain('Забаненный');

      const clean = await rep.get(`/api/tasks/${upload.id}/inn-check?inn=${OOO_REQUISITES.inn}`);
      expect(clean.status).toBe(200);
      expect(clean.body).toEqual({ inn: OOO_REQUISITES.inn, field: 'requisites.inn', banned: false, warning: null });
    });

    it('given a malformed or missing ИНН, or a person who may not see the task, when the check is asked, then it is refused (400 naming inn, 403)', async () => {
      const later = await toUpload('Проверки');
      const upload = await taskOf(rep, later.id, 'upload_documents');
      for (const inn of ['773605000', '7736050004', '77360500O3', '773605000312']) {
        const bad = await rep.get(`/api/tasks/${upload.id}/inn-check?inn=${inn}`);
        expect(bad.status, inn).toBe(400);
        expect(bad.body.fields.map((f: any) => f.field), inn).toEqual(['inn']);
      }
      const missing = await rep.get(`/api/tasks/${upload.id}/inn-check`);
      expect(missing.status).toBe(400);
      expect(missing.body.fields.map((f: any) => f.field)).toContain('inn');

      // Another rep and the lawyer may not see this rep's task: no answer about the ИНН
      for (const who of [otherRep, lawyer]) {
        const no = await who.get(`/api/tasks/${upload.id}/inn-check?inn=${BANNED}`);
        expect(no.status, who.login).toBe(403);
        expect(no.raw).not.toContain('Недобросовестный');
      }
      expect((await rep.get(`/api/tasks/no-such-task/inn-check?inn=${BANNED}`)).status).toBe(404);
    });

    it('given a banned ИНН in upload_documents, when the rep submits, then the first submission is refused naming requisites.inn, a confirmed one passes, the lawyer sees the warning and the timeline records the confirmation', async () => {
      const later = await toUpload('Повторный клиент');
      const upload = await taskOf(rep, later.id, 'upload_documents');
      const data = { documents: links(), requisites: { ...OOO_REQUISITES, inn: BANNED } };

      // When the rep submits without confirming, then it is refused with the warning on the ИНН field
      const refused = await rep.post(`/api/tasks/${upload.id}/complete`, { data });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('confirmation_required');
      expect(refused.body.message).toEqual(expect.any(String));
      expect(refused.body.fields).toEqual([{ field: 'requisites.inn', message: expect.stringMatching(new RegExp(`^ИНН ${BANNED} в списке запрета.*Недобросовестный контрагент`)) }]);
      expect((await taskOf(rep, later.id, 'upload_documents'))?.id).toBe(upload.id);
      // A confirmation that is not `true` is no confirmation
      expect((await rep.post(`/api/tasks/${upload.id}/complete`, { data: { ...data, confirmBannedInn: 'yes' } })).status).toBe(422);

      // When the rep confirms, then it goes through to the lawyer
      const confirmed = await rep.post(`/api/tasks/${upload.id}/complete`, { data: { ...data, confirmBannedInn: true } });
      expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
      await h.settle();
      const deal = (await manager.get(`/api/deals/${later.id}`)).body;
      expect(deal).toMatchObject({ stage: 'legal_review', requisites: { inn: BANNED } });
      expect(deal.confirmBannedInn).toBeUndefined();

      // The lawyer's review task shows the warning, on the card and in the form's own text
      const review = (await lawyer.get('/api/tasks/group')).body.items.find((t: any) => t.dealId === later.id && t.elementId === 'legal_review');
      const card = await lawyer.get(`/api/tasks/${review.id}`);
      expect(card.body.warnings).toEqual([{ code: 'banned_inn', message: expect.stringContaining(`ИНН ${BANNED} в списке запрета`) }]);
      expect(card.body.warnings[0].message).toContain('Недобросовестный контрагент');
      expect(card.body.form.values.bannedInnWarning).toBe(card.body.warnings[0].message);

      // The deal's timeline says the rep confirmed a banned ИНН
      const timeline = (await manager.get(`/api/deals/${later.id}/timeline?limit=200`)).body.items;
      const entry = timeline.find((e: any) => e.kind === 'banned_inn_confirmed');
      expect(entry).toMatchObject({ actor: 'ivan', data: { taskId: upload.id, inn: BANNED } });
      expect(entry.data.title).toContain('с подтверждением');
    });

    it('given a clean ИНН, when the rep submits, then no confirmation is asked and the timeline records none', async () => {
      const later = await toUpload('Чистый клиент');
      const upload = await taskOf(rep, later.id, 'upload_documents');
      const ok = await rep.post(`/api/tasks/${upload.id}/complete`, { data: { documents: links(), requisites: OOO_REQUISITES } });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      const timeline = (await manager.get(`/api/deals/${later.id}/timeline?limit=200`)).body.items;
      expect(timeline.some((e: any) => e.kind === 'banned_inn_confirmed')).toBe(false);
    });
  });
}
