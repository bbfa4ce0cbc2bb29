/**
 * Group commit for commands. A command is a unit of work run inside a transaction; work
 * that arrives while a transaction is running waits and then runs, with the other work
 * that arrived meanwhile, in the next transaction: one commit for many commands, and no
 * waiting at all when nothing else is running.
 *
 * Each unit still succeeds or fails alone:
 * - where savepoints are cheap (SQLite: no round trip) every unit of a batch runs inside
 *   its own savepoint; a unit that throws is rolled back to it and the others commit;
 * - otherwise (PostgreSQL, where a savepoint is two more round trips) a unit that throws
 *   rolls the whole batch back, and then every unit of the batch runs again in a
 *   transaction of its own, so each gets exactly the outcome it would have had alone.
 * The same happens when the batch's commit fails (the database went away, a full disk).
 * A unit's promise settles only after its transaction committed or rolled back.
 *
 * Work is spread over `lanes` (a lane runs one transaction at a time on one connection)
 * by its key: units with the same key (an instance id) always go to the same lane, in
 * the order they came, so they never wait for each other's row locks across lanes.
 */
import { sql, type Kysely } from 'kysely';

/** Callbacks a unit registers to run after its transaction committed (caches, wake-ups). */
export interface AfterCommit {
  afterCommit(callback: () => void): void;
}

export type Work<T> = (trx: Kysely<any>, tx: AfterCommit) => Promise<T>;

export interface TransactionBatcherOptions {
  readonly db: Kysely<any>;
  /** Run each unit of a batch in its own savepoint (true on SQLite). */
  readonly savepoints: boolean;
  /** How many transactions may run at once (1 on SQLite, its single writer). */
  readonly lanes?: number;
  /** The most units in one transaction. */
  readonly maxBatch?: number;
}

interface Unit {
  readonly work: Work<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: unknown; readonly after: readonly (() => void)[] } | { readonly ok: false; readonly error: unknown };

/** Thrown inside a batch to roll it back when one unit failed and there are no savepoints. */
class BatchAborted extends Error {}

export interface BatcherStats {
  /** Transactions committed or rolled back (a batch rerun one by one counts each). */
  transactions: number;
  /** Units run (a rerun unit counts again). */
  units: number;
}

export class TransactionBatcher {
  readonly #lanes: Lane[];
  readonly stats: BatcherStats = { transactions: 0, units: 0 };

  constructor(options: TransactionBatcherOptions) {
    const lanes = Math.max(1, Math.floor(options.lanes ?? 1));
    this.#lanes = Array.from({ length: lanes }, () => new Lane(options.db, options.savepoints, Math.max(1, options.maxBatch ?? 64), this.stats));
  }

  /** Runs `work` in a transaction (shared with other units); its key picks the lane. */
  run<T>(key: string | null, work: Work<T>): Promise<T> {
    const lane = this.#lanes.length === 1 ? this.#lanes[0]! : this.#lanes[laneOf(key, this.#lanes.length)]!;
    return lane.submit(work) as Promise<T>;
  }
}

let roundRobin = 0;

function laneOf(key: string | null, lanes: number): number {
  if (key === null) return roundRobin++ % lanes;
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return (h >>> 0) % lanes;
}

class Lane {
  readonly #queue: Unit[] = [];
  #running = false;

  constructor(
    readonly db: Kysely<any>,
    readonly savepoints: boolean,
    readonly maxBatch: number,
    readonly stats: BatcherStats,
  ) {}

  submit(work: Work<unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ work, resolve, reject });
      if (!this.#running) void this.#pump();
    });
  }

  async #pump(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.maxBatch);
        const outcomes = batch.length === 1 ? [await this.#alone(batch[0]!)] : await this.#together(batch);
        outcomes.forEach((outcome, i) => settle(batch[i]!, outcome));
        // The callers just settled usually send their next command at once: let them
        // join the next batch instead of waiting behind it.
        if (this.#queue.length < this.maxBatch) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      this.#running = false;
    }
  }

  /** One unit in a transaction of its own. */
  async #alone(unit: Unit): Promise<Outcome> {
    const after: (() => void)[] = [];
    this.stats.transactions++;
    this.stats.units++;
    try {
      const value = await this.db.transaction().execute((trx) => unit.work(trx, { afterCommit: (cb) => after.push(cb) }));
      return { ok: true, value, after };
    } catch (error) {
      return { ok: false, error };
    }
  }

  async #together(batch: readonly Unit[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    this.stats.transactions++;
    this.stats.units += batch.length;
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const unit of batch) outcomes.push(await this.#inBatch(trx, unit));
      });
      return outcomes;
    } catch {
      // A unit failed without savepoints, or the commit failed: each unit again, alone.
      const alone: Outcome[] = [];
      for (const unit of batch) alone.push(await this.#alone(unit));
      return alone;
    }
  }

  async #inBatch(trx: Kysely<any>, unit: Unit): Promise<Outcome> {
    const after: (() => void)[] = [];
    const tx: AfterCommit = { afterCommit: (cb) => after.push(cb) };
    if (!this.savepoints) {
      try {
        return { ok: true, value: await unit.work(trx, tx), after };
      } catch {
        throw new BatchAborted();
      }
    }
    await sql.raw('savepoint potok_unit').execute(trx);
    try {
      const value = await unit.work(trx, tx);
      await sql.raw('release potok_unit').execute(trx);
      return { ok: true, value, after };
    } catch (error) {
      // If the database itself failed (a full disk), this throws too and the batch reruns alone.
      await sql.raw('rollback to potok_unit').execute(trx);
      await sql.raw('release potok_unit').execute(trx);
      return { ok: false, error };
    }
  }
}

function settle(unit: Unit, outcome: Outcome): void {
  if (!outcome.ok) {
    unit.reject(outcome.error);
    return;
  }
  for (const cb of outcome.after) {
    try {
      cb();
    } catch {
      // An after-commit callback (a cache, a wake-up) must not turn a stored command into a failure.
    }
  }
  unit.resolve(outcome.value);
}
