/**
 * The whole franchise path driven through the HTTP API only, on the shipped model, the
 * real runtime and both databases: what each person sees in their inbox at each step.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { OOO_DOCUMENTS, OOO_REQUISITES } from '../forms/fixtures.ts';
import { openHarness, type Caller, type Harness } from './support/api-harness.ts';
import { DAY, dealAtUpload, heldNow, taskOf } from './support/deal-steps.ts';

for (const target of testDatabases()) {
  describe(`the franchise path through the API on ${target.name}`, () => {
    let h: Harness;
    let manager: Caller;
    let rep: Caller;
    let lawyer: Caller;
    let director: Caller;
    beforeAll(async () => {
      h = await openHarness(target);
      await h.user('manager', 'maria');
      await h.user('sales_rep', 'ivan');
      await h.user('lawyer', 'lena');
      await h.user('director', 'dima', { isGeneralDirector: true });
    });
    // Each test moves the clock by days: fresh sessions keep them from expiring midway.
    beforeEach(async () => {
      manager = await h.as('maria');
      rep = await h.as('ivan');
      lawyer = await h.as('lena');
      director = await h.as('dima');
    });
    afterAll(async () => h?.close());

    it('given a new deal, when it goes from creation to Won, then every step shows up for the right person and the deal ends won', async () => {
      // Given a manager creates a deal
      const created = await manager.post('/api/deals', { title: 'ООО «Пенная гавань»', contactName: 'Сергей', phone: '+7 916 111-22-33', email: 'client@example.test', city: 'Москва' });
      expect(created.status).toBe(201);
      const deal = created.body;
      expect(deal).toMatchObject({ stage: 'new', owner: 'maria', salesRep: null });
      expect(deal.createdAt).toMatch(/\+03:00$/);

      // Block 1: the manager assigns the rep, choosing from the active reps
      const assign = await taskOf(manager, deal.id, 'assign_rep');
      expect(assign).toBeTruthy();
      const assignCard = await manager.get(`/api/tasks/${assign.id}`);
      expect(assignCard.body.form.values.salesRepOptions).toEqual([{ value: 'ivan', label: 'Test ivan' }]);
      expect(assignCard.body.form.schema).toBeTruthy();
      const badRep = await manager.post(`/api/tasks/${assign.id}/complete`, { data: { salesRep: 'lena' } });
      expect(badRep.status).toBe(422);
      expect(badRep.body.fields.map((f: any) => f.field)).toContain('salesRep');
      expect((await manager.post(`/api/tasks/${assign.id}/complete`, { data: { salesRep: 'ivan' } })).status).toBe(200);
      expect((await manager.get(`/api/deals/${deal.id}`)).body).toMatchObject({ stage: 'first_call', salesRep: 'ivan' });

      // The rep's first call is due in 30 working minutes; overdue → the manager is told once, also by e-mail
      const call = await taskOf(rep, deal.id, 'first_call');
      expect(call).toMatchObject({ kind: 'call', title: 'Звонок новому клиенту', overdue: false });
      expect(Date.parse(call.dueAt) - h.clock.now()).toBe(30 * 60_000);
      await h.advance(31 * 60_000);
      const notes = await manager.get('/api/notifications');
      const escalation = notes.body.items.filter((n: any) => n.kind === 'escalation');
      expect(escalation).toHaveLength(1);
      expect(escalation[0].dealId).toBe(deal.id);
      const mails = await h.potok.crm.database.db.selectFrom('jobs').select(['payload']).where('kind', '=', 'outbox').where('type', '=', 'email.send').execute();
      expect(mails.map((m: any) => JSON.parse(m.payload).to)).toContain('maria@example.test');
      expect((await taskOf(rep, deal.id, 'first_call')).overdue).toBe(true);
      expect((await rep.post(`/api/tasks/${call.id}/complete`, { data: { callResult: 'meeting' } })).status).toBe(200);

      // Block 3: the meeting, rescheduled once
      expect((await rep.get(`/api/deals/${deal.id}`)).body.stage).toBe('meeting');
      const meeting = await taskOf(rep, deal.id, 'meeting');
      expect(meeting.kind).toBe('meeting');
      expect(meeting.plannedAt).toBeTruthy();
      const moved = await rep.post(`/api/tasks/${meeting.id}/reschedule`, { start: '2026-03-06T14:00:00+03:00', end: '2026-03-06T15:00:00+03:00', place: 'Офис клиента' });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ plannedAt: '2026-03-06T14:00:00+03:00', dueAt: '2026-03-06T15:00:00+03:00' });
      await h.settle();
      const held = await rep.post(`/api/tasks/${meeting.id}/complete`, { data: heldNow(h) });
      expect(held.status, JSON.stringify(held.body)).toBe(200);
      await h.settle();
      const els = await h.potok.crm.database.db.selectFrom('element_instances').select(['element_id']).where('instance_id', '=', deal.instanceId).execute();
      expect((await rep.get(`/api/deals/${deal.id}`)).body.stage, JSON.stringify(els)).toBe('premises');

      // Block 4: the premises call comes on the 4th working day
      await h.advance(7 * DAY);
      const premises = await taskOf(rep, deal.id, 'premises_call');
      expect(premises).toBeTruthy();
      expect((await rep.post(`/api/tasks/${premises.id}/complete`, { data: { premisesFound: true, premisesAddress: 'Москва, Тверская 1' } })).status).toBe(200);

      // Block 5: client type, then documents and requisites (validated)
      const type = await taskOf(rep, deal.id, 'client_type');
      expect((await rep.post(`/api/tasks/${type.id}/complete`, { data: { clientType: 'ooo' } })).status).toBe(200);
      const upload = await taskOf(rep, deal.id, 'upload_documents');
      const badInn = await rep.post(`/api/tasks/${upload.id}/complete`, { data: { documents: OOO_DOCUMENTS, requisites: { ...OOO_REQUISITES, inn: '7707083894' } } });
      expect(badInn.status).toBe(422);
      expect(badInn.body.fields.map((f: any) => f.field)).toContain('requisites.inn');
      const file = await uploadFile(h, rep, deal.id, 'egrul_record');
      const docs = { ...OOO_DOCUMENTS, egrul_record: { fileId: file }, director_passport: { url: 'https://disk.yandex.ru/d/passport' } };
      const uploaded = await rep.post(`/api/tasks/${upload.id}/complete`, { data: { documents: docs, requisites: OOO_REQUISITES } });
      expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
      const inReview = (await lawyer.get(`/api/deals/${deal.id}`)).body;
      expect(inReview).toMatchObject({ stage: 'legal_review', clientType: 'ooo', premisesAddress: 'Москва, Тверская 1' });
      expect(inReview.requisites.inn).toBe('7707083893');
      expect(inReview.documents.egrul_record).toEqual({ fileId: file });

      // Block 6: the lawyer takes the review from the group and approves
      const group = await lawyer.get('/api/tasks/group');
      const review = group.body.items.find((t: any) => t.dealId === deal.id && t.elementId === 'legal_review');
      expect(review).toBeTruthy();
      expect((await rep.post(`/api/tasks/${review.id}/complete`, { data: { legalDecision: 'approve' } })).status).toBe(403);
      expect((await lawyer.post(`/api/tasks/${review.id}/claim`)).body.assignee).toBe('lena');
      expect((await lawyer.post(`/api/tasks/${review.id}/complete`, { data: { legalDecision: 'approve' } })).status).toBe(200);
      await h.settle();

      // Block 7: the 1C task from the general director to the responsible manager
      expect((await manager.get(`/api/deals/${deal.id}`)).body.stage).toBe('onboarding');
      const enter = await taskOf(manager, deal.id, 'enter_into_1c');
      expect(enter).toMatchObject({ author: 'dima' });
      expect((await manager.post(`/api/tasks/${enter.id}/complete`, { data: { onecRef: '00-000123' } })).status).toBe(200);
      const won = (await director.get(`/api/deals/${deal.id}`)).body;
      expect(won).toMatchObject({ stage: 'won', onecRef: '00-000123', lostReason: null });
      expect(won.closedAt).toBeTruthy();

      // The timeline tells the story with who did what
      const timeline = (await manager.get(`/api/deals/${deal.id}/timeline?limit=200`)).body.items;
      const kinds = new Set(timeline.map((e: any) => e.kind));
      for (const k of ['deal_created', 'stage_changed', 'task_created', 'task_completed', 'meeting_rescheduled', 'legal_decision', 'document_uploaded', 'deal_won']) expect(kinds, k).toContain(k);
      expect(timeline.find((e: any) => e.kind === 'legal_decision')).toMatchObject({ actor: 'lena', data: { decision: 'approve' } });

      // The director's funnel counts it
      const funnel = (await director.get('/api/reports/funnel')).body;
      expect(funnel.reaching.find((r: any) => r.stage === 'won').deals).toBeGreaterThanOrEqual(1);
      expect(funnel.outcomes.won).toBeGreaterThanOrEqual(1);
    });

    it('given a deal banned by the lawyer, when a later deal carries the same ИНН, then the deal is lost/banned and the later task shows a warning', async () => {
      const dealId = await toUpload(h, manager, rep, 'Первый');
      const upload = await taskOf(rep, dealId, 'upload_documents');
      expect((await rep.post(`/api/tasks/${upload.id}/complete`, { data: { documents: linksOnly(), requisites: { ...OOO_REQUISITES, inn: '7736050003', kpp: '773601001' } } })).status).toBe(200);
      const review = (await lawyer.get('/api/tasks/group')).body.items.find((t: any) => t.dealId === dealId);
      const noComment = await lawyer.post(`/api/tasks/${review.id}/complete`, { data: { legalDecision: 'ban' } });
      expect(noComment.status).toBe(422);
      expect(noComment.body.fields.map((f: any) => f.field)).toContain('legalComment');
      expect((await lawyer.post(`/api/tasks/${review.id}/complete`, { data: { legalDecision: 'ban', legalComment: 'Недобросовестный контрагент' } })).status).toBe(200);
      await h.settle();
      const lost = (await manager.get(`/api/deals/${dealId}`)).body;
      expect(lost).toMatchObject({ stage: 'lost', lostReason: 'banned', lostComment: 'Недобросовестный контрагент' });

      const later = await toUpload(h, manager, rep, 'Второй');
      const laterUpload = await taskOf(rep, later, 'upload_documents');
      const beforeWarn = await rep.get(`/api/tasks/${laterUpload.id}`);
      expect(beforeWarn.body.warnings).toEqual([]);
      expect((await rep.post(`/api/tasks/${laterUpload.id}/complete`, { data: { documents: linksOnly(), requisites: { ...OOO_REQUISITES, inn: '7736050003' }, confirmBannedInn: true } })).status).toBe(200);
      const laterReview = (await lawyer.get('/api/tasks/group')).body.items.find((t: any) => t.dealId === later);
      const card = await lawyer.get(`/api/tasks/${laterReview.id}`);
      expect(card.body.warnings).toEqual([{ code: 'banned_inn', message: expect.stringContaining('7736050003') }]);
    });

    it('given a running deal, when the manager cancels it, then it is lost/cancelled, its tasks are cancelled, and cancelling again is refused', async () => {
      const deal = (await manager.post('/api/deals', { title: 'Отмена', contactName: 'К', phone: '+7 900 000-00-01', email: 'c@example.test' })).body;
      expect((await manager.post(`/api/deals/${deal.id}/cancel`, { reason: '' })).status).toBe(422);
      const res = await manager.post(`/api/deals/${deal.id}/cancel`, { reason: 'Клиент передумал' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ stage: 'lost', lostReason: 'cancelled', lostComment: 'Клиент передумал' });
      const tasks = (await manager.get(`/api/deals/${deal.id}/tasks`)).body.items;
      expect(tasks.every((t: any) => t.status === 'cancelled')).toBe(true);
      expect(await taskOf(manager, deal.id, 'assign_rep')).toBeUndefined();
      const again = await manager.post(`/api/deals/${deal.id}/cancel`, { reason: 'ещё раз' });
      expect(again.status).toBe(409);
    });
  });
}

function linksOnly() {
  return Object.fromEntries(Object.keys(OOO_DOCUMENTS).map((k) => [k, { url: `https://disk.yandex.ru/d/${k}` }]));
}

async function uploadFile(h: Harness, who: Caller, dealId: string, docKey: string): Promise<string> {
  const boundary = '----potoktest';
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="egrul.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 test\r\n--${boundary}--\r\n`;
  const res = await h.request('POST', `/api/deals/${dealId}/files?docKey=${docKey}`, { cookie: who.cookie, csrf: who.csrf, body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

/** Creates a deal and drives it to the upload_documents task (client type ООО). */
async function toUpload(h: Harness, manager: Caller, rep: Caller, title: string): Promise<string> {
  return (await dealAtUpload(h, { manager, rep }, { title })).id;
}
