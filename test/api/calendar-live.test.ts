/**
 * The admin's calendar changes apply to the running system at once (no restart), and a
 * year with no production-calendar data warns the admins once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { testDatabases } from '../support/databases.ts';
import { openHarness, ZONE, type Caller, type Harness } from './support/api-harness.ts';

async function firstCallDue(h: Harness, manager: Caller, title: string): Promise<string> {
  const created = await manager.post('/api/deals', { title, contactName: 'Иван', phone: '+7 900 000-00-00', email: 'client@example.test' });
  expect(created.status).toBe(201);
  const mine = await manager.get('/api/tasks/mine?limit=200');
  const assign = mine.body.items.find((t: any) => t.dealId === created.body.id && t.elementId === 'assign_rep');
  expect((await manager.post(`/api/tasks/${assign.id}/complete`, { data: { salesRep: 'ivan' } })).status).toBe(200);
  await h.settle();
  const tasks = await manager.get(`/api/deals/${created.body.id}/tasks`);
  const call = (tasks.body.items ?? tasks.body).find((t: any) => t.elementId === 'first_call');
  return call.dueAt;
}

for (const target of testDatabases()) {
  describe(`the working calendar while Potok runs, on ${target.name}`, () => {
    let h: Harness;
    let admin: Caller;
    let manager: Caller;
    beforeAll(async () => {
      h = await openHarness(target);
      await h.user('admin', 'alla');
      await h.user('manager', 'maria');
      await h.user('sales_rep', 'ivan');
      admin = await h.as('alla');
      manager = await h.as('maria');
    });
    afterAll(async () => h?.close());

    it('given the admin makes tomorrow a day off, when a call is created at 17:50, then its due skips that day without a restart', async () => {
      h.clock.set(DateTime.fromISO('2026-03-03T17:50:00', { zone: ZONE }).toMillis());
      expect(await firstCallDue(h, manager, 'До правки')).toBe('2026-03-04T09:20:00+03:00');

      const put = await h.request('PUT', '/api/admin/calendar/corrections', { body: { date: '2026-03-04', kind: 'off', note: 'Перенос' }, cookie: admin.cookie, csrf: admin.csrf });
      expect(put.status).toBeLessThan(300);

      expect(await firstCallDue(h, manager, 'После правки')).toBe('2026-03-05T09:20:00+03:00');
    });

    it('given a date in a year with no calendar data, when a due date is computed there, then each admin is told once and weekdays are used', async () => {
      h.clock.set(DateTime.fromISO('2029-03-02T17:50:00', { zone: ZONE }).toMillis()); // a Friday
      // Sessions do not outlive a jump of three years.
      admin = await h.as('alla');
      manager = await h.as('maria');
      expect(await firstCallDue(h, manager, 'Без календаря 1')).toBe('2029-03-05T09:20:00+03:00');
      await firstCallDue(h, manager, 'Без календаря 2');
      const notes = await admin.get('/api/notifications');
      const warnings = (notes.body.items ?? notes.body).filter((n: any) => /2029/.test(n.title));
      expect(warnings).toHaveLength(1);
      expect(warnings[0].title).toMatch(/календар/i);
    });
  });
}
