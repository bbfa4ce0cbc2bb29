/**
 * Who holds a task, through the API on the shipped model and both databases: a
 * manager's reassignment, a lawyer's claim and unclaim, a meeting's reschedule. There is
 * one task table (the runtime's user_tasks): the row, the instance's history and the
 * deal's timeline all tell the same, and so do the inboxes.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { OOO_DOCUMENTS, OOO_REQUISITES } from '../forms/fixtures.ts';
import { findUserTask } from '../../src/store/user-task.repository.ts';
import { dealAtUpload, step } from './support/deal-steps.ts';
import { openHarness, type Caller, type Harness } from './support/api-harness.ts';


async function inbox(who: Caller, path = '/api/tasks/mine'): Promise<any[]> {
  const res = await who.get(`${path}?limit=200`);
  expect(res.status).toBe(200);
  expect(res.body.total).toBe(res.body.items.length);
  return res.body.items;
}

async function taskOf(who: Caller, dealId: string, elementId: string): Promise<any> {
  return (await inbox(who)).find((t: any) => t.dealId === dealId && t.elementId === elementId);
}

for (const target of testDatabases()) {
  describe(`task assignment on ${target.name}`, () => {
    let h: Harness;
    let manager: Caller;
    let rep: Caller;
    let rep2: Caller;
    let lawyer: Caller;
    let lawyer2: Caller;
    beforeAll(async () => {
      h = await openHarness(target);
      await h.user('manager', 'maria');
      await h.user('sales_rep', 'ivan');
      await h.user('sales_rep', 'petr');
      await h.user('lawyer', 'lena');
      await h.user('lawyer', 'olga');
    });
    beforeEach(async () => {
      manager = await h.as('maria');
      rep = await h.as('ivan');
      rep2 = await h.as('petr');
      lawyer = await h.as('lena');
      lawyer2 = await h.as('olga');
    });
    afterAll(async () => h?.close());

    const history = async (instanceId: string, kind: string) =>
      (await h.potok.crm.database.db.selectFrom('history').select(['kind', 'actor', 'data']).where('instance_id', '=', instanceId).where('kind', '=', kind).orderBy('seq').execute()).map((r: any) => ({
        actor: r.actor,
        ...(typeof r.data === 'string' ? JSON.parse(r.data) : r.data),
      }));
    const timeline = async (dealId: string, kind: string) => (await manager.get(`/api/deals/${dealId}/timeline?limit=200`)).body.items.filter((e: any) => e.kind === kind);

    /** A new deal whose first call is with ivan. */
    async function dealAtFirstCall(title: string): Promise<any> {
      const deal = (await manager.post('/api/deals', { title, contactName: 'Клиент', phone: '+7 900 000-00-31', email: 'c@example.test' })).body;
      const assign = await taskOf(manager, deal.id, 'assign_rep');
      expect((await manager.post(`/api/tasks/${assign.id}/complete`, { data: { salesRep: 'ivan' } })).status).toBe(200);
      await h.settle();
      return deal;
    }

    it("given a rep's first call, when the manager gives it to another rep, then the runtime's row, the instance history and the deal timeline name the new rep, who sees it in my tasks while the old rep does not", async () => {
      const deal = await dealAtFirstCall('Передача звонка');
      const call = await taskOf(rep, deal.id, 'first_call');
      expect(call).toMatchObject({ assignee: 'ivan' });

      const res = await manager.post(`/api/tasks/${call.id}/reassign`, { assignee: 'petr' });

      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ id: call.id, dealId: deal.id, assignee: 'petr', status: 'open', elementId: 'first_call' });
      expect((await findUserTask(h.potok.crm.database.db, call.id))?.assignee).toBe('petr');
      expect(await history(deal.instanceId, 'task.reassigned')).toEqual([{ actor: 'maria', taskId: call.id, from: 'ivan', to: 'petr' }]);
      expect(await timeline(deal.id, 'task_reassigned')).toMatchObject([{ actor: 'maria', data: { taskId: call.id, from: 'ivan', to: 'petr' } }]);
      expect(await taskOf(rep2, deal.id, 'first_call')).toMatchObject({ id: call.id, assignee: 'petr', deal: { id: deal.id, title: 'Передача звонка' } });
      expect(await taskOf(rep, deal.id, 'first_call')).toBeUndefined();
      const notes = (await rep2.get('/api/notifications')).body.items.filter((n: any) => n.kind === 'task_assigned' && n.taskId === call.id);
      expect(notes).toHaveLength(1);
      // And the new rep is the one who may complete it.
      expect((await rep.post(`/api/tasks/${call.id}/complete`, { data: { callResult: 'meeting' } })).status).toBe(403);
      expect((await rep2.post(`/api/tasks/${call.id}/complete`, { data: { callResult: 'meeting' } })).status).toBe(200);
      expect((await manager.get(`/api/deals/${deal.id}/tasks`)).body.items.find((t: any) => t.id === call.id)).toMatchObject({ status: 'completed', completedBy: 'petr', assignee: 'petr' });
    });

    it('given a task that was completed meanwhile, when the manager reassigns it, then it is refused and nothing changes', async () => {
      const deal = await dealAtFirstCall('Поздняя передача');
      const call = await taskOf(rep, deal.id, 'first_call');
      expect((await rep.post(`/api/tasks/${call.id}/complete`, { data: { callResult: 'meeting' } })).status).toBe(200);

      const res = await manager.post(`/api/tasks/${call.id}/reassign`, { assignee: 'petr' });

      expect(res.status).toBe(409);
      expect((await findUserTask(h.potok.crm.database.db, call.id))?.assignee).toBe('ivan');
      expect(await history(deal.instanceId, 'task.reassigned')).toEqual([]);
      expect(await timeline(deal.id, 'task_reassigned')).toEqual([]);
    });

    it("given a lawyers' group task, when one lawyer claims it and gives it back, then the row, the history and the timeline follow each step, and the inboxes show it to the holder or to the group", async () => {
      const dealId = await dealAtLegalReview('Проверка юристом');
      const dealInstance = (await manager.get(`/api/deals/${dealId}`)).body.instanceId;
      const review = (await inbox(lawyer, '/api/tasks/group')).find((t: any) => t.dealId === dealId && t.elementId === 'legal_review');
      expect(review).toMatchObject({ assignee: null, candidateGroups: ['lawyer'] });

      // When lena claims it
      const claimed = await lawyer.post(`/api/tasks/${review.id}/claim`);
      expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
      expect(claimed.body).toMatchObject({ id: review.id, assignee: 'lena', candidateGroups: ['lawyer'] });
      expect(await findUserTask(h.potok.crm.database.db, review.id)).toMatchObject({ assignee: 'lena', claimedBy: 'lena' });
      expect(await history(dealInstance, 'task.claimed')).toEqual([{ actor: 'lena', taskId: review.id, from: null, to: 'lena' }]);
      expect(await timeline(dealId, 'task_claimed')).toMatchObject([{ actor: 'lena', data: { taskId: review.id, from: null, to: 'lena' } }]);
      expect((await inbox(lawyer)).map((t) => t.id)).toContain(review.id);
      expect((await inbox(lawyer2, '/api/tasks/group')).map((t) => t.id)).not.toContain(review.id);
      // olga no longer sees it, let alone takes it from her
      expect((await lawyer2.post(`/api/tasks/${review.id}/claim`)).status).toBe(403);

      // When lena gives it back
      const back = await lawyer.post(`/api/tasks/${review.id}/unclaim`);
      expect(back.status, JSON.stringify(back.body)).toBe(200);
      expect(back.body).toMatchObject({ id: review.id, assignee: null });
      expect(await findUserTask(h.potok.crm.database.db, review.id)).toMatchObject({ assignee: null, claimedBy: null });
      expect(await history(dealInstance, 'task.unclaimed')).toEqual([{ actor: 'lena', taskId: review.id, from: 'lena', to: null }]);
      expect(await timeline(dealId, 'task_unclaimed')).toMatchObject([{ actor: 'lena', data: { taskId: review.id, from: 'lena', to: null } }]);
      expect((await inbox(lawyer)).map((t) => t.id)).not.toContain(review.id);
      expect((await inbox(lawyer2, '/api/tasks/group')).map((t) => t.id)).toContain(review.id);

      // Then olga may take it and decide
      expect((await lawyer2.post(`/api/tasks/${review.id}/claim`)).body.assignee).toBe('olga');
      expect((await lawyer2.post(`/api/tasks/${review.id}/complete`, { data: { legalDecision: 'approve' } })).status).toBe(200);
      expect((await history(dealInstance, 'task.claimed')).map((e: any) => e.to)).toEqual(['lena', 'olga']);
    });

    it("given a lawyers' group task, when a lawyer completes it without claiming, then it is claimed for them first, in the row, the history and the timeline", async () => {
      const dealId = await dealAtLegalReview('Сразу решение');
      const dealInstance = (await manager.get(`/api/deals/${dealId}`)).body.instanceId;
      const review = (await inbox(lawyer, '/api/tasks/group')).find((t: any) => t.dealId === dealId && t.elementId === 'legal_review');

      expect((await lawyer.post(`/api/tasks/${review.id}/complete`, { data: { legalDecision: 'approve' } })).status).toBe(200);

      expect(await findUserTask(h.potok.crm.database.db, review.id)).toMatchObject({ status: 'completed', assignee: 'lena', completedBy: 'lena' });
      expect(await history(dealInstance, 'task.claimed')).toEqual([{ actor: 'lena', taskId: review.id, from: null, to: 'lena' }]);
      expect(await timeline(dealId, 'task_claimed')).toHaveLength(1);
      // Past the review, the lawyer who decided still sees the deal (card, list, timeline); another lawyer does not.
      expect((await manager.get(`/api/deals/${dealId}`)).body.stage).not.toBe('legal_review');
      expect((await lawyer.get(`/api/deals/${dealId}`)).status).toBe(200);
      expect((await lawyer.get(`/api/deals/${dealId}/timeline`)).status).toBe(200);
      expect((await lawyer.get('/api/deals?limit=200')).body.items.map((d: any) => d.id)).toContain(dealId);
      expect((await lawyer2.get(`/api/deals/${dealId}`)).status).toBe(403);
      expect((await lawyer2.get('/api/deals?limit=200')).body.items.map((d: any) => d.id)).not.toContain(dealId);
    });

    it("given a lawyers' group task, when a lawyer's completion is refused, then the task stays with the group (not claimed) and another lawyer decides it", async () => {
      const dealId = await dealAtLegalReview('Отказ без комментария');
      const review = (await inbox(lawyer, '/api/tasks/group')).find((t: any) => t.dealId === dealId && t.elementId === 'legal_review');

      const refused = await lawyer.post(`/api/tasks/${review.id}/complete`, { data: { legalDecision: 'ban' } });
      expect(refused.status).toBe(422);
      expect(refused.body.fields.map((f: any) => f.field)).toEqual(['legalComment']);
      const bogus = await lawyer2.post(`/api/tasks/${review.id}/complete`, { data: { legalDecision: 'bogus' } });
      expect(bogus.status).toBe(422);
      expect(bogus.body.fields.filter((f: any) => f.field === 'legalDecision')).toHaveLength(1);

      expect(await findUserTask(h.potok.crm.database.db, review.id)).toMatchObject({ status: 'open', assignee: null, claimedBy: null });
      expect(await timeline(dealId, 'task_claimed')).toEqual([]);
      expect((await inbox(lawyer2, '/api/tasks/group')).map((t) => t.id)).toContain(review.id);
      expect((await lawyer2.post(`/api/tasks/${review.id}/complete`, { data: { legalDecision: 'approve' } })).status).toBe(200);
    });

    it("given an assign-rep task, when the chosen rep is not one of the options, then the field is named once", async () => {
      const res = await manager.post('/api/deals', { title: 'Выбор представителя', contactName: 'Контакт', phone: '+7 900 000-00-01', email: 'choice@example.test' });
      expect(res.status).toBe(201);
      const task = await taskOf(manager, res.body.id, 'assign_rep');
      const refused = await manager.post(`/api/tasks/${task.id}/complete`, { data: { salesRep: 'lena' } });
      expect(refused.status).toBe(422);
      expect(refused.body.fields.filter((f: any) => f.field === 'salesRep')).toHaveLength(1);
    });

    it('given a meeting still ahead, when the rep marks it held, then it is refused naming meetingHeld; with the time it actually took place it is accepted', async () => {
      const deal = await dealAtFirstCall('Встреча ещё впереди');
      const call = await taskOf(rep, deal.id, 'first_call');
      expect((await rep.post(`/api/tasks/${call.id}/complete`, { data: { callResult: 'meeting' } })).status).toBe(200);
      await h.settle();
      const meeting = await taskOf(rep, deal.id, 'meeting');
      expect(Date.parse(meeting.plannedAt)).toBeGreaterThan(h.clock.now());
      const early = await rep.post(`/api/tasks/${meeting.id}/complete`, { data: { meetingHeld: true } });
      expect(early.status).toBe(422);
      expect(early.body.fields.map((f: any) => f.field)).toEqual(['meetingHeld']);
      expect((await findUserTask(h.potok.crm.database.db, meeting.id))?.status).toBe('open');
      const ru = await h.request('POST', `/api/tasks/${meeting.id}/complete`, { cookie: rep.cookie, csrf: rep.csrf, body: { data: { meetingHeld: true } }, headers: { 'accept-language': 'ru' } });
      expect(ru.body.fields[0].message).toMatch(/^Встреча ещё не началась/);
      const now = h.clock.now();
      const held = await rep.post(`/api/tasks/${meeting.id}/complete`, { data: { meetingHeld: true, meetingAt: new Date(now - 7_200_000).toISOString(), meetingEnd: new Date(now - 3_600_000).toISOString() } });
      expect(held.status, JSON.stringify(held.body)).toBe(200);
    });

    it('given a new task and a task handed over, then the person is notified with the task and the deal it belongs to', async () => {
      const deal = await dealAtFirstCall('Пивной угол');
      const call = await taskOf(rep, deal.id, 'first_call');
      expect((await manager.post(`/api/tasks/${call.id}/reassign`, { assignee: 'petr' })).status).toBe(200);
      const titles = async (who: Caller) => ((await who.get('/api/notifications?limit=100')).body.items as any[]).filter((n) => n.dealId === deal.id).map((n) => n.title);
      expect(await titles(rep)).toContainEqual(expect.stringMatching(new RegExp(`^Новая задача: .+ — сделка №${deal.number} «Пивной угол»$`)));
      expect(await titles(rep2)).toContainEqual(expect.stringMatching(new RegExp(`— сделка №${deal.number} «Пивной угол»$`)));
    });

    it("given a rep's meeting, when it is rescheduled, then the one task row has the new planned start and due time, and the rep's inbox shows them", async () => {
      const deal = await dealAtFirstCall('Перенос встречи');
      const call = await taskOf(rep, deal.id, 'first_call');
      expect((await rep.post(`/api/tasks/${call.id}/complete`, { data: { callResult: 'meeting' } })).status).toBe(200);
      await h.settle();
      const meeting = await taskOf(rep, deal.id, 'meeting');

      // A week after the test clock's day, 14:00–15:30 Moscow time (the clock moves on between tests).
      const day = DateTime.fromMillis(h.clock.now(), { zone: 'Europe/Moscow' }).plus({ days: 7 }).toISODate();
      const start = `${day}T14:00:00+03:00`;
      const end = `${day}T15:30:00+03:00`;
      const moved = await rep.post(`/api/tasks/${meeting.id}/reschedule`, { start, end, place: 'Офис' });

      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      const row = await findUserTask(h.potok.crm.database.db, meeting.id);
      expect(row).toMatchObject({ followUpAt: Date.parse(start), dueAt: Date.parse(end) });
      expect(row?.variables).toMatchObject({ meetingAt: start, meetingEnd: end, meetingPlace: 'Офис' });
      expect(await taskOf(rep, deal.id, 'meeting')).toMatchObject({ plannedAt: start, dueAt: end });
      // The same time and place again: nothing to move, no second invitation
      expect((await rep.post(`/api/tasks/${meeting.id}/reschedule`, { start, end, place: 'Офис' })).status).toBe(200);
      const moves = await timeline(deal.id, 'meeting_rescheduled');
      expect(moves).toHaveLength(1);
      // Instants in a timeline entry are ISO with the company's offset, like every date of the API
      expect(moves[0].data).toMatchObject({ to: start, end });
      const created = (await timeline(deal.id, 'task_created')).find((e: any) => e.data.elementId === 'meeting');
      expect(created.data.dueAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?\+03:00$/);
    });

    it('given a meeting, when it is moved into the past, to year 99999, beyond two years or to last longer than a day, then each is refused naming the field and nothing changes', async () => {
      const deal = await dealAtFirstCall('Странные даты');
      const call = await taskOf(rep, deal.id, 'first_call');
      expect((await rep.post(`/api/tasks/${call.id}/complete`, { data: { callResult: 'meeting' } })).status).toBe(200);
      await h.settle();
      const meeting = await taskOf(rep, deal.id, 'meeting');
      const cases: [Record<string, unknown>, string][] = [
        [{ start: '2020-03-10T14:00:00+03:00', end: '2020-03-10T15:00:00+03:00' }, 'start'],
        [{ start: '+099999-01-01T12:00:00Z', end: '+099999-01-01T13:00:00Z' }, 'start'],
        [{ start: '+010000-01-01T12:00:00Z', end: '+010000-01-01T13:00:00Z' }, 'start'],
        [{ start: '2029-03-10T14:00:00+03:00', end: '2029-03-10T15:00:00+03:00' }, 'start'],
        [{ start: '2026-12-10T14:00:00+03:00', end: '2026-12-12T15:00:00+03:00' }, 'end'],
      ];
      for (const [body, field] of cases) {
        const r = await rep.post(`/api/tasks/${meeting.id}/reschedule`, body);
        expect(r.status, `${JSON.stringify(body)} → ${r.raw}`).toBe(422);
        expect(r.body.fields.map((f: any) => f.field), JSON.stringify(body)).toContain(field);
      }
      // Nothing moved, and the rep's lists still answer
      expect((await rep.get('/api/tasks/mine')).status).toBe(200);
      expect(await timeline(deal.id, 'meeting_rescheduled')).toHaveLength(0);
      expect((await rep.get(`/api/tasks/${meeting.id}`)).status).toBe(200);
    });

    /** A deal (client type ООО, documents as links) waiting for the lawyers' review. */
    it('given the lawyer asking for more documents, when the manager corrects the legal address and replaces the charter, then the timeline tells each change with old and new value and who made it', async () => {
      const dealId = await dealAtLegalReview('Исправление реквизитов');
      const review = (await inbox(lawyer, '/api/tasks/group')).find((t: any) => t.dealId === dealId && t.elementId === 'legal_review');
      expect((await lawyer.post(`/api/tasks/${review.id}/complete`, { data: { legalDecision: 'approve_more_docs' } })).status).toBe(200);
      await h.settle();
      await step(h, lawyer, dealId, 'legal_claim', { legalClaim: 'Нужен устав в новой редакции' });
      const links = Object.fromEntries(Object.keys(OOO_DOCUMENTS).map((k) => [k, { url: `https://disk.yandex.ru/d/${k}` }]));
      await step(h, manager, dealId, 'supplement_documents', {
        documents: { ...links, charter: { url: 'https://disk.yandex.ru/d/charter-2026' } },
        requisites: { ...OOO_REQUISITES, legalAddress: 'г. Тула, ул. Новая, 2' },
      });
      const changes = (await timeline(dealId, 'field_changed')).map((e: any) => ({ actor: e.actor, ...e.data }));
      expect(changes).toEqual(
        expect.arrayContaining([
          { actor: 'maria', field: 'requisites.legalAddress', old: OOO_REQUISITES.legalAddress, new: 'г. Тула, ул. Новая, 2' },
          { actor: 'maria', field: 'documents.charter', old: 'https://disk.yandex.ru/d/charter', new: 'https://disk.yandex.ru/d/charter-2026' },
        ]),
      );
      expect(changes).toHaveLength(2);
      expect((await manager.get(`/api/deals/${dealId}`)).body.requisites.legalAddress).toBe('г. Тула, ул. Новая, 2');
      // The review comes back with the claim it asked for in view
      const again = (await inbox(lawyer, '/api/tasks/group')).find((t: any) => t.dealId === dealId && t.elementId === 'legal_review');
      expect((await lawyer.get(`/api/tasks/${again.id}`)).body.form.values.legalClaim).toBe('Нужен устав в новой редакции');
    });

    async function dealAtLegalReview(title: string): Promise<string> {
      const deal = await dealAtUpload(h, { manager, rep }, { title, contactName: 'Клиент', phone: '+7 900 000-00-31', email: 'c@example.test' });
      const links = Object.fromEntries(Object.keys(OOO_DOCUMENTS).map((k) => [k, { url: `https://disk.yandex.ru/d/${k}` }]));
      await step(h, rep, deal.id, 'upload_documents', { documents: links, requisites: OOO_REQUISITES });
      return deal.id;
    }
  });
}
