/**
 * User-task rows: what people see in their task lists — the only task table (the CRM
 * reads these rows too, src/crm/tasks/task.repository.ts). A row is created when the
 * engine reaches a user task and ends (completed or cancelled) in the command that ends
 * it; claiming and reassigning change only the row. The CRM writes two things of its
 * own into them: a rescheduled meeting's follow_up_at/due_at, and overdue_notified.
 */
import type { Kysely } from 'kysely';
import type { Json, UserTaskSpec, Variables } from '../engine/api.ts';
import { fromJson, fromJsonOrNull, toJson, toJsonOrNull } from './json.ts';
import { insertRows, writeSql } from './raw-sql.ts';

const USER_TASK_COLUMNS = [
  'id', 'instance_id', 'process_id', 'business_key', 'element_id', 'element_instance_id', 'name', 'title', 'kind', 'author',
  'assignee', 'candidate_groups', 'candidate_users', 'due_at', 'follow_up_at', 'priority', 'form_id',
  'headers', 'properties', 'variables', 'status', 'end_reason', 'claimed_by', 'claimed_at', 'created_at', 'completed_at', 'completed_by', 'result', 'updated_at',
] as const;

type Db = Kysely<any>;

export type UserTaskStatus = 'open' | 'completed' | 'cancelled';

export interface UserTaskRow {
  readonly id: string; // `${instanceId}:${elementInstanceId}`
  readonly instanceId: string;
  readonly processId: string;
  readonly businessKey: string | null;
  readonly elementId: string;
  readonly elementInstanceId: string;
  readonly name: string;
  readonly title: string;
  readonly kind: string | null;
  readonly author: string | null;
  readonly assignee: string | null;
  readonly candidateGroups: readonly string[];
  readonly candidateUsers: readonly string[];
  readonly dueAt: number | null;
  readonly followUpAt: number | null;
  readonly priority: number;
  readonly formId: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly properties: Readonly<Record<string, string>>;
  readonly variables: Variables;
  readonly status: UserTaskStatus;
  /** How it ended: completed, interrupted (a boundary event took over) or cancelled. */
  readonly endReason: 'completed' | 'interrupted' | 'cancelled' | null;
  readonly claimedBy: string | null;
  readonly claimedAt: number | null;
  readonly createdAt: number;
  readonly completedAt: number | null;
  readonly completedBy: string | null;
  readonly result: Variables | null;
  readonly updatedAt: number;
}

export function userTaskId(instanceId: string, elementInstanceId: string): string {
  return `${instanceId}:${elementInstanceId}`;
}

export async function insertUserTask(db: Db, instance: { id: string; processId: string; businessKey: string | null }, task: UserTaskSpec, now: number): Promise<string> {
  const id = userTaskId(instance.id, task.elementInstanceId);
  await insertRows(db, 'user_tasks', USER_TASK_COLUMNS, [[
    id, instance.id, instance.processId, instance.businessKey, task.elementId, task.elementInstanceId, task.name, task.title, task.kind, task.author,
    task.assignee, toJson(task.candidateGroups), toJson(task.candidateUsers), task.dueAt, task.followUpAt, task.priority, task.formId,
    toJson(task.headers), toJson(task.properties), toJson(task.variables), 'open', null, null, null, now, null, null, null, now,
  ]]);
  const candidates = [
    ...new Set(task.candidateGroups.map((g) => `group\u0000${g}`)),
    ...new Set(task.candidateUsers.map((u) => `user\u0000${u}`)),
  ].map((k) => {
    const [kind, name] = k.split('\u0000');
    return [id, kind, name];
  });
  if (candidates.length) await insertRows(db, 'user_task_candidates', ['task_id', 'kind', 'name'], candidates);
  return id;
}

export interface UserTaskEnd {
  readonly status: Exclude<UserTaskStatus, 'open'>;
  readonly reason: 'completed' | 'interrupted' | 'cancelled';
  readonly at: number;
  readonly by: string | null;
  readonly result?: Variables | null;
}

/** Ends an open task; returns false when it was not open (null: not known yet, the write was deferred). */
export async function endUserTask(db: Db, id: string, end: UserTaskEnd): Promise<boolean | null> {
  const affected = await writeSql(
    db,
    "update user_tasks set status = ?, end_reason = ?, completed_at = ?, completed_by = ?, result = ?, updated_at = ? where id = ? and status = 'open'",
    [end.status, end.reason, end.at, end.by, toJsonOrNull(end.result), end.at, id],
  );
  return affected === null ? null : affected === 1;
}

/** Cancels every task of an instance that is still open (the instance ended); returns their ids. */
export async function cancelOpenTasksOfInstance(db: Db, instanceId: string, at: number, by: string | null): Promise<string[]> {
  const open = await db.selectFrom('user_tasks').select('id').where('instance_id', '=', instanceId).where('status', '=', 'open').execute();
  if (open.length === 0) return [];
  await db
    .updateTable('user_tasks')
    .set({ status: 'cancelled', end_reason: 'cancelled', completed_at: at, completed_by: by, updated_at: at })
    .where('instance_id', '=', instanceId)
    .where('status', '=', 'open')
    .execute();
  return open.map((r: any) => r.id);
}

export interface AssignmentChange {
  readonly assignee: string | null;
  readonly claimedBy: string | null;
  readonly claimedAt: number | null;
  readonly at: number;
}

export async function setAssignment(db: Db, id: string, change: AssignmentChange): Promise<void> {
  await db
    .updateTable('user_tasks')
    .set({ assignee: change.assignee, claimed_by: change.claimedBy, claimed_at: change.claimedAt, updated_at: change.at })
    .where('id', '=', id)
    .execute();
}

export async function findUserTask(db: Db, id: string): Promise<UserTaskRow | null> {
  const row = await db.selectFrom('user_tasks').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUserTask(row) : null;
}

export interface UserTaskFilter {
  readonly status?: UserTaskStatus;
  readonly assignee?: string;
  /** Tasks offered to any of these groups (and not assigned to someone else unless `includeAssigned`). */
  readonly candidateGroups?: readonly string[];
  readonly candidateUser?: string;
  readonly instanceId?: string;
  readonly businessKey?: string;
  readonly processId?: string;
  readonly limit?: number;
}

/** Tasks by due date (tasks without one last), then creation. */
export async function listUserTasks(db: Db, filter: UserTaskFilter = {}): Promise<UserTaskRow[]> {
  let q = db.selectFrom('user_tasks').selectAll('user_tasks');
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.assignee) q = q.where('assignee', '=', filter.assignee);
  if (filter.instanceId) q = q.where('instance_id', '=', filter.instanceId);
  if (filter.businessKey) q = q.where('business_key', '=', filter.businessKey);
  if (filter.processId) q = q.where('process_id', '=', filter.processId);
  const groups = filter.candidateGroups ?? [];
  if (groups.length || filter.candidateUser) {
    q = q.where('id', 'in', (eb: any) => {
      let sub = eb.selectFrom('user_task_candidates').select('task_id');
      sub = sub.where((w: any) => {
        const ors = [];
        if (groups.length) ors.push(w.and([w('kind', '=', 'group'), w('name', 'in', groups)]));
        if (filter.candidateUser) ors.push(w.and([w('kind', '=', 'user'), w('name', '=', filter.candidateUser)]));
        return w.or(ors);
      });
      return sub;
    });
  }
  const rows = await q
    .orderBy((eb: any) => eb.case().when('due_at', 'is', null).then(1).else(0).end())
    .orderBy('due_at')
    .orderBy('created_at')
    .orderBy('id')
    .limit(filter.limit ?? 1000)
    .execute();
  return rows.map(toUserTask);
}

function toUserTask(row: any): UserTaskRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: row.id,
    instanceId: row.instance_id,
    processId: row.process_id,
    businessKey: row.business_key ?? null,
    elementId: row.element_id,
    elementInstanceId: row.element_instance_id,
    name: row.name,
    title: row.title,
    kind: row.kind ?? null,
    author: row.author ?? null,
    assignee: row.assignee ?? null,
    candidateGroups: fromJson<string[]>(row.candidate_groups),
    candidateUsers: fromJson<string[]>(row.candidate_users),
    dueAt: num(row.due_at),
    followUpAt: num(row.follow_up_at),
    priority: Number(row.priority),
    formId: row.form_id ?? null,
    headers: fromJson<Record<string, string>>(row.headers),
    properties: fromJson<Record<string, string>>(row.properties),
    variables: fromJson<Record<string, Json>>(row.variables),
    status: row.status,
    endReason: row.end_reason ?? null,
    claimedBy: row.claimed_by ?? null,
    claimedAt: num(row.claimed_at),
    createdAt: Number(row.created_at),
    completedAt: num(row.completed_at),
    completedBy: row.completed_by ?? null,
    result: fromJsonOrNull<Record<string, Json>>(row.result),
    updatedAt: Number(row.updated_at),
  };
}
