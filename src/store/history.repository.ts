/**
 * The append-only history of every instance: numbered 1, 2, 3, … per instance without
 * gaps, written in the transaction of the command that caused it. Never updated.
 */
import type { Kysely } from 'kysely';
import { fromJson, toJson } from './json.ts';
import { insertRows } from './raw-sql.ts';

const HISTORY_COLUMNS = ['instance_id', 'seq', 'at', 'kind', 'element_id', 'element_instance_id', 'data', 'actor'] as const;

type Db = Kysely<any>;

export interface HistoryEntry {
  readonly at: number;
  readonly kind: string;
  readonly elementId?: string | null;
  readonly elementInstanceId?: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly actor?: string | null;
}

export interface HistoryRow extends HistoryEntry {
  readonly id: number;
  readonly instanceId: string;
  readonly seq: number;
  readonly elementId: string | null;
  readonly elementInstanceId: string | null;
  readonly actor: string | null;
}

/**
 * Appends entries after sequence number `lastSeq` (the instance's `history_seq`, read
 * under the instance lock); returns the new last sequence number.
 */
export async function appendHistory(db: Db, instanceId: string, lastSeq: number, entries: readonly HistoryEntry[]): Promise<number> {
  if (entries.length === 0) return lastSeq;
  const rows = entries.map((e, i) => [instanceId, lastSeq + i + 1, e.at, e.kind, e.elementId ?? null, e.elementInstanceId ?? null, toJson(e.data), e.actor ?? null]);
  // One multi-row insert (chunked under SQLite's bound-parameter limit).
  await insertRows(db, 'history', HISTORY_COLUMNS, rows);
  return lastSeq + entries.length;
}

export async function listHistory(db: Db, instanceId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<HistoryRow[]> {
  const rows = await db
    .selectFrom('history')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('seq', '>', options.afterSeq ?? 0)
    .orderBy('seq')
    .limit(options.limit ?? 100_000)
    .execute();
  return rows.map((row: any) => ({
    id: Number(row.id),
    instanceId: row.instance_id,
    seq: Number(row.seq),
    at: Number(row.at),
    kind: row.kind,
    elementId: row.element_id ?? null,
    elementInstanceId: row.element_instance_id ?? null,
    data: fromJson<Record<string, unknown>>(row.data),
    actor: row.actor ?? null,
  }));
}
