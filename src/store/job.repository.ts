/**
 * Job rows: the work done outside a command's transaction. Two kinds share one table:
 *   - `bpmn`: a service or send task of an instance; its outcome goes back to the
 *     instance as a command (completeJob / failJob / throwError);
 *   - `outbox`: a side effect not tied to a task (e.g. a notification e-mail); its
 *     outcome is written to the row.
 * Rows are written in the same transaction as the state change that asks for them
 * (transactional outbox); workers claim them with a lease (locked_by / locked_until).
 *
 * Status: ready → running (claimed) → completed | failed | cancelled, or back to ready
 * with a later run_at (a retry). `retries` = attempts left; `attempts` = attempts started.
 *
 * A running job whose lease expired (its worker stopped, crashed or hung) is not simply
 * claimed again: a worker takes it over (`claimExpiredLeases`, the attempt number kept) and
 * reports that attempt as failed, so a handler that kills its process uses up the retries
 * and ends in an incident instead of running forever. Only a clean give-back
 * (`releaseJob`, on shutdown) returns an attempt uncounted.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { runSql } from './raw-sql.ts';
import type { Effect, JobSpec } from '../engine/api.ts';
import type { DialectCapabilities } from './dialect.ts';
import { fromJson, fromJsonOrNull, toJson, toJsonOrNull } from './json.ts';
import { forClaim } from './timer.repository.ts';

type Db = Kysely<any> | Transaction<any>;

export type JobKind = 'bpmn' | 'outbox';
export type JobStatus = 'ready' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface JobRow {
  readonly id: string;
  readonly kind: JobKind;
  readonly instanceId: string | null;
  readonly elementInstanceId: string | null;
  readonly elementId: string | null;
  readonly type: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: any;
  readonly retries: number;
  readonly attempts: number;
  readonly runAt: number;
  readonly status: JobStatus;
  readonly lockedBy: string | null;
  readonly lockedUntil: number | null;
  readonly lastError: string | null;
  readonly idempotencyKey: string;
  readonly result: any;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface NewJob {
  readonly id?: string;
  readonly kind: JobKind;
  readonly instanceId?: string | null;
  readonly elementInstanceId?: string | null;
  readonly elementId?: string | null;
  readonly type: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly payload?: unknown;
  readonly retries: number;
  readonly runAt: number;
  readonly idempotencyKey: string;
  readonly now: number;
}

/** Default attempts for a job whose model or caller does not say (Zeebe's default). */
export const DEFAULT_JOB_RETRIES = 3;

/** The idempotency key of a BPMN job: stable across its retries, unique per task activation. */
export function bpmnJobKey(instanceId: string, elementInstanceId: string): string {
  return `${instanceId}:${elementInstanceId}`;
}

/**
 * Inserts a job. A job with the same idempotency key is not inserted twice; a failed or
 * cancelled one with that key is made ready again (a task whose incident was resolved).
 * Returns the id of the row that holds the job.
 */
export async function insertJob(trx: Db, job: NewJob): Promise<string> {
  const id = job.id ?? randomUUID();
  await trx
    .insertInto('jobs')
    .values({
      id,
      kind: job.kind,
      instance_id: job.instanceId ?? null,
      element_instance_id: job.elementInstanceId ?? null,
      element_id: job.elementId ?? null,
      type: job.type,
      headers: toJson(job.headers ?? {}),
      payload: toJson(job.payload ?? {}),
      retries: job.retries,
      attempts: 0,
      run_at: job.runAt,
      status: 'ready',
      locked_by: null,
      locked_until: null,
      last_error: null,
      idempotency_key: job.idempotencyKey,
      result: null,
      created_at: job.now,
      updated_at: job.now,
    })
    .onConflict((oc) =>
      oc
        .column('idempotency_key')
        .doUpdateSet((eb) => ({
          status: 'ready',
          retries: eb.ref('excluded.retries'),
          run_at: eb.ref('excluded.run_at'),
          payload: eb.ref('excluded.payload'),
          headers: eb.ref('excluded.headers'),
          locked_by: null,
          locked_until: null,
          updated_at: eb.ref('excluded.updated_at'),
        }))
        .where('jobs.status', 'in', ['failed', 'cancelled']),
    )
    .execute();
  const row = await trx.selectFrom('jobs').select('id').where('idempotency_key', '=', job.idempotencyKey).executeTakeFirstOrThrow();
  return row.id as string;
}

/** The job row for a BPMN service/send task activation (the `job.created` effect). */
export async function insertBpmnJob(trx: Db, instanceId: string, spec: JobSpec, now: number): Promise<string> {
  return insertJob(trx, {
    kind: 'bpmn',
    instanceId,
    elementInstanceId: spec.elementInstanceId,
    elementId: spec.elementId,
    type: spec.type,
    headers: spec.headers,
    payload: spec.variables,
    retries: spec.retries,
    runAt: now,
    idempotencyKey: bpmnJobKey(instanceId, spec.elementInstanceId),
    now,
  });
}

export interface OutboxMessage {
  readonly type: string;
  readonly payload: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Dedupe key: a second message with the same key is dropped. */
  readonly idempotencyKey: string;
  /** When to deliver (epoch ms); default 0 = as soon as a worker is free, on any clock. */
  readonly runAt?: number;
  /** The current time, for created_at (pass the runtime clock's now). */
  readonly now?: number;
  readonly retries?: number;
  readonly instanceId?: string | null;
}

/** Enqueues a side effect in the caller's transaction; returns the job id and whether it is new. */
export async function enqueueOutbox(trx: Db, message: OutboxMessage): Promise<{ id: string; created: boolean }> {
  const id = randomUUID();
  const now = message.now ?? message.runAt ?? 0;
  await trx
    .insertInto('jobs')
    .values({
      id,
      kind: 'outbox',
      instance_id: message.instanceId ?? null,
      element_instance_id: null,
      element_id: null,
      type: message.type,
      headers: toJson(message.headers ?? {}),
      payload: toJson(message.payload ?? {}),
      retries: message.retries ?? DEFAULT_JOB_RETRIES,
      attempts: 0,
      run_at: message.runAt ?? 0,
      status: 'ready',
      locked_by: null,
      locked_until: null,
      last_error: null,
      idempotency_key: message.idempotencyKey,
      result: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
  const row = await trx.selectFrom('jobs').select('id').where('idempotency_key', '=', message.idempotencyKey).executeTakeFirstOrThrow();
  return { id: row.id as string, created: row.id === id };
}

/**
 * Cancels the pending or running jobs of an instance: of one element instance, or all of
 * them when `elementInstanceId` is omitted. A running handler learns it at its next lease
 * renewal (its AbortSignal fires).
 */
export async function cancelJob(trx: Db, instanceId: string, elementInstanceId?: string, now?: number): Promise<number> {
  // Plain SQL (raw-sql.ts): every ended instance runs this. The count is exact (never deferred).
  const text = `update jobs set status = 'cancelled', locked_by = null, locked_until = null${now === undefined ? '' : ', updated_at = ?'} where instance_id = ? and status in ('ready', 'running')${elementInstanceId === undefined ? '' : ' and element_instance_id = ?'}`;
  const params = [...(now === undefined ? [] : [now]), instanceId, ...(elementInstanceId === undefined ? [] : [elementInstanceId])];
  const result = await runSql(trx, text, params);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Makes a failed (or cancelled) job ready again with `retries` attempts, at once. For an
 * outbox job this is the whole retry; a BPMN job's retry goes through the instance
 * (resolveIncident), which re-creates its job row.
 */
export async function retryJob(trx: Db, jobId: string, input: { readonly retries?: number; readonly now: number }): Promise<boolean> {
  const result = await trx
    .updateTable('jobs')
    .set({ status: 'ready', retries: input.retries ?? DEFAULT_JOB_RETRIES, run_at: input.now, locked_by: null, locked_until: null, updated_at: input.now })
    .where('id', '=', jobId)
    .where('status', 'in', ['failed', 'cancelled'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Writes the job effects of one command in the command's transaction: a created job, a
 * retry (same row, later run_at), a cancellation, an incident (the job failed for good),
 * the task completing (the job is done), the instance ending (its jobs are cancelled).
 */
export async function writeJobEffects(trx: Db, instanceId: string, effects: readonly Effect[], now: number): Promise<void> {
  for (const effect of effects) {
    switch (effect.kind) {
      case 'job.created':
        await insertBpmnJob(trx, instanceId, effect.job, now);
        break;
      case 'job.retry':
        await trx
          .updateTable('jobs')
          .set({ status: 'ready', retries: effect.retries, run_at: effect.retryAt, last_error: effect.message, locked_by: null, locked_until: null, updated_at: now })
          .where('idempotency_key', '=', bpmnJobKey(instanceId, effect.elementInstanceId))
          .where('status', 'in', ['ready', 'running'])
          .execute();
        break;
      case 'job.cancelled':
        await cancelJob(trx, instanceId, effect.elementInstanceId, now);
        break;
      case 'incident.raised':
        if (effect.incident.type === 'JOB_NO_RETRIES') {
          await trx
            .updateTable('jobs')
            .set({ status: 'failed', retries: 0, last_error: effect.incident.message, locked_by: null, locked_until: null, updated_at: now })
            .where('idempotency_key', '=', bpmnJobKey(instanceId, effect.incident.elementInstanceId))
            .where('status', 'in', ['ready', 'running'])
            .execute();
        }
        break;
      case 'history':
        if (effect.event.kind === 'element.completed' && (effect.event.elementType === 'serviceTask' || effect.event.elementType === 'sendTask')) {
          await trx
            .updateTable('jobs')
            .set({ status: 'completed', locked_by: null, locked_until: null, updated_at: now })
            .where('idempotency_key', '=', bpmnJobKey(instanceId, effect.event.elementInstanceId))
            .where('status', 'in', ['ready', 'running'])
            .execute();
        }
        break;
      case 'instance.ended':
        await cancelJob(trx, instanceId, undefined, now);
        break;
      default:
        break;
    }
  }
}

// ---------------------------------------------------------------------------
// Claiming and reporting (workers)
// ---------------------------------------------------------------------------

/**
 * Claims up to `limit` jobs of the given types that are due (ready, run_at <= now). Each
 * claimed job is running, locked by `owner` until `now + leaseMs`, with one more attempt.
 * A running job whose lease expired is not claimed here: see `claimExpiredLeases`.
 */
export async function claimJobs(
  db: Kysely<any>,
  caps: DialectCapabilities,
  input: { readonly now: number; readonly limit: number; readonly owner: string; readonly leaseMs: number; readonly types: readonly string[] },
): Promise<JobRow[]> {
  if (input.limit <= 0 || input.types.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const candidates = forClaim(
      trx
        .selectFrom('jobs')
        .select('id')
        .where('type', 'in', input.types)
        .where('status', '=', 'ready')
        .where('run_at', '<=', input.now)
        .orderBy('run_at')
        .limit(input.limit),
      caps,
    );
    const rows = await trx
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        locked_by: input.owner,
        locked_until: input.now + input.leaseMs,
        attempts: eb('attempts', '+', 1),
        updated_at: input.now,
      }))
      .where('id', 'in', candidates)
      .returningAll()
      .execute();
    return rows.map(toJob).sort((a, b) => a.runAt - b.runAt);
  });
}

/** A running job whose worker's lease expired, now held by the worker that found it. */
export interface ExpiredLease {
  /** The job, locked by the new owner; `attempts` is still the dead worker's attempt. */
  readonly job: JobRow;
  /** Who held it (the worker that stopped or crashed) and when its lease ran out. */
  readonly heldBy: string | null;
  readonly expiredAt: number;
}

/**
 * Takes over up to `limit` running jobs of the given types whose lease expired before
 * `now` (their worker stopped, crashed or hung), except `exclude` (jobs this process is
 * still running). Each is locked by `owner` until `now + leaseMs` with its attempt count
 * unchanged: the new owner does not run it but reports that attempt's failure (a retry
 * with one attempt fewer, or the final failure), exactly once — a second worker looking at
 * the same moment skips it or finds its lease fresh.
 */
export async function claimExpiredLeases(
  db: Kysely<any>,
  caps: DialectCapabilities,
  input: {
    readonly now: number;
    readonly limit: number;
    readonly owner: string;
    readonly leaseMs: number;
    readonly types: readonly string[];
    readonly exclude?: readonly string[];
  },
): Promise<ExpiredLease[]> {
  if (input.limit <= 0 || input.types.length === 0) return [];
  const expiredBefore = (q: Db) => {
    const found = q.selectFrom('jobs').where('type', 'in', input.types).where('status', '=', 'running').where('locked_until', '<', input.now);
    return input.exclude?.length ? found.where('id', 'not in', input.exclude) : found;
  };
  // Workers look on every step and expired leases are rare: a plain read first, so that
  // no write transaction (on SQLite the single writer's lock) is opened for nothing.
  if (!(await expiredBefore(db).select('id').limit(1).executeTakeFirst())) return [];
  return db.transaction().execute(async (trx) => {
    const q = expiredBefore(trx).select(['id', 'locked_by', 'locked_until']).orderBy('locked_until').limit(input.limit);
    const expired = await forClaim(q, caps).execute();
    if (expired.length === 0) return [];
    const rows = await trx
      .updateTable('jobs')
      .set({ locked_by: input.owner, locked_until: input.now + input.leaseMs, updated_at: input.now })
      .where('id', 'in', expired.map((r) => r.id as string))
      .returningAll()
      .execute();
    const before = new Map(expired.map((r) => [r.id as string, r]));
    return rows
      .map(toJob)
      .map((job) => ({ job, heldBy: (before.get(job.id)?.locked_by as string | null) ?? null, expiredAt: Number(before.get(job.id)?.locked_until) }))
      .sort((a, b) => a.expiredAt - b.expiredAt);
  });
}

/** Who holds a running job: its worker and the attempt that worker started (the fencing token). */
export interface JobLease {
  readonly jobId: string;
  readonly owner: string;
  readonly attempt: number;
}

/**
 * Renews a running job's lease; false when the job is no longer held by this attempt
 * (cancelled, or its lease expired and another worker took it over, possibly claiming it
 * again — `attempts` tells that attempt from a later one even under the same owner).
 */
export async function renewLease(db: Db, lease: JobLease, until: number): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: until })
    .where('id', '=', lease.jobId)
    .where('locked_by', '=', lease.owner)
    .where('attempts', '=', lease.attempt)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Ends a job this worker holds: completed (with a result), failed for good, or cancelled.
 * With `attempt`, only while that attempt holds it (a late report after a takeover is a no-op).
 */
export async function finishJob(
  db: Db,
  jobId: string,
  owner: string | null,
  outcome: { readonly status: 'completed' | 'failed' | 'cancelled'; readonly now: number; readonly result?: unknown; readonly error?: string; readonly attempt?: number },
): Promise<boolean> {
  let q = db
    .updateTable('jobs')
    .set({
      status: outcome.status,
      locked_by: null,
      locked_until: null,
      updated_at: outcome.now,
      ...(outcome.status === 'failed' ? { retries: 0 } : {}),
      ...(outcome.result === undefined ? {} : { result: toJsonOrNull(outcome.result) }),
      ...(outcome.error === undefined ? {} : { last_error: outcome.error }),
    })
    .where('id', '=', jobId)
    .where('status', 'in', ['ready', 'running']);
  if (owner !== null) q = q.where('locked_by', '=', owner);
  if (outcome.attempt !== undefined) q = q.where('attempts', '=', outcome.attempt);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Stores a completed job's result when its row was completed by the command itself. */
export async function recordJobResult(db: Db, jobId: string, result: unknown, now: number): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ result: toJsonOrNull(result), updated_at: now })
    .where('id', '=', jobId)
    .where('status', '=', 'completed')
    .where('result', 'is', null)
    .execute();
}

/**
 * Puts a job this worker holds back to ready at `runAt` with `retries` attempts left (a
 * retry with backoff). With `attempt`, only while that attempt holds it.
 */
export async function rescheduleJob(
  db: Db,
  jobId: string,
  owner: string,
  input: { readonly retries: number; readonly runAt: number; readonly error: string; readonly now: number; readonly attempt?: number },
): Promise<boolean> {
  let q = db
    .updateTable('jobs')
    .set({ status: 'ready', retries: input.retries, run_at: input.runAt, last_error: input.error, locked_by: null, locked_until: null, updated_at: input.now })
    .where('id', '=', jobId)
    .where('locked_by', '=', owner)
    .where('status', '=', 'running');
  if (input.attempt !== undefined) q = q.where('attempts', '=', input.attempt);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives back a job this worker claimed but did not run to an outcome (shutdown): ready at once, the attempt not counted. */
export async function releaseJob(db: Db, jobId: string, owner: string, now: number): Promise<void> {
  await db
    .updateTable('jobs')
    .set((eb) => ({ status: 'ready', locked_by: null, locked_until: null, attempts: eb('attempts', '-', 1), updated_at: now }))
    .where('id', '=', jobId)
    .where('locked_by', '=', owner)
    .where('status', '=', 'running')
    .execute();
}

export async function findJob(db: Db, jobId: string): Promise<JobRow | null> {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirst();
  return row ? toJob(row) : null;
}

export async function findJobByKey(db: Db, idempotencyKey: string): Promise<JobRow | null> {
  const row = await db.selectFrom('jobs').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
  return row ? toJob(row) : null;
}

export async function listJobs(db: Db, filter: { readonly status?: JobStatus; readonly kind?: JobKind; readonly instanceId?: string } = {}): Promise<JobRow[]> {
  let q = db.selectFrom('jobs').selectAll();
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.instanceId) q = q.where('instance_id', '=', filter.instanceId);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map(toJob);
}

/** The earliest time a job of these types can next be claimed, or null when none waits. */
export async function nextJobRunAt(db: Db, types: readonly string[]): Promise<number | null> {
  if (types.length === 0) return null;
  const ready = await db
    .selectFrom('jobs')
    .select('run_at')
    .where('status', '=', 'ready')
    .where('type', 'in', types)
    .orderBy('run_at')
    .limit(1)
    .executeTakeFirst();
  const running = await db
    .selectFrom('jobs')
    .select('locked_until')
    .where('status', '=', 'running')
    .where('type', 'in', types)
    .orderBy('locked_until')
    .limit(1)
    .executeTakeFirst();
  const times = [ready ? Number(ready.run_at) : null, running?.locked_until != null ? Number(running.locked_until) : null].filter(
    (v): v is number => v !== null,
  );
  return times.length ? Math.min(...times) : null;
}

function toJob(row: any): JobRow {
  return {
    id: row.id,
    kind: row.kind,
    instanceId: row.instance_id ?? null,
    elementInstanceId: row.element_instance_id ?? null,
    elementId: row.element_id ?? null,
    type: row.type,
    headers: fromJson<Record<string, string>>(row.headers) ?? {},
    payload: fromJson(row.payload),
    retries: Number(row.retries),
    attempts: Number(row.attempts),
    runAt: Number(row.run_at),
    status: row.status,
    lockedBy: row.locked_by ?? null,
    lockedUntil: row.locked_until === null || row.locked_until === undefined ? null : Number(row.locked_until),
    lastError: row.last_error ?? null,
    idempotencyKey: row.idempotency_key,
    result: fromJsonOrNull(row.result),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
