import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { openHarness, type Harness } from '../api/support/api-harness.ts';
import { notifyOverdueTasks } from '../../src/crm/tasks/overdue-sweeper.ts';

for (const target of testDatabases()) {
  describe(`overdue tasks on ${target.name}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await openHarness(target);
    });
    afterAll(async () => h?.close());

    it('given a rep whose first call is overdue, when the sweep runs twice, then the rep is told once and the manager gets the escalation', async () => {
      await h.user('manager', 'om');
      await h.user('sales_rep', 'or');
      const manager = await h.as('om');
      const deal = (await manager.post('/api/deals', { title: 'Просрочка', contactName: 'К', phone: '+7 900 000-00-12', email: 'o@example.test' })).body;
      const assign = (await manager.get('/api/tasks/mine')).body.items.find((t: any) => t.dealId === deal.id);
      await manager.post(`/api/tasks/${assign.id}/complete`, { data: { salesRep: 'or' } });
      await h.advance(45 * 60_000);
      expect(await notifyOverdueTasks(h.potok.crm.database.db, h.potok.crm.notifier, h.clock.now())).toBe(1);
      await notifyOverdueTasks(h.potok.crm.database.db, h.potok.crm.notifier, h.clock.now());
      const rep = await h.as('or');
      const repNotes = (await rep.get('/api/notifications')).body.items.filter((n: any) => n.kind === 'task_overdue');
      expect(repNotes).toHaveLength(1);
      expect(repNotes[0]).toMatchObject({ dealId: deal.id, title: `Просрочена задача: Звонок новому клиенту (сделка №${deal.number} «Просрочка»)` });
      const managerNotes = (await (await h.as('om')).get('/api/notifications')).body.items.map((n: any) => n.kind);
      expect(managerNotes).toContain('escalation');

      // The director's funnel counts the overdue call for the rep — within a period holding the
      // deal's creation, not in a later one
      await h.user('director', 'od');
      const director = await h.as('od');
      const overdueIn = async (query: string) => (await director.get(`/api/reports/funnel${query}`)).body.overdueTasks;
      expect(await overdueIn('')).toEqual([expect.objectContaining({ login: 'or', count: 1 })]);
      expect(await overdueIn(`?from=${encodeURIComponent(deal.createdAt)}`)).toEqual([expect.objectContaining({ login: 'or', count: 1 })]);
      const later = new Date(Date.parse(deal.createdAt) + 86_400_000).toISOString();
      expect(await overdueIn(`?from=${encodeURIComponent(later)}`)).toEqual([]);
    });
  });
}
