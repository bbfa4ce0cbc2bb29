/**
 * Instance rows: one per started process instance, with the version every command
 * bumps (optimistic check) and the counters of the engine's ids and of the history.
 */
import type { Kysely } from 'kysely';
import type { InstanceStatus } from '../engine/api.ts';
import type { DialectCapabilities } from './dialect.ts';
import { fromJson, toJson } from './json.ts';
import { runSql, writeSql } from './raw-sql.ts';

type Db = Kysely<any>;

export interface InstanceRow {
  readonly id: string;
  readonly definitionKey: string;
  readonly processId: string;
  readonly businessKey: string | null;
  readonly status: InstanceStatus;
  readonly version: number;
  readonly nextId: number;
  readonly historySeq: number;
  readonly startedAt: number;
  readonly startedBy: string | null;
  readonly endedAt: number | null;
  readonly updatedAt: number;
  readonly meta: Readonly<Record<string, unknown>>;
}

export async function insertInstance(db: Db, row: InstanceRow): Promise<void> {
  await db
    .insertInto('instances')
    .values({
      id: row.id,
      definition_key: row.definitionKey,
      process_id: row.processId,
      business_key: row.businessKey,
      status: row.status,
      version: row.version,
      next_id: row.nextId,
      history_seq: row.historySeq,
      started_at: row.startedAt,
      started_by: row.startedBy,
      ended_at: row.endedAt,
      updated_at: row.updatedAt,
      meta: toJson(row.meta),
    })
    .execute();
}

export async function findInstance(db: Db, id: string): Promise<InstanceRow | null> {
  const row = await db.selectFrom('instances').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toInstance(row) : null;
}

/**
 * Reads the instance row inside a write transaction and holds it: PostgreSQL takes a row
 * lock (`FOR UPDATE`); SQLite's BEGIN IMMEDIATE already made this the only writer.
 */
export async function lockInstance(trx: Db, caps: DialectCapabilities, id: string): Promise<InstanceRow | null> {
  const { rows } = await runSql(trx, caps.rowLocks ? 'select * from instances where id = ? for update' : 'select * from instances where id = ?', [id]);
  return rows[0] ? toInstance(rows[0]) : null;
}

export interface InstanceUpdate {
  readonly status: InstanceStatus;
  readonly nextId: number;
  readonly historySeq: number;
  readonly endedAt: number | null;
  readonly updatedAt: number;
}

/**
 * Writes a command's outcome and bumps the version; false when the version moved
 * meanwhile. A deferred write (PostgreSQL) cannot report it, but it runs under the
 * instance's row lock taken by `lockInstance`, so the version cannot have moved.
 * `status` is written only when it changes (`previousStatus`): setting an indexed column,
 * even to its old value, rewrites its index entry.
 */
export async function updateInstance(db: Db, id: string, expectedVersion: number, update: InstanceUpdate, previousStatus?: InstanceStatus): Promise<boolean> {
  const same = previousStatus === update.status;
  const affected = await writeSql(
    db,
    same
      ? 'update instances set next_id = ?, history_seq = ?, ended_at = ?, updated_at = ?, version = ? where id = ? and version = ?'
      : 'update instances set status = ?, next_id = ?, history_seq = ?, ended_at = ?, updated_at = ?, version = ? where id = ? and version = ?',
    [...(same ? [] : [update.status]), update.nextId, update.historySeq, update.endedAt, update.updatedAt, expectedVersion + 1, id, expectedVersion],
  );
  return affected === null || affected === 1;
}

export interface InstanceFilter {
  readonly processId?: string;
  readonly status?: InstanceStatus;
  readonly businessKey?: string;
  readonly limit?: number;
}

export async function listInstances(db: Db, filter: InstanceFilter = {}): Promise<InstanceRow[]> {
  let q = db.selectFrom('instances').selectAll();
  if (filter.processId) q = q.where('process_id', '=', filter.processId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.businessKey) q = q.where('business_key', '=', filter.businessKey);
  const rows = await q.orderBy('started_at', 'desc').orderBy('id').limit(filter.limit ?? 1000).execute();
  return rows.map(toInstance);
}

export async function countInstances(db: Db, filter: { processId?: string; status?: InstanceStatus } = {}): Promise<number> {
  let q = db.selectFrom('instances').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.processId) q = q.where('process_id', '=', filter.processId);
  if (filter.status) q = q.where('status', '=', filter.status);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

function toInstance(row: any): InstanceRow {
  return {
    id: row.id,
    definitionKey: row.definition_key,
    processId: row.process_id,
    businessKey: row.business_key ?? null,
    status: row.status,
    version: Number(row.version),
    nextId: Number(row.next_id),
    historySeq: Number(row.history_seq),
    startedAt: Number(row.started_at),
    startedBy: row.started_by ?? null,
    endedAt: row.ended_at === null || row.ended_at === undefined ? null : Number(row.ended_at),
    updatedAt: Number(row.updated_at),
    meta: fromJson<Record<string, unknown>>(row.meta) ?? {},
  };
}
