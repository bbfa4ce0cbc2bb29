/**
 * 0102 rebuilds SQLite's hot engine tables WITHOUT ROWID (and the history without
 * AUTOINCREMENT). An instance that an older Potok (schema at 0101) left waiting keeps
 * every row and goes on to its end after the migration; PostgreSQL is untouched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDatabases } from '../support/databases.ts';
import { migrateTo, migrateToLatest } from '../../src/store/migrate.ts';
import { createRuntime } from '../../src/runtime/index.ts';
import { ManualClock } from '../../src/runtime/clock.ts';
import { listUserTasks } from '../../src/store/user-task.repository.ts';
import { listHistory } from '../../src/store/history.repository.ts';
import { findInstance } from '../../src/store/instance.repository.ts';
import type { PotokDatabase } from '../../src/store/database.ts';
import { T0, dealModel } from '../runtime/r1-support.ts';

const TABLES = ['instances', 'element_instances', 'variables', 'user_tasks', 'user_task_candidates', 'history', 'timers', 'message_subscriptions'];

async function snapshot(database: PotokDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const { rows } = await sql.raw(`select * from ${table}`).execute(database.db);
    out[table] = [...rows].map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

async function indexNames(database: PotokDatabase): Promise<string[]> {
  if (database.caps.kind !== 'sqlite') return [];
  const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'index' and sql is not null order by name`.execute(database.db);
  return rows.map((r) => r.name);
}

for (const target of testDatabases()) {
  describe(`migration 0102 (clustered SQLite tables) on ${target.name}`, () => {
    let database: PotokDatabase | undefined;
    afterEach(async () => {
      await database?.close();
      database = undefined;
    });

    it('given an instance waiting at a task on a database at 0101, when migrated, then every row is kept and the instance runs to its end with a history without gaps', async () => {
      database = await target.open();
      await migrateTo(database, '0101_fold_crm_tasks');
      const clock = new ManualClock(T0);
      let rt = createRuntime({ database, clock });
      await rt.deployments.deployModel(dealModel(), { source: 'admin', actor: 'admin' });
      const { instanceId } = await rt.executor.start({ processId: 'deal', businessKey: 'D-1', variables: { owner: 'ivanov', dealId: 'D-1' } as any, actor: 'ivanov' });
      const call = (await listUserTasks(database.db, { instanceId, status: 'open' }))[0]!;
      await rt.executor.completeUserTask(call.id, {}, 'ivanov');
      const before = await snapshot(database);
      const indexesBefore = await indexNames(database);

      expect(await migrateToLatest(database)).toContain('0102_sqlite_clustered_tables');
      expect(await snapshot(database)).toEqual(before);
      if (target.name === 'sqlite') {
        const { rows } = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where type = 'table'`.execute(database.db);
        const ddl = new Map(rows.map((r) => [r.name, r.sql.toLowerCase()]));
        for (const table of ['instances', 'element_instances', 'user_task_candidates', 'message_subscriptions', 'timers']) expect(ddl.get(table)).toMatch(/without rowid$/);
        expect(ddl.get('history')).not.toMatch(/autoincrement/);
        // The indexes came back with their tables.
        expect(await indexNames(database)).toEqual(indexesBefore);
        expect(indexesBefore).toEqual(expect.arrayContaining(['timers_due_at', 'user_task_candidates_name']));
      }

      rt = createRuntime({ database, clock });
      const approve = (await listUserTasks(database.db, { instanceId, status: 'open' }))[0]!;
      expect(approve.elementId).toBe('approve');
      await rt.executor.completeUserTask(approve.id, { again: false }, 'petrov');
      const instance = await findInstance(database.db, instanceId);
      expect(instance?.version).toBe(3);
      const history = await listHistory(database.db, instanceId);
      expect(history.map((h) => h.seq)).toEqual(history.map((_, i) => i + 1));
    });
  });
}
