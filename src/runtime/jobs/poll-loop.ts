/**
 * A background loop that runs `step` again and again: at once when the step says there
 * is more work, at the next due time it reports, or after the poll interval; `wake()`
 * cuts a wait short. In-process timeouts only ever wake the loop early: the rows in the
 * database decide what is due.
 *
 * Database outages: a failing step is retried with growing pauses (0.5 s … 5 s) and
 * logged; when the failures last longer than `outageLimitMs` (default one minute) the
 * loop gives up and calls `onFatal` with the reason (the process then exits non-zero).
 * A database back within the limit is used again without a restart (the pools reconnect).
 */
import { performance } from 'node:perf_hooks';
import type { RuntimeLogger } from './job-handler.ts';

export interface PollLoopOptions {
  readonly name: string;
  /** Returns the delay in ms until it wants to run again (0 = more work now), or null for the poll interval. */
  readonly step: () => Promise<number | null>;
  readonly pollMs: number;
  readonly outageLimitMs?: number;
  readonly logger: RuntimeLogger;
  readonly onFatal: (err: Error) => void;
}

export class PollLoop {
  readonly #o: PollLoopOptions;
  #timer: NodeJS.Timeout | undefined;
  #wakeAt = Infinity;
  #running: Promise<void> | undefined;
  #stopped = true;
  #failingSince: number | null = null;
  #failures = 0;

  constructor(options: PollLoopOptions) {
    this.#o = options;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Stops scheduling; resolves when a step in progress has finished. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** Runs the step after `delayMs` (default: at once) unless it is due to run earlier anyway. */
  wake(delayMs = 0): void {
    if (this.#stopped || this.#failingSince !== null) return;
    this.#schedule(Math.max(0, delayMs));
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    const at = performance.now() + delayMs;
    if (this.#timer && at >= this.#wakeAt) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#wakeAt = at;
    // setTimeout cannot wait longer than ~24.8 days; the poll interval is far shorter anyway.
    this.#timer = setTimeout(() => this.#tick(), Math.min(delayMs, 2 ** 31 - 1));
  }

  #tick(): void {
    this.#timer = undefined;
    this.#wakeAt = Infinity;
    if (this.#stopped) return;
    if (this.#running) {
      // A step is in progress; run again right after it.
      void this.#running.then(() => this.#schedule(0));
      return;
    }
    this.#running = this.#runStep().finally(() => {
      this.#running = undefined;
    });
  }

  async #runStep(): Promise<void> {
    let next: number;
    try {
      const hint = await this.#o.step();
      if (this.#failingSince !== null) {
        this.#o.logger.info({ loop: this.#o.name, failures: this.#failures }, 'database reachable again; resuming');
      }
      this.#failingSince = null;
      this.#failures = 0;
      next = hint === null ? this.#o.pollMs : Math.min(Math.max(0, hint), this.#o.pollMs);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      const now = performance.now();
      this.#failingSince ??= now;
      this.#failures++;
      const limit = this.#o.outageLimitMs ?? 60_000;
      if (now - this.#failingSince >= limit) {
        this.#o.logger.error({ loop: this.#o.name, err: error.message }, 'giving up: the database has failed for too long');
        this.#stopped = true;
        this.#o.onFatal(new Error(`${this.#o.name}: the database failed for ${Math.round((now - this.#failingSince) / 1000)} s: ${error.message}`));
        return;
      }
      next = Math.min(500 * 2 ** (this.#failures - 1), 5_000);
      this.#o.logger.warn({ loop: this.#o.name, err: error.message, retryInMs: next, failures: this.#failures }, 'step failed; retrying');
    }
    this.#schedule(next);
  }
}
