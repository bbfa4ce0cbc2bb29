/**
 * 0101 folds the CRM's crm_tasks into the runtime's user_tasks on a database that an
 * older Potok (schema at 0100) filled: every task stays, with what only the CRM knew.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDatabases } from '../support/databases.ts';
import { migrateTo, migrateToLatest } from '../../src/store/migrate.ts';
import type { PotokDatabase } from '../../src/store/database.ts';
import { TaskRepository } from '../../src/crm/tasks/task.repository.ts';

const T0 = Date.parse('2026-03-03T07:00:00Z');
const HOUR = 3_600_000;

/** A user_tasks row as 0001 made it (what the runtime wrote). */
function runtimeRow(id: string, o: Record<string, unknown>) {
  const [instanceId, elementInstanceId] = id.split(':');
  return {
    id, instance_id: instanceId, process_id: 'franchise_onboarding', business_key: 'deal-1', element_id: 'first_call', element_instance_id: elementInstanceId,
    name: 'Звонок', title: 'Звонок новому клиенту', kind: 'call', author: null, assignee: 'rep1', candidate_groups: '[]', candidate_users: '[]',
    due_at: T0 + HOUR, follow_up_at: null, priority: 50, form_id: null, headers: '{}', properties: '{}', variables: '{}', status: 'open', end_reason: null,
    claimed_by: null, claimed_at: null, created_at: T0, completed_at: null, completed_by: null, result: null, updated_at: T0, ...o,
  };
}

/** A crm_tasks row as 0100 made it (what the CRM's listener wrote beside it). */
function crmRow(id: string, o: Record<string, unknown>) {
  const [instanceId, elementInstanceId] = id.split(':');
  return {
    id, deal_id: 'deal-1', instance_id: instanceId, element_instance_id: elementInstanceId, element_id: 'first_call', title: 'Звонок новому клиенту', kind: 'call',
    author: null, assignee: 'rep1', candidate_groups: '', due_at: T0 + HOUR, planned_at: null, form_id: null, properties: '{}', variables: '{}', status: 'open',
    created_at: T0, ended_at: null, completed_by: null, overdue_notified: 0, ...o,
  };
}

for (const target of testDatabases()) {
  describe(`migration 0101 (one task table) on ${target.name}`, () => {
    let database: PotokDatabase | undefined;
    afterEach(async () => {
      await database?.close();
      database = undefined;
    });

    it('given a database at 0100 with tasks in crm_tasks and user_tasks, when migrated, then every task is kept in user_tasks with its planned time, assignee and overdue flag, and crm_tasks is gone', async () => {
      database = await target.open();
      await migrateTo(database, '0100_crm');
      const db = database.db;
      await db.insertInto('deals').values({
        id: 'deal-1', number: 1, title: 'Кофейня', contact_name: 'Иван', phone: '+7 900 000-00-01', email: 'i@example.test', owner: 'boss', stage: 'meeting',
        search_text: '1 кофейня', created_at: T0, updated_at: T0, stage_changed_at: T0,
      }).execute();
      await db.insertInto('instances').values({
        id: 'i1', definition_key: 'franchise_onboarding:1', process_id: 'franchise_onboarding', business_key: 'deal-1', status: 'active', version: 3, next_id: 9,
        history_seq: 5, started_at: T0, started_by: 'boss', ended_at: null, updated_at: T0, meta: '{}',
      }).execute();
      await db.insertInto('user_tasks').values([
        // A meeting the rep moved in the CRM (planned start, due time and variables changed only there), already told overdue.
        runtimeRow('i1:4', { element_id: 'meeting', kind: 'meeting', title: 'Встреча', due_at: T0 + 2 * HOUR, follow_up_at: T0 + HOUR, variables: '{"meetingAt":"2026-03-03T11:00:00+03:00"}' }),
        // A lawyer's group task one lawyer claimed in the CRM (the runtime row still says nobody).
        runtimeRow('i1:6', { element_id: 'legal_review', kind: 'approval', title: 'Проверка документов', assignee: null, candidate_groups: '["lawyer"]', due_at: null }),
        // A completed call.
        runtimeRow('i1:2', { status: 'completed', end_reason: 'completed', completed_at: T0 + 600_000, completed_by: 'rep1', result: '{"callResult":"meeting"}' }),
      ]).execute();
      await db.insertInto('user_task_candidates').values({ task_id: 'i1:6', kind: 'group', name: 'lawyer' }).execute();
      await db.insertInto('crm_tasks').values([
        crmRow('i1:4', { element_id: 'meeting', kind: 'meeting', title: 'Встреча', due_at: T0 + 27 * HOUR, planned_at: T0 + 26 * HOUR, variables: '{"meetingAt":"2026-03-04T12:00:00+03:00"}', overdue_notified: 1 }),
        crmRow('i1:6', { element_id: 'legal_review', kind: 'approval', title: 'Проверка документов', assignee: 'lawyer1', candidate_groups: ',lawyer,', due_at: null }),
        crmRow('i1:2', { status: 'completed', ended_at: T0 + 600_000, completed_by: 'rep1', overdue_notified: 1 }),
        // Only the CRM had this one (a runtime row lost to a hand repair): it is kept.
        crmRow('i1:8', { element_id: 'upload_documents', kind: 'todo', title: 'Загрузить документы', due_at: T0 + 50 * HOUR, candidate_groups: ',sales_rep,', overdue_notified: 0 }),
      ]).execute();

      expect(await migrateToLatest(database)).toContain('0101_fold_crm_tasks');

      const rows = await db.selectFrom('user_tasks').selectAll().orderBy('id').execute();
      const brief = rows.map((r: any) => ({
        id: r.id, status: r.status, assignee: r.assignee, dueAt: Number(r.due_at) || null, followUpAt: Number(r.follow_up_at) || null, overdueNotified: Number(r.overdue_notified), businessKey: r.business_key,
      }));
      expect(brief).toEqual([
        { id: 'i1:2', status: 'completed', assignee: 'rep1', dueAt: T0 + HOUR, followUpAt: null, overdueNotified: 1, businessKey: 'deal-1' },
        { id: 'i1:4', status: 'open', assignee: 'rep1', dueAt: T0 + 27 * HOUR, followUpAt: T0 + 26 * HOUR, overdueNotified: 1, businessKey: 'deal-1' },
        { id: 'i1:6', status: 'open', assignee: 'lawyer1', dueAt: null, followUpAt: null, overdueNotified: 0, businessKey: 'deal-1' },
        { id: 'i1:8', status: 'open', assignee: 'rep1', dueAt: T0 + 50 * HOUR, followUpAt: null, overdueNotified: 0, businessKey: 'deal-1' },
      ]);

      // The CRM reads them as before: the moved meeting with its new variables, the kept task with its groups.
      const tasks = new TaskRepository(db);
      const meeting = await tasks.find('i1:4');
      expect(meeting).toMatchObject({ dealId: 'deal-1', plannedAt: T0 + 26 * HOUR, dueAt: T0 + 27 * HOUR, variables: { meetingAt: '2026-03-04T12:00:00+03:00' } });
      expect(await tasks.find('i1:8')).toMatchObject({ dealId: 'deal-1', instanceId: 'i1', elementInstanceId: '8', title: 'Загрузить документы', candidateGroups: ['sales_rep'], status: 'open' });
      expect((await tasks.ofDeal('deal-1')).map((t) => t.id)).toEqual(['i1:2', 'i1:4', 'i1:6', 'i1:8']);
      const candidates = await db.selectFrom('user_task_candidates').select(['task_id', 'name']).orderBy('task_id').execute();
      expect(candidates).toEqual([{ task_id: 'i1:6', name: 'lawyer' }, { task_id: 'i1:8', name: 'sales_rep' }]);

      const tables = await tableNames(database);
      expect(tables).not.toContain('crm_tasks');
      expect(tables).toContain('user_tasks');
    });

    it("given tasks in the one table, when 0101 is undone, then crm_tasks holds the deal's tasks again with their planned time and overdue flag, and 0101 applies once more", async () => {
      database = await target.open();
      await migrateTo(database, '0101_fold_crm_tasks');
      const db = database.db;
      await db.insertInto('deals').values({
        id: 'deal-1', number: 1, title: 'Кофейня', contact_name: 'Иван', phone: '+7 900 000-00-01', email: 'i@example.test', owner: 'boss', stage: 'meeting',
        search_text: '1 кофейня', created_at: T0, updated_at: T0, stage_changed_at: T0,
      }).execute();
      await db.insertInto('user_tasks').values([
        { ...runtimeRow('i1:4', { element_id: 'meeting', kind: 'meeting', follow_up_at: T0 + 26 * HOUR, candidate_groups: '["sales_rep"]' }), overdue_notified: 1 },
        { ...runtimeRow('x1:2', { business_key: null }), overdue_notified: 0 }, // not a deal's: the CRM never had it
      ]).execute();

      await migrateTo(database, '0100_crm');

      const back = await db.selectFrom('crm_tasks').selectAll().execute();
      expect(back.map((r: any) => ({ id: r.id, dealId: r.deal_id, plannedAt: Number(r.planned_at), groups: r.candidate_groups, overdueNotified: Number(r.overdue_notified) }))).toEqual([
        { id: 'i1:4', dealId: 'deal-1', plannedAt: T0 + 26 * HOUR, groups: ',sales_rep,', overdueNotified: 1 },
      ]);
      expect(await migrateTo(database, '0101_fold_crm_tasks')).toEqual(['0101_fold_crm_tasks']);
      expect(await tableNames(database)).not.toContain('crm_tasks');
      expect(Number((await db.selectFrom('user_tasks').select('overdue_notified').where('id', '=', 'i1:4').executeTakeFirstOrThrow()).overdue_notified)).toBe(1);
    });
  });
}

async function tableNames(database: PotokDatabase): Promise<string[]> {
  const q =
    database.caps.kind === 'postgres'
      ? sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`
      : sql<{ name: string }>`select name from sqlite_master where type = 'table'`;
  return (await q.execute(database.db)).rows.map((r) => r.name);
}
