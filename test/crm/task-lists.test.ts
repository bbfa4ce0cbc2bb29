/**
 * "My tasks" and a group's unclaimed tasks: overdue first (by due time), tasks without a
 * due time last, the same order and pages on both databases, each row with its deal's
 * facts — and on SQLite a page read straight from user_tasks_open_assignee, no sort.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDatabases } from '../support/databases.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import type { PotokDatabase } from '../../src/store/database.ts';
import { TaskRepository } from '../../src/crm/tasks/task.repository.ts';

const T0 = Date.parse('2026-03-03T07:00:00Z');
const HOUR = 3_600_000;

function task(id: string, o: Record<string, unknown>) {
  return {
    id, instance_id: `i-${id}`, process_id: 'franchise_onboarding', business_key: 'deal-1', element_id: 'first_call', element_instance_id: '1',
    name: 'Звонок', title: `Задача ${id}`, kind: 'call', author: null, assignee: 'rep1', candidate_groups: '[]', candidate_users: '[]',
    due_at: null, follow_up_at: null, priority: 50, form_id: null, headers: '{}', properties: '{}', variables: '{}', status: 'open', end_reason: null,
    claimed_by: null, claimed_at: null, created_at: T0, completed_at: null, completed_by: null, result: null, updated_at: T0, ...o,
  };
}

for (const target of testDatabases()) {
  describe(`task lists on ${target.name}`, () => {
    let database: PotokDatabase | undefined;
    afterEach(async () => {
      await database?.close();
      database = undefined;
    });

    async function seeded(): Promise<TaskRepository> {
      database = await target.open();
      await migrateToLatest(database);
      await database.db.insertInto('deals').values({
        id: 'deal-1', number: 7, title: 'Кофейня', contact_name: 'Иван', phone: '+7 900 000-00-01', email: 'i@example.test', owner: 'boss', stage: 'first_call', city: 'Тверь',
        search_text: '7 кофейня', created_at: T0, updated_at: T0, stage_changed_at: T0,
      }).execute();
      await database.db.insertInto('user_tasks').values([
        task('a', { due_at: null, created_at: T0 + 1 }),
        task('b', { due_at: T0 + 5 * HOUR }),
        task('c', { due_at: T0 - 2 * HOUR }), // overdue
        task('d', { due_at: null, created_at: T0 }),
        task('e', { due_at: T0 + 5 * HOUR, created_at: T0 - 1 }),
        task('f', { due_at: T0, status: 'completed' }),
        task('g', { due_at: T0, assignee: 'rep2' }),
        // Offered to the lawyers, nobody took them yet.
        task('l1', { assignee: null, candidate_groups: '["lawyer"]', due_at: null }),
        task('l2', { assignee: null, candidate_groups: '["lawyer"]', due_at: T0 + HOUR }),
        task('l3', { assignee: null, candidate_groups: '["manager"]', due_at: T0 }),
      ]).execute();
      return new TaskRepository(database.db);
    }

    it('given open tasks with and without due times, when a person lists theirs, then the overdue come first, those without a due time last, in pages', async () => {
      const tasks = await seeded();
      const all = await tasks.openOf('rep1', { offset: 0, limit: 50 });
      expect(all.rows.map((r: any) => r.id)).toEqual(['c', 'e', 'b', 'd', 'a']);
      expect(all.total).toBe(5);
      expect(all.rows[0]).toMatchObject({ dealId: 'deal-1', deal: { id: 'deal-1', number: 7, title: 'Кофейня', city: 'Тверь', phone: '+7 900 000-00-01' } });
      const second = await tasks.openOf('rep1', { offset: 2, limit: 2 });
      expect(second.rows.map((r: any) => r.id)).toEqual(['b', 'd']);
      expect(second.total).toBe(5);
    });

    it('given tasks offered to a group, when a lawyer lists them, then the same order holds: a due time first, none last', async () => {
      const tasks = await seeded();
      const lawyers = await tasks.openOfGroup('lawyer', { offset: 0, limit: 50 });
      expect(lawyers.rows.map((r: any) => r.id)).toEqual(['l2', 'l1']);
      expect(lawyers.total).toBe(2);
    });

    if (target.name === 'sqlite') it('given the list query, when planned, then a page is read in the index\'s order without sorting the person\'s tasks', async () => {
      await seeded();
      const order = 'order by case when t.due_at is null then 1 else 0 end, t.due_at, t.created_at, t.id';
      const { rows } = await sql.raw<{ detail: string }>(`explain query plan select t.id from user_tasks as t where t.assignee = 'rep1' and t.status = 'open' ${order} limit 50`).execute(database!.db);
      const plan = rows.map((r) => r.detail).join(' | ');
      expect(plan).toContain('user_tasks_open_assignee');
      expect(plan).not.toContain('TEMP B-TREE');
    });
  });
}
