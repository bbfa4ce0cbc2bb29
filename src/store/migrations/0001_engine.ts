/**
 * The engine's durable state: deployed process definitions (every version, XML and
 * checksum), which definition new instances of a process use, instances, their live
 * element instances, variables and waits (message subscriptions; timers are in 0002),
 * user tasks, incidents and the append-only history.
 * Frozen in time: it never imports today's schema types.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The dialect decides two column types: JSON (text / jsonb) and the history's key.
  const postgres = /postgres/i.test(db.getExecutor().adapter.constructor.name ?? '');
  const json = sql.raw(postgres ? 'jsonb' : 'text');

  await db.schema
    .createTable('process_definitions')
    .addColumn('key', 'text', (c) => c.primaryKey()) // `${processId}:${version}`
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('xml', 'text', (c) => c.notNull())
    .addColumn('checksum', 'text', (c) => c.notNull()) // sha256 of the XML, hex
    .addColumn('source', 'text', (c) => c.notNull()) // 'shipped' | 'admin'
    .addColumn('deployed_at', 'bigint', (c) => c.notNull())
    .addColumn('deployed_by', 'text')
    .addUniqueConstraint('process_definitions_process_version', ['process_id', 'version'])
    .execute();

  // Which definition new instances of a process start on. Deploying never silently
  // replaces an admin's choice with a shipped model (see deployment.ts).
  await db.schema
    .createTable('process_defaults')
    .addColumn('process_id', 'text', (c) => c.primaryKey())
    .addColumn('definition_key', 'text', (c) => c.notNull())
    .addColumn('chosen_by', 'text')
    .addColumn('chosen_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('instances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('definition_key', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('business_key', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // active | completed | terminated | cancelled
    .addColumn('version', 'integer', (c) => c.notNull()) // bumped by every command
    .addColumn('next_id', 'integer', (c) => c.notNull()) // the engine's id counter
    .addColumn('history_seq', 'integer', (c) => c.notNull()) // last history sequence number
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('started_by', 'text')
    .addColumn('ended_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('meta', json, (c) => c.notNull()) // room for state fields added later
    .execute();
  await db.schema.createIndex('instances_business_key').on('instances').column('business_key').execute();
  await db.schema.createIndex('instances_process_status').on('instances').columns(['process_id', 'status']).execute();

  await db.schema
    .createTable('element_instances')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('element_type', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('activated_at', 'bigint', (c) => c.notNull())
    .addColumn('data', json)
    .addPrimaryKeyConstraint('element_instances_pk', ['instance_id', 'id'])
    .execute();

  await db.schema
    .createTable('variables')
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', json, (c) => c.notNull())
    .addPrimaryKeyConstraint('variables_pk', ['instance_id', 'scope_id', 'name'])
    .execute();

  await db.schema
    .createTable('user_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey()) // `${instanceId}:${elementInstanceId}`
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('business_key', 'text')
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('element_instance_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('author', 'text')
    .addColumn('assignee', 'text')
    .addColumn('candidate_groups', json, (c) => c.notNull())
    .addColumn('candidate_users', json, (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('follow_up_at', 'bigint')
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('form_id', 'text')
    .addColumn('headers', json, (c) => c.notNull())
    .addColumn('properties', json, (c) => c.notNull())
    .addColumn('variables', json, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | completed | cancelled
    .addColumn('end_reason', 'text') // completed | interrupted | cancelled
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('completed_by', 'text')
    .addColumn('result', json)
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_tasks_assignee').on('user_tasks').columns(['assignee', 'status', 'due_at']).execute();
  await db.schema.createIndex('user_tasks_instance').on('user_tasks').columns(['instance_id', 'status']).execute();
  await db.schema.createIndex('user_tasks_business_key').on('user_tasks').columns(['business_key', 'status']).execute();
  await db.schema.createIndex('user_tasks_status_due').on('user_tasks').columns(['status', 'due_at']).execute();

  // Candidate groups and users as rows, so "tasks my groups may take" is an index lookup
  // on both databases (the JSON columns keep the list for display).
  await db.schema
    .createTable('user_task_candidates')
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // group | user
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_task_candidates_pk', ['task_id', 'kind', 'name'])
    .execute();
  await db.schema.createIndex('user_task_candidates_name').on('user_task_candidates').columns(['kind', 'name']).execute();

  await db.schema
    .createTable('message_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey()) // `${instanceId}:${waitId}`
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('wait_id', 'text', (c) => c.notNull())
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('element_instance_id', 'text', (c) => c.notNull())
    .addColumn('message_name', 'text', (c) => c.notNull())
    .addColumn('correlation_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('message_subscriptions_message').on('message_subscriptions').columns(['message_name', 'correlation_key']).execute();
  await db.schema.createIndex('message_subscriptions_instance').on('message_subscriptions').column('instance_id').execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey()) // `${instanceId}:${incidentId}`
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('business_key', 'text')
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('element_instance_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .addColumn('resolved_by', 'text')
    .execute();
  await db.schema.createIndex('incidents_instance').on('incidents').columns(['instance_id', 'resolved_at']).execute();
  await db.schema.createIndex('incidents_open').on('incidents').columns(['resolved_at', 'created_at']).execute();

  // Append-only. `seq` numbers an instance's events 1, 2, 3, … without gaps (the
  // counter is instances.history_seq, bumped under the instance lock).
  await db.schema
    .createTable('history')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('instance_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('element_id', 'text')
    .addColumn('element_instance_id', 'text')
    .addColumn('data', json, (c) => c.notNull())
    .addColumn('actor', 'text')
    .addUniqueConstraint('history_instance_seq', ['instance_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['history', 'incidents', 'message_subscriptions', 'user_task_candidates', 'user_tasks', 'variables', 'element_instances', 'instances', 'process_defaults', 'process_definitions']) {
    await db.schema.dropTable(table).execute();
  }
}
