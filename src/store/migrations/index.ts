/**
 * Every migration, by name. Names sort in the order they apply:
 *   0001–0099 engine and runtime tables (src/runtime, src/store)
 *   0100–0199 CRM and HTTP (users, sessions, deals, documents, notifications)
 *   0200–0299 connectors and settings (mail outbox, 1C, calendar corrections)
 * Migrations are frozen in time: `up(db: Kysely<any>)`, never importing today's schema types.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_engine.ts';
import * as m0002 from './0002_jobs_timers.ts';
import * as m0100 from './0100_crm.ts';
import * as m0101 from './0101_fold_crm_tasks.ts';
import * as m0102 from './0102_sqlite_clustered_tables.ts';
import * as m0103 from './0103_task_list_index.ts';
import * as m0105 from './0105_deal_search_text.ts';

export const migrations: Record<string, Migration> = {
  '0001_engine': m0001,
  '0002_jobs_timers': m0002,
  '0100_crm': m0100,
  '0101_fold_crm_tasks': m0101,
  '0102_sqlite_clustered_tables': m0102,
  '0103_task_list_index': m0103,
  '0105_deal_search_text': m0105,
};
