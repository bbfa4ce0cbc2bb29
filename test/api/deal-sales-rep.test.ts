/**
 * Changing a deal's sales rep, through the API on the shipped model and both databases:
 * the process variable the later rep tasks are assigned from, the old rep's open tasks,
 * the deal's field and who may see the deal all follow; a manager's reassignment of a rep
 * task takes the deal with it; deactivating a rep warns about their open deals.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { newDeal, step, taskOf } from './support/deal-steps.ts';
import { openHarness, type Caller, type Harness } from './support/api-harness.ts';

for (const target of testDatabases()) {
  describe(`changing a deal's sales rep on ${target.name}`, () => {
    let h: Harness;
    let manager: Caller;
    let ivan: Caller;
    let petr: Caller;
    let admin: Caller;
    beforeAll(async () => {
      h = await openHarness(target);
      await h.user('manager', 'maria');
      await h.user('sales_rep', 'ivan');
      await h.user('sales_rep', 'petr');
      await h.user('sales_rep', 'rp');
      await h.user('sales_rep', 'rp2');
      await h.user('sales_rep', 'gone');
      await h.user('lawyer', 'lena');
      await h.user('director', 'dima');
      await h.user('admin', 'adm');
      await (await h.as('adm')).patch('/api/users/gone', { active: false });
    });
    beforeEach(async () => {
      manager = await h.as('maria');
      ivan = await h.as('ivan');
      petr = await h.as('petr');
      admin = await h.as('adm');
    });
    afterAll(async () => h?.close());

    const timeline = async (dealId: string, kind: string) => (await manager.get(`/api/deals/${dealId}/timeline?limit=200`)).body.items.filter((e: any) => e.kind === kind);

    /** A new deal whose first call is with `rep`. */
    async function dealAtFirstCall(title: string, rep = 'ivan'): Promise<any> {
      const deal = await newDeal(manager, { title });
      await step(h, manager, deal.id, 'assign_rep', { salesRep: rep });
      return (await manager.get(`/api/deals/${deal.id}`)).body;
    }

    it('given a rep with an open call, when a manager changes the rep, then the call moves, the next task goes to the new rep, and only the new rep sees the deal', async () => {
      const deal = await dealAtFirstCall('Смена ТП');
      const call = await taskOf(ivan, deal.id, 'first_call');
      expect(call).toBeTruthy();

      const res = await manager.post(`/api/deals/${deal.id}/sales-rep`, { salesRep: 'petr' });

      expect(res.status, res.raw).toBe(200);
      expect(res.body).toMatchObject({ id: deal.id, salesRep: 'petr' });
      expect(await taskOf(ivan, deal.id, 'first_call')).toBeUndefined();
      expect(await taskOf(petr, deal.id, 'first_call')).toMatchObject({ id: call.id, assignee: 'petr' });
      expect(await timeline(deal.id, 'sales_rep_changed')).toMatchObject([{ actor: 'maria', data: { from: 'ivan', to: 'petr', tasks: [call.id] } }]);
      expect(await timeline(deal.id, 'task_reassigned')).toMatchObject([{ actor: 'maria', data: { taskId: call.id, from: 'ivan', to: 'petr' } }]);
      const notes = (await petr.get('/api/notifications')).body.items.filter((n: any) => n.kind === 'task_assigned' && n.taskId === call.id);
      expect(notes).toHaveLength(1);
      expect((await ivan.get(`/api/deals/${deal.id}`)).status).toBe(403);
      expect((await ivan.get('/api/deals')).body.items.map((d: any) => d.id)).not.toContain(deal.id);
      expect((await petr.get(`/api/deals/${deal.id}`)).status).toBe(200);
      expect((await petr.get('/api/deals')).body.items.map((d: any) => d.id)).toContain(deal.id);

      await step(h, petr, deal.id, 'first_call', { callResult: 'meeting' });

      expect(await taskOf(petr, deal.id, 'meeting')).toMatchObject({ assignee: 'petr' });
      expect(await taskOf(ivan, deal.id, 'meeting')).toBeUndefined();
    });

    it('given a deal waiting on a timer with no open rep task, when the rep changes, then the later call is created for the new rep', async () => {
      const deal = await dealAtFirstCall('Думает');
      await step(h, ivan, deal.id, 'first_call', { callResult: 'think' });
      expect((await manager.get(`/api/deals/${deal.id}/tasks`)).body.items.filter((t: any) => t.status === 'open')).toHaveLength(0);

      const res = await manager.post(`/api/deals/${deal.id}/sales-rep`, { salesRep: 'petr' });
      expect(res.status, res.raw).toBe(200);
      expect((await petr.get('/api/notifications')).body.items.some((n: any) => n.dealId === deal.id && n.taskId === null)).toBe(true);

      await h.advance(7 * 86_400_000); // the presentation e-mail
      await h.advance(7 * 86_400_000); // the next working day: the decision call
      [petr, ivan, manager, admin] = await Promise.all(['petr', 'ivan', 'maria', 'adm'].map((l) => h.as(l))); // sessions idle out
      expect(await taskOf(petr, deal.id, 'decision_call')).toMatchObject({ assignee: 'petr' });
      expect(await taskOf(ivan, deal.id, 'decision_call')).toBeUndefined();
    });

    it("the tester's scenario: a deactivated rep's call given to another rep takes the deal along, the meeting goes to the new rep, who may open the deal", async () => {
      const deal = await dealAtFirstCall('Уволен ТП', 'rp');
      const rp2 = await h.as('rp2');

      const off = await admin.patch('/api/users/rp', { active: false });
      expect(off.status, off.raw).toBe(200);
      expect(off.body).toMatchObject({ login: 'rp', active: false });
      expect(off.body.openDeals).toEqual([{ id: deal.id, number: deal.number, title: 'Уволен ТП', stage: 'first_call' }]);

      const call = (await manager.get(`/api/deals/${deal.id}/tasks`)).body.items.find((t: any) => t.elementId === 'first_call');
      const moved = await manager.post(`/api/tasks/${call.id}/reassign`, { assignee: 'rp2' });
      expect(moved.status, moved.raw).toBe(200);
      expect(moved.body).toMatchObject({ id: call.id, assignee: 'rp2' });
      expect((await manager.get(`/api/deals/${deal.id}`)).body.salesRep).toBe('rp2');
      expect(await timeline(deal.id, 'sales_rep_changed')).toMatchObject([{ actor: 'maria', data: { from: 'rp', to: 'rp2' } }]);

      await step(h, rp2, deal.id, 'first_call', { callResult: 'meeting' });

      expect(await taskOf(rp2, deal.id, 'meeting')).toMatchObject({ assignee: 'rp2' });
      expect((await rp2.get(`/api/deals/${deal.id}`)).status).toBe(200);
    });

    it('a reassignment of a rep task to a non-rep leaves the deal with its rep', async () => {
      const deal = await dealAtFirstCall('Звонок менеджеру');
      const call = await taskOf(ivan, deal.id, 'first_call');
      expect((await manager.post(`/api/tasks/${call.id}/reassign`, { assignee: 'maria' })).status).toBe(200);
      expect((await manager.get(`/api/deals/${deal.id}`)).body.salesRep).toBe('ivan');
      expect(await timeline(deal.id, 'sales_rep_changed')).toEqual([]);
    });

    it('refuses: not an active sales rep (422 salesRep), not a manager (403), unknown deal (404), no rep yet or a closed deal (409)', async () => {
      const deal = await dealAtFirstCall('Проверки');
      for (const salesRep of ['nobody', 'gone', 'lena', 'maria', '']) {
        const r = await manager.post(`/api/deals/${deal.id}/sales-rep`, { salesRep });
        expect(r.status, `${salesRep}: ${r.raw}`).toBe(422);
        expect(r.body.fields).toEqual([expect.objectContaining({ field: 'salesRep' })]);
      }
      expect((await manager.post(`/api/deals/${deal.id}/sales-rep`, {})).status).toBe(400);
      for (const who of ['ivan', 'petr', 'dima', 'adm', 'lena']) {
        const r = await (await h.as(who)).post(`/api/deals/${deal.id}/sales-rep`, { salesRep: 'petr' });
        expect(r.status, `${who}: ${r.raw}`).toBe(403);
      }
      expect((await manager.get(`/api/deals/${deal.id}`)).body.salesRep).toBe('ivan');
      expect((await manager.post('/api/deals/00000000-0000-0000-0000-000000000000/sales-rep', { salesRep: 'petr' })).status).toBe(404);
      const fresh = await newDeal(manager, { title: 'Без ТП' });
      expect((await manager.post(`/api/deals/${fresh.id}/sales-rep`, { salesRep: 'petr' })).status).toBe(409);
      expect((await manager.post(`/api/deals/${deal.id}/cancel`, { reason: 'Отказ' })).status).toBe(200);
      const closed = await manager.post(`/api/deals/${deal.id}/sales-rep`, { salesRep: 'petr' });
      expect(closed.status).toBe(409);
      expect(closed.body.code).toBe('conflict');
    });

    it('deactivating a user who is the rep of no open deal answers without openDeals', async () => {
      await h.user('sales_rep', 'idle');
      const r = await admin.patch('/api/users/idle', { active: false });
      expect(r.status).toBe(200);
      expect(r.body.openDeals).toBeUndefined();
      const back = await admin.patch('/api/users/idle', { active: true });
      expect(back.body.openDeals).toBeUndefined();
    });
  });
}
