/**
 * Timer rows: one per armed BPMN timer, with an absolute `due_at` (epoch ms). The
 * scheduler claims due rows with a short lease and fires each through the command
 * executor, whose transaction deletes the row (or re-arms a cycle).
 *
 * Every write function takes a Kysely transaction (or the database) so the executor can
 * write timers in the same transaction as the state change.
 */
import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import type { Effect } from '../engine/api.ts';
import type { DialectCapabilities } from './dialect.ts';
import { writeSql } from './raw-sql.ts';

type Db = Kysely<any> | Transaction<any>;

export interface TimerRow {
  readonly id: string; // `${instanceId}:${timerId}`
  readonly instanceId: string;
  readonly timerId: string;
  readonly elementId: string;
  readonly elementInstanceId: string;
  readonly dueAt: number;
  readonly repetitionsLeft: number | null;
  readonly intervalMs: number | null;
  readonly lockedBy: string | null;
  readonly lockedUntil: number | null;
  readonly createdAt: number;
}

export interface NewTimer {
  readonly instanceId: string;
  readonly timerId: string;
  readonly elementId: string;
  readonly elementInstanceId: string;
  readonly dueAt: number;
  readonly repetitionsLeft?: number | null;
  readonly intervalMs?: number | null;
  readonly createdAt: number;
}

export function timerRowId(instanceId: string, timerId: string): string {
  return `${instanceId}:${timerId}`;
}

/**
 * Arms a timer. Re-arming the same timer (a cycle's next repetition) replaces the row
 * and drops any claim on it, so the new due time is honoured.
 */
export async function insertTimer(trx: Db, timer: NewTimer): Promise<void> {
  const row = {
    id: timerRowId(timer.instanceId, timer.timerId),
    instance_id: timer.instanceId,
    timer_id: timer.timerId,
    element_id: timer.elementId,
    element_instance_id: timer.elementInstanceId,
    due_at: timer.dueAt,
    repetitions_left: timer.repetitionsLeft ?? null,
    interval_ms: timer.intervalMs ?? null,
    locked_by: null,
    locked_until: null,
    created_at: timer.createdAt,
  };
  await trx
    .insertInto('timers')
    .values(row)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        element_id: row.element_id,
        element_instance_id: row.element_instance_id,
        due_at: row.due_at,
        repetitions_left: row.repetitions_left,
        interval_ms: row.interval_ms,
        locked_by: null,
        locked_until: null,
      }),
    )
    .execute();
}

// Plain SQL (raw-sql.ts): every fired timer and every ended instance runs these.
export async function deleteTimer(trx: Db, id: string): Promise<void> {
  await writeSql(trx, 'delete from timers where id = ?', [id]);
}

export async function deleteTimersOfInstance(trx: Db, instanceId: string): Promise<void> {
  await writeSql(trx, 'delete from timers where instance_id = ?', [instanceId]);
}

export async function findTimer(db: Db, id: string): Promise<TimerRow | null> {
  const row = await db.selectFrom('timers').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toTimer(row) : null;
}

export async function listTimersOfInstance(db: Db, instanceId: string): Promise<TimerRow[]> {
  const rows = await db.selectFrom('timers').selectAll().where('instance_id', '=', instanceId).orderBy('due_at').execute();
  return rows.map(toTimer);
}

/**
 * Writes the timer effects of one command (armed, cancelled, fired) in the command's
 * transaction. A fired timer's row is deleted unless the same command re-armed it (a
 * cycle's next repetition), whatever order the effects come in.
 */
export async function writeTimerEffects(trx: Db, instanceId: string, effects: readonly Effect[], now: number): Promise<void> {
  const rearmed = new Set<string>();
  for (const effect of effects) if (effect.kind === 'timer.armed') rearmed.add(effect.timer.id);
  for (const effect of effects) {
    if (effect.kind === 'timer.armed') {
      const t = effect.timer;
      await insertTimer(trx, {
        instanceId,
        timerId: t.id,
        elementId: t.elementId,
        elementInstanceId: t.elementInstanceId,
        dueAt: t.dueAt,
        repetitionsLeft: t.repetitionsLeft ?? null,
        intervalMs: t.intervalMs ?? null,
        createdAt: now,
      });
    } else if (effect.kind === 'timer.cancelled') {
      await deleteTimer(trx, timerRowId(instanceId, effect.timerId));
    } else if (effect.kind === 'history' && effect.event.kind === 'timer.fired' && !rearmed.has(effect.event.timerId)) {
      await deleteTimer(trx, timerRowId(instanceId, effect.event.timerId));
    } else if (effect.kind === 'instance.ended') {
      await deleteTimersOfInstance(trx, instanceId);
    }
  }
}

// ---------------------------------------------------------------------------
// Claiming (scheduler)
// ---------------------------------------------------------------------------

/**
 * PostgreSQL: lock the candidate rows and skip those another scheduler holds, so two
 * schedulers never claim the same timer. SQLite has a single writer and the claim runs in
 * a BEGIN IMMEDIATE transaction, so the plain select is already exclusive.
 */
export function forClaim<QB extends SelectQueryBuilder<any, any, any>>(qb: QB, caps: DialectCapabilities): QB {
  return caps.skipLocked ? (qb.forUpdate().skipLocked() as QB) : qb;
}

/**
 * Claims up to `limit` timers due at or before `now` (never early), oldest first, that
 * nobody holds (or whose holder's lease expired): marks them locked by `owner` until
 * `now + leaseMs` and returns them.
 */
export async function claimDueTimers(
  db: Kysely<any>,
  caps: DialectCapabilities,
  input: { readonly now: number; readonly limit: number; readonly owner: string; readonly leaseMs: number },
): Promise<TimerRow[]> {
  return db.transaction().execute(async (trx) => {
    const candidates = forClaim(
      trx
        .selectFrom('timers')
        .select('id')
        .where('due_at', '<=', input.now)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', input.now)]))
        .orderBy('due_at')
        .limit(input.limit),
      caps,
    );
    const rows = await trx
      .updateTable('timers')
      .set({ locked_by: input.owner, locked_until: input.now + input.leaseMs })
      .where('id', 'in', candidates)
      .returningAll()
      .execute();
    return rows.map(toTimer).sort((a, b) => a.dueAt - b.dueAt);
  });
}

/** Gives a claimed timer back (e.g. its instance was busy), to be retried at `retryAt` (default: at once). */
export async function releaseTimer(db: Db, id: string, owner: string, retryAt?: number): Promise<void> {
  await db
    .updateTable('timers')
    .set({ locked_by: null, locked_until: retryAt ?? null })
    .where('id', '=', id)
    .where('locked_by', '=', owner)
    .execute();
}

/** Deletes a claimed timer only if it is still the claimed one (a re-armed cycle has a new due time and no lock). */
export async function deleteClaimedTimer(db: Db, timer: TimerRow, owner: string): Promise<void> {
  await db.deleteFrom('timers').where('id', '=', timer.id).where('locked_by', '=', owner).where('due_at', '=', timer.dueAt).execute();
}

/** The earliest time a timer can next be claimed (its due time, or the end of a claim), or null when none is pending. */
export async function nextTimerDueAt(db: Db): Promise<number | null> {
  // Two index-friendly lookups instead of one max(due_at, locked_until) scan.
  const free = await db
    .selectFrom('timers')
    .select('due_at')
    .where('locked_until', 'is', null)
    .orderBy('due_at')
    .limit(1)
    .executeTakeFirst();
  const held = await db
    .selectFrom('timers')
    .select('locked_until')
    .where('locked_until', 'is not', null)
    .orderBy('locked_until')
    .limit(1)
    .executeTakeFirst();
  const candidates = [free ? Number(free.due_at) : null, held ? Number(held.locked_until) : null].filter((v): v is number => v !== null);
  return candidates.length ? Math.min(...candidates) : null;
}

export async function countTimers(db: Db): Promise<number> {
  const row = await db.selectFrom('timers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function toTimer(row: any): TimerRow {
  return {
    id: row.id,
    instanceId: row.instance_id,
    timerId: row.timer_id,
    elementId: row.element_id,
    elementInstanceId: row.element_instance_id,
    dueAt: Number(row.due_at),
    repetitionsLeft: row.repetitions_left === null ? null : Number(row.repetitions_left),
    intervalMs: row.interval_ms === null ? null : Number(row.interval_ms),
    lockedBy: row.locked_by ?? null,
    lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
    createdAt: Number(row.created_at),
  };
}
