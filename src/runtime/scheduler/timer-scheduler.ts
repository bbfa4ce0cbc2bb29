/**
 * The timer scheduler: claims due timer rows (due_at <= now, never early) in batches and
 * fires each as a `fireTimer` command through the executor, whose transaction deletes
 * the row (or re-arms a cycle). A timer never fires twice: the claim is exclusive
 * (PostgreSQL `FOR UPDATE SKIP LOCKED`, SQLite's single writer), and should a claim
 * expire while its scheduler is slow, the instance's own state refuses a second firing
 * (TIMER_NOT_FOUND), which only deletes the stale row.
 *
 * `start()` runs it in the background (woken at the next due time, at the latest every
 * poll interval); `fireDue(now)` fires every timer due at `now` (the simulator).
 */
import type { PotokDatabase } from '../../store/database.ts';
import { claimDueTimers, deleteTimer, nextTimerDueAt, releaseTimer, type TimerRow } from '../../store/timer.repository.ts';
import { silentRuntimeLogger, type RuntimeLogger } from '../jobs/job-handler.ts';
import { defaultOwner } from '../jobs/job-workers.ts';
import { PollLoop } from '../jobs/poll-loop.ts';
import { errorCodeOf, isConflict, isStale, type CommandPort, type RuntimeClock } from '../jobs/runtime-ports.ts';

export interface TimerSchedulerOptions {
  readonly database: PotokDatabase;
  readonly executor: CommandPort;
  readonly clock: RuntimeClock;
  readonly logger?: RuntimeLogger;
  readonly owner?: string;
  /** Timers claimed per transaction (default 100). */
  readonly batchSize?: number;
  /** Timers of one batch fired at the same time (default: the whole batch). */
  readonly parallel?: number;
  /** How long a claim holds (default 60 s): a scheduler that dies lets its timers go after this. */
  readonly leaseMs?: number;
  readonly pollMs?: number;
  readonly outageLimitMs?: number;
  readonly onFatal?: (err: Error) => void;
  /** Called after each timer fired (benchmarks, tests). */
  readonly onFired?: (timer: TimerRow, firedAt: number) => void;
}

export type FireResult = 'fired' | 'stale' | 'busy' | 'failed';

export class TimerScheduler {
  readonly owner: string;
  readonly #o: TimerSchedulerOptions;
  readonly #logger: RuntimeLogger;
  readonly #batch: number;
  readonly #parallel: number;
  readonly #leaseMs: number;
  #loop: PollLoop | undefined;

  constructor(options: TimerSchedulerOptions) {
    this.#o = options;
    this.#logger = options.logger ?? silentRuntimeLogger;
    this.#batch = Math.max(1, options.batchSize ?? 100);
    this.#parallel = Math.max(1, options.parallel ?? this.#batch);
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.owner = options.owner ?? defaultOwner('scheduler');
  }

  /** Fires every timer due at or before `now`; returns how many fired. */
  async fireDue(now: number): Promise<number> {
    let fired = 0;
    for (;;) {
      const batch = await this.#claim(now);
      if (batch.length === 0) return fired;
      const results = await this.#fireBatch(batch, now);
      fired += results.filter((r) => r === 'fired').length;
      // Timers given back (busy instance) are claimable again at once: fire them in the next round,
      // but do not spin when the instance stays busy.
      if (results.every((r) => r === 'busy' || r === 'failed')) return fired;
    }
  }

  start(): void {
    this.#loop ??= new PollLoop({
      name: 'timer scheduler',
      step: () => this.#step(),
      pollMs: this.#o.pollMs ?? 1_000,
      logger: this.#logger,
      outageLimitMs: this.#o.outageLimitMs,
      onFatal: (err) => (this.#o.onFatal ?? ((e) => this.#logger.error({ err: e.message }, 'timer scheduler stopped')))(err),
    });
    this.#loop.start();
  }

  async stop(): Promise<void> {
    await this.#loop?.stop();
    this.#loop = undefined;
  }

  /** A timer was armed in this process: wake at its due time if that is before the next poll. */
  wakeAt(dueAt: number): void {
    this.#loop?.wake(Math.max(0, dueAt - this.#o.clock.now()));
  }

  async #step(): Promise<number | null> {
    const now = this.#o.clock.now();
    const batch = await this.#claim(now);
    if (batch.length > 0) {
      await this.#fireBatch(batch, now);
      return 0; // look again at once: more may have come due meanwhile
    }
    const next = await nextTimerDueAt(this.#o.database.db);
    return next === null ? null : Math.max(0, next - this.#o.clock.now());
  }

  #claim(now: number): Promise<TimerRow[]> {
    return claimDueTimers(this.#o.database.db, this.#o.database.caps, { now, limit: this.#batch, owner: this.owner, leaseMs: this.#leaseMs });
  }

  /**
   * Fires a claimed batch, `parallel` timers at a time (default: all of them): the
   * executor commits commands that arrive together in one transaction (group commit),
   * while each firing keeps its own outcome.
   */
  async #fireBatch(batch: readonly TimerRow[], now: number): Promise<FireResult[]> {
    const results: FireResult[] = new Array(batch.length);
    let next = 0;
    const lane = async () => {
      while (next < batch.length) {
        const i = next++;
        results[i] = await this.#fire(batch[i]!, now);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#parallel, batch.length) }, lane));
    return results;
  }

  async #fire(timer: TimerRow, now: number): Promise<FireResult> {
    const db = this.#o.database.db;
    try {
      // The executor's transaction deletes the row (or re-arms a cycle, clearing the claim).
      // A row it left behind would come back after the lease and be removed as stale.
      await this.#o.executor.execute(timer.instanceId, { kind: 'fireTimer', timerId: timer.timerId }, { actor: 'system:scheduler' });
      this.#o.onFired?.(timer, now);
      return 'fired';
    } catch (err) {
      if (isStale(err)) {
        // Already fired, cancelled with its activity, or the instance ended: the row is left over.
        await deleteTimer(db, timer.id);
        this.#logger.info({ timerId: timer.id, code: errorCodeOf(err) }, 'stale timer removed');
        return 'stale';
      }
      if (isConflict(err)) {
        await releaseTimer(db, timer.id, this.owner);
        return 'busy';
      }
      // An error of the instance or the database: leave it claimed for a while so one bad
      // timer does not spin, and say so.
      this.#logger.error({ timerId: timer.id, instanceId: timer.instanceId, err: err instanceof Error ? err.message : String(err) }, 'timer could not fire; retrying later');
      await releaseTimer(db, timer.id, this.owner, now + Math.min(this.#leaseMs, 30_000)).catch(() => {});
      return 'failed';
    }
  }
}
