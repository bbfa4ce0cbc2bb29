/**
 * Timers and jobs (BPMN service/send task jobs and outbox side effects) as rows, so that
 * they survive restarts and several Potok processes can claim them. Frozen in time: this
 * file never imports today's schema types.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // jsonb on PostgreSQL, text on SQLite (the dialect decides; migrations cannot see caps).
  const dialect = db.getExecutor().adapter.constructor.name;
  const json = /postgres/i.test(dialect) ? 'jsonb' : 'text';

  await db.schema
    .createTable('timers')
    .addColumn('id', 'text', (c) => c.primaryKey()) // `${instanceId}:${timerId}`
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('timer_id', 'text', (c) => c.notNull())
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('element_instance_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('repetitions_left', 'integer')
    .addColumn('interval_ms', 'bigint')
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('timers_due_at').on('timers').column('due_at').execute();
  await db.schema.createIndex('timers_instance').on('timers').column('instance_id').execute();
  // The scheduler asks when the earliest claim ends, without scanning all pending timers.
  await db.schema.createIndex('timers_locked_until').on('timers').column('locked_until').execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull()) // 'bpmn' | 'outbox'
    .addColumn('instance_id', 'text')
    .addColumn('element_instance_id', 'text')
    .addColumn('element_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('headers', sql.raw(json), (c) => c.notNull())
    .addColumn('payload', sql.raw(json), (c) => c.notNull())
    .addColumn('retries', 'integer', (c) => c.notNull()) // attempts left
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)) // attempts started
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // ready | running | completed | failed | cancelled
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('result', sql.raw(json))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_status_run_at').on('jobs').columns(['status', 'run_at']).execute();
  await db.schema.createIndex('jobs_locked_until').on('jobs').column('locked_until').execute();
  await db.schema.createIndex('jobs_instance').on('jobs').columns(['instance_id', 'element_instance_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('jobs').execute();
  await db.schema.dropTable('timers').execute();
}
