/**
 * CRM and HTTP tables: users, sessions, login throttling, settings, deals, their stage
 * history and timeline, the task inbox (a projection of the runtime's user tasks),
 * notifications, files, banned ИНН, calendar corrections and e-mail templates.
 * Frozen in time: it never imports today's schema types.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The JSON column type differs: text on SQLite, jsonb on PostgreSQL.
  const dialect = (db.getExecutor().adapter.constructor.name ?? '').toLowerCase();
  const json = dialect.includes('postgres') ? 'jsonb' : 'text';

  await db.schema
    .createTable('users')
    .addColumn('login', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('is_general_director', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('password_hash', 'text')
    .addColumn('email_kinds', sql.raw(json), (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_role_idx').on('users').columns(['role', 'active']).execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_login_idx').on('sessions').column('login').execute();

  await db.schema
    .createTable('login_failures')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('crm_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', sql.raw(json), (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('deals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'bigint', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('city', 'text')
    .addColumn('source', 'text')
    .addColumn('comment', 'text')
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('sales_rep', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('lost_reason', 'text')
    .addColumn('lost_comment', 'text')
    .addColumn('instance_id', 'text')
    .addColumn('client_type', 'text')
    .addColumn('premises_address', 'text')
    .addColumn('requisites', sql.raw(json))
    .addColumn('documents', sql.raw(json))
    .addColumn('onec_ref', 'text')
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('stage_changed_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema.createIndex('deals_stage_idx').on('deals').columns(['stage', 'updated_at']).execute();
  await db.schema.createIndex('deals_owner_idx').on('deals').columns(['owner', 'updated_at']).execute();
  await db.schema.createIndex('deals_rep_idx').on('deals').columns(['sales_rep', 'updated_at']).execute();
  await db.schema.createIndex('deals_updated_idx').on('deals').column('updated_at').execute();
  await db.schema.createIndex('deals_instance_idx').on('deals').column('instance_id').execute();

  await db.schema
    .createTable('deal_stages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'bigint', (c) => c.notNull())
    .addColumn('left_at', 'bigint')
    .addColumn('sales_rep', 'text')
    .execute();
  await db.schema.createIndex('deal_stages_deal_idx').on('deal_stages').columns(['deal_id', 'entered_at']).execute();
  await db.schema.createIndex('deal_stages_entered_idx').on('deal_stages').columns(['entered_at']).execute();

  await db.schema
    .createTable('timeline')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deal_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('data', sql.raw(json), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('timeline_deal_idx').on('timeline').columns(['deal_id', 'at', 'seq']).execute();

  await db.schema
    .createTable('crm_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deal_id', 'text')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('element_instance_id', 'text', (c) => c.notNull())
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('author', 'text')
    .addColumn('assignee', 'text')
    .addColumn('candidate_groups', 'text', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('planned_at', 'bigint')
    .addColumn('form_id', 'text')
    .addColumn('properties', sql.raw(json), (c) => c.notNull())
    .addColumn('variables', sql.raw(json), (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('ended_at', 'bigint')
    .addColumn('completed_by', 'text')
    .addColumn('overdue_notified', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('crm_tasks_assignee_idx').on('crm_tasks').columns(['assignee', 'status', 'due_at']).execute();
  await db.schema.createIndex('crm_tasks_deal_idx').on('crm_tasks').columns(['deal_id', 'status']).execute();
  await db.schema.createIndex('crm_tasks_status_due_idx').on('crm_tasks').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('crm_tasks_element_idx').on('crm_tasks').columns(['instance_id', 'element_instance_id']).execute();

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('deal_id', 'text')
    .addColumn('task_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .execute();
  await db.schema.createIndex('notifications_login_idx').on('notifications').columns(['login', 'read_at', 'created_at']).execute();

  await db.schema
    .createTable('files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('deal_id', 'text')
    .addColumn('doc_key', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('files_deal_idx').on('files').columns(['deal_id', 'doc_key', 'version']).execute();

  await db.schema
    .createTable('banned_inns')
    .addColumn('inn', 'text', (c) => c.primaryKey())
    .addColumn('deal_id', 'text')
    .addColumn('comment', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('calendar_corrections')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('data', sql.raw(json), (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('email_templates')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['email_templates', 'calendar_years', 'calendar_corrections', 'banned_inns', 'files', 'notifications', 'crm_tasks', 'timeline', 'deal_stages', 'deals', 'crm_settings', 'login_failures', 'sessions', 'users']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
