/**
 * Job workers: claim due jobs with a lease, run the handler registered for the job's
 * type, and report the outcome — a BPMN job through the command executor (completeJob,
 * failJob with retries left and the backoff's retryAt, throwError), an outbox job by
 * updating its row.
 *
 * A worker that dies mid-job (killed, crashed, hung past its lease) never reports; the
 * next worker to look finds the expired lease, takes the job over and reports that attempt
 * as a failure: a retry after the usual backoff with one attempt fewer, or, when it was the
 * last, the usual final failure (incident, BPMN error, failed outbox row) with a
 * LEASE_EXPIRED last_error. A late report from the dead worker — it was only slow — is
 * dropped: only the attempt that still holds the lease may report. A clean shutdown gives
 * its jobs back uncounted (`stop`).
 *
 * Two ways to drive them: `start()` runs a background loop on the real clock (`potok
 * serve` / `potok worker`); `drain(now)` runs every job runnable at `now` to its outcome
 * and returns how many ran (the simulator, on a virtual clock).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Command, Json, Variables } from '../../engine/api.ts';
import type { PotokDatabase } from '../../store/database.ts';
import {
  claimExpiredLeases,
  claimJobs,
  finishJob,
  nextJobRunAt,
  recordJobResult,
  releaseJob,
  renewLease,
  rescheduleJob,
  type ExpiredLease,
  type JobRow,
} from '../../store/job.repository.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import {
  defaultJobHandlers,
  silentRuntimeLogger,
  toJobFailure,
  type JobContext,
  type JobHandlerRegistry,
  type JobOutcome,
  type RuntimeLogger,
} from './job-handler.ts';
import { PollLoop } from './poll-loop.ts';
import { isConflict, isStale, type CommandPort, type RuntimeClock } from './runtime-ports.ts';

/** Header naming a BPMN error to throw instead of failing for good (see docs/operating.md). */
export const ERROR_ON_FINAL_FAILURE_HEADER = 'potok.errorOnFinalFailure';
/** Header naming the variable that receives the failure message with the error above (default `<elementId>Error`). */
export const ERROR_VARIABLE_HEADER = 'potok.errorVariable';
/** The code in last_error of an attempt whose worker's lease expired. */
export const LEASE_EXPIRED = 'LEASE_EXPIRED';

/** Expired leases taken over per step; a full batch makes the loop step again at once. */
const SWEEP_BATCH = 20;

export interface JobWorkersOptions {
  readonly database: PotokDatabase;
  readonly executor: CommandPort;
  readonly clock: RuntimeClock;
  readonly handlers?: JobHandlerRegistry;
  readonly logger?: RuntimeLogger;
  /** This worker's name in locked_by (default host:pid:random). */
  readonly owner?: string;
  /** Jobs run at the same time (default 4). */
  readonly concurrency?: number;
  /** How long a claim holds without renewal (default 60 s); renewed every third of it while the handler runs. */
  readonly leaseMs?: number;
  readonly pollMs?: number;
  readonly backoff?: BackoffPolicy;
  readonly outageLimitMs?: number;
  readonly onFatal?: (err: Error) => void;
}

export function defaultOwner(role: string): string {
  return `${os.hostname()}:${process.pid}:${role}:${randomUUID().slice(0, 8)}`;
}

/** One attempt's result: the handler's outcome, or a failure with `retryable` as data. */
type Attempt = { readonly ok: true; readonly outcome: JobOutcome } | { readonly ok: false; readonly retryable: boolean; readonly message: string };

export class JobWorkers {
  readonly owner: string;
  readonly #o: JobWorkersOptions;
  readonly #handlers: JobHandlerRegistry;
  readonly #logger: RuntimeLogger;
  readonly #concurrency: number;
  readonly #leaseMs: number;
  readonly #inFlight = new Map<string, { job: JobRow; controller: AbortController; done: Promise<void> }>();
  #loop: PollLoop | undefined;
  #stopping = false;

  constructor(options: JobWorkersOptions) {
    this.#o = options;
    this.#handlers = options.handlers ?? defaultJobHandlers;
    this.#logger = options.logger ?? silentRuntimeLogger;
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.owner = options.owner ?? defaultOwner('worker');
  }

  /** Jobs running now in this process. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /**
   * Runs every job runnable at `now` (due, of a registered type) to its outcome, one
   * after another, until none is left; returns how many attempts ran. Expired leases at
   * `now` are reported as failed attempts first (not counted as runs). Retries land
   * later than `now` (the backoff), so this always ends.
   */
  async drain(now: number): Promise<number> {
    let ran = 0;
    for (;;) {
      for (let swept = SWEEP_BATCH; swept === SWEEP_BATCH; ) swept = await this.#sweep(now);
      const jobs = await this.#claim(now, this.#concurrency);
      if (jobs.length === 0) return ran;
      for (const job of jobs) {
        await this.#runAndReport(job, new AbortController(), now, false);
        ran++;
      }
    }
  }

  start(): void {
    this.#stopping = false;
    this.#loop ??= new PollLoop({
      name: 'job workers',
      step: () => this.#step(),
      pollMs: this.#o.pollMs ?? 1_000,
      logger: this.#logger,
      outageLimitMs: this.#o.outageLimitMs,
      onFatal: (err) => (this.#o.onFatal ?? ((e) => this.#logger.error({ err: e.message }, 'job workers stopped')))(err),
    });
    this.#loop.start();
  }

  /** Wakes the loop (a job was just enqueued in this process). */
  wake(delayMs = 0): void {
    this.#loop?.wake(delayMs);
  }

  /**
   * Graceful stop: claims nothing more, lets running handlers finish for up to `graceMs`
   * (default 10 s), then aborts the rest and gives their jobs back (ready at once) so
   * another worker runs them without waiting for the lease to expire.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stopping = true;
    await this.#loop?.stop();
    this.#loop = undefined;
    const all = Promise.all([...this.#inFlight.values()].map((f) => f.done));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([all.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs)))]);
    clearTimeout(timer);
    if (!timedOut) return;
    for (const f of this.#inFlight.values()) f.controller.abort(new Error('worker shutting down'));
    const now = this.#o.clock.now();
    await Promise.all(
      [...this.#inFlight.values()].map((f) => releaseJob(this.#o.database.db, f.job.id, this.owner, now).catch(() => {})),
    );
  }

  async #step(): Promise<number | null> {
    if (this.#stopping) return null;
    const now = this.#o.clock.now();
    const more = (await this.#sweep(now)) === SWEEP_BATCH;
    const free = this.#concurrency - this.#inFlight.size;
    if (free <= 0) return more ? 0 : null; // a finishing job wakes the loop
    const jobs = await this.#claim(now, free);
    for (const job of jobs) this.#launch(job, now);
    if (jobs.length === free || more) return 0;
    if (jobs.length > 0) return null;
    const next = await nextJobRunAt(this.#o.database.db, this.#handlers.types());
    if (next === null) return null;
    // Due, yet nothing to claim or take over: other workers hold those rows, or it is the
    // lease of a job this process still runs (renewal lagging) — poll, do not spin.
    const wait = next - this.#o.clock.now();
    return wait > 0 ? wait : null;
  }

  #claim(now: number, limit: number): Promise<JobRow[]> {
    return claimJobs(this.#o.database.db, this.#o.database.caps, {
      now,
      limit,
      owner: this.owner,
      leaseMs: this.#leaseMs,
      types: this.#handlers.types(),
    });
  }

  /**
   * Takes over jobs whose worker's lease expired and reports each dead attempt as a
   * retryable failure, through the same paths as a handler's failure. Jobs this process
   * still runs are left alone (their renewal merely lagged). Returns how many it took over.
   */
  async #sweep(now: number): Promise<number> {
    const expired = await claimExpiredLeases(this.#o.database.db, this.#o.database.caps, {
      now,
      limit: SWEEP_BATCH,
      owner: this.owner,
      leaseMs: this.#leaseMs,
      types: this.#handlers.types(),
      exclude: [...this.#inFlight.keys()],
    });
    for (const e of expired) {
      const message = leaseExpiredMessage(e);
      this.#logger.warn({ jobId: e.job.id, type: e.job.type, attempt: e.job.attempts, heldBy: e.heldBy, err: message }, "job's worker stopped or crashed; the attempt counts as failed");
      // One job whose report fails must not hold up the others: its new lease expires and it is taken over again.
      await this.#report(e.job, { ok: false, retryable: true, message }, now).catch((err) => {
        this.#logger.error({ jobId: e.job.id, type: e.job.type, err: err instanceof Error ? err.message : String(err) }, 'job outcome not recorded');
      });
    }
    return expired.length;
  }

  #launch(job: JobRow, now: number): void {
    const controller = new AbortController();
    const done = this.#runAndReport(job, controller, now, true)
      .catch((err) => {
        // The report failed (database down): the lease expires, and the worker that finds
        // it counts the attempt as failed and the job runs again after the backoff.
        this.#logger.error({ jobId: job.id, type: job.type, err: err instanceof Error ? err.message : String(err) }, 'job outcome not recorded');
      })
      .finally(() => {
        this.#inFlight.delete(job.id);
        this.wake();
      });
    this.#inFlight.set(job.id, { job, controller, done });
  }

  async #runAndReport(job: JobRow, controller: AbortController, now: number, renew: boolean): Promise<void> {
    const handler = this.#handlers.get(job.type)!;
    let heartbeat: NodeJS.Timeout | undefined;
    if (renew) {
      heartbeat = setInterval(() => {
        renewLease(this.#o.database.db, this.#lease(job), this.#o.clock.now() + this.#leaseMs)
          .then((ours) => {
            if (!ours) controller.abort(new Error('the job is no longer ours (cancelled or taken over)'));
          })
          .catch(() => {});
      }, Math.max(50, Math.floor(this.#leaseMs / 3)));
    }
    let result: Attempt;
    try {
      const outcome = await handler.run({
        job: handlerView(job),
        idempotencyKey: job.idempotencyKey,
        signal: controller.signal,
        logger: this.#logger,
        now,
      });
      result = { ok: true, outcome };
    } catch (err) {
      const failure = toJobFailure(err);
      result = { ok: false, retryable: failure.retryable, message: failure.code ? `${failure.code}: ${failure.message}` : failure.message };
    } finally {
      if (heartbeat) clearInterval(heartbeat);
    }
    if (controller.signal.aborted && this.#stopping) return; // stop() gives the job back
    // On a virtual clock (drain) the outcome is recorded at the drain's time.
    const at = renew ? this.#o.clock.now() : now;
    // A late report must not land on what happened meanwhile: the lease expired and
    // another worker counted this attempt as failed (and may run the next one), or the job
    // was cancelled. An outbox report checks that in its own update; a BPMN one renews the
    // lease first, which proves this attempt holds the job and keeps it held while the
    // instance's command runs.
    if (job.kind === 'bpmn' && !(await renewLease(this.#o.database.db, this.#lease(job), at + this.#leaseMs))) {
      this.#dropped(job);
      return;
    }
    await this.#report(job, result, at);
  }

  #lease(job: JobRow) {
    return { jobId: job.id, owner: this.owner, attempt: job.attempts };
  }

  #dropped(job: JobRow): void {
    this.#logger.info({ jobId: job.id, type: job.type, attempt: job.attempts }, 'job outcome dropped: this attempt no longer holds the job (lease expired and taken over, or cancelled)');
  }

  #report(job: JobRow, result: Attempt, now: number): Promise<void> {
    return job.kind === 'bpmn' ? this.#reportBpmn(job, result, now) : this.#reportOutbox(job, result, now);
  }

  // -------------------------------------------------------------------------
  // Reporting
  // -------------------------------------------------------------------------

  async #reportOutbox(job: JobRow, result: Attempt, now: number): Promise<void> {
    const db = this.#o.database.db;
    const attempt = job.attempts;
    if (result.ok && result.outcome.kind === 'complete') {
      if (!(await finishJob(db, job.id, this.owner, { status: 'completed', now, result: result.outcome.variables ?? null, attempt }))) this.#dropped(job);
      return;
    }
    const message = result.ok ? describeError(result.outcome) : result.message;
    const retriesLeft = result.ok || !result.retryable ? 0 : job.retries - 1;
    if (retriesLeft > 0) {
      const runAt = now + backoffDelay(job.attempts, this.#o.backoff ?? DEFAULT_BACKOFF);
      if (!(await rescheduleJob(db, job.id, this.owner, { retries: retriesLeft, runAt, error: message, now, attempt }))) return this.#dropped(job);
      this.#logger.warn({ jobId: job.id, type: job.type, attempt: job.attempts, retriesLeft, retryAt: runAt, err: message }, 'outbox job failed; will retry');
    } else {
      if (!(await finishJob(db, job.id, this.owner, { status: 'failed', now, error: message, attempt }))) return this.#dropped(job);
      this.#logger.error({ jobId: job.id, type: job.type, attempts: job.attempts, err: message }, 'outbox job failed for good; retry it from the admin page or `retryFailedJob`');
      await this.#toldFinalFailure(job, message, now);
    }
  }

  async #reportBpmn(job: JobRow, result: Attempt, now: number): Promise<void> {
    const db = this.#o.database.db;
    const elementInstanceId = job.elementInstanceId!;
    if (result.ok) {
      const o = result.outcome;
      const command: Command =
        o.kind === 'complete'
          ? { kind: 'completeJob', elementInstanceId, ...(o.variables ? { variables: o.variables } : {}) }
          : { kind: 'throwError', elementInstanceId, errorCode: o.errorCode, ...(o.message ? { message: o.message } : {}), ...(o.variables ? { variables: o.variables } : {}) };
      if (!(await this.#command(job, command, now))) return;
      const outcome = o.kind === 'complete' ? (o.variables ?? null) : { errorCode: o.errorCode };
      // The command's own transaction already marked the row completed; keep what the
      // handler reported on it (e.g. an e-mail kept as not delivered without SMTP).
      if (!(await finishJob(db, job.id, this.owner, { status: 'completed', now, result: outcome }))) await recordJobResult(db, job.id, outcome, now);
      return;
    }
    const retriesLeft = result.retryable ? Math.max(0, job.retries - 1) : 0;
    if (retriesLeft > 0) {
      const retryAt = now + backoffDelay(job.attempts, this.#o.backoff ?? DEFAULT_BACKOFF);
      if (!(await this.#command(job, { kind: 'failJob', elementInstanceId, retries: retriesLeft, message: result.message, retryAt }, now))) return;
      // The executor's transaction already rescheduled the row (job.retry); this is for an executor that did not.
      await rescheduleJob(db, job.id, this.owner, { retries: retriesLeft, runAt: retryAt, error: result.message, now });
      this.#logger.warn({ jobId: job.id, type: job.type, attempt: job.attempts, retriesLeft, retryAt, err: result.message }, 'job failed; will retry');
      return;
    }
    const errorCode = job.headers[ERROR_ON_FINAL_FAILURE_HEADER];
    if (errorCode) {
      // The model asked not to wait on this system: the failure becomes a BPMN error the process handles.
      const variable = job.headers[ERROR_VARIABLE_HEADER] || `${job.elementId ?? 'job'}Error`;
      const variables: Variables = { [variable]: result.message };
      if (!(await this.#command(job, { kind: 'throwError', elementInstanceId, errorCode, message: result.message, variables }, now))) return;
      await finishJob(db, job.id, this.owner, { status: 'completed', now, error: result.message, result: { errorCode } });
      this.#logger.warn({ jobId: job.id, type: job.type, errorCode, err: result.message }, 'job failed for good; BPMN error thrown as its model asks');
      await this.#toldFinalFailure(job, result.message, now);
      return;
    }
    if (!(await this.#command(job, { kind: 'failJob', elementInstanceId, retries: 0, message: result.message }, now))) return;
    await finishJob(db, job.id, this.owner, { status: 'failed', now, error: result.message });
    this.#logger.error({ jobId: job.id, type: job.type, attempts: job.attempts, err: result.message }, 'job failed for good; incident raised');
    await this.#toldFinalFailure(job, result.message, now);
  }

  /**
   * Tells the job's handler that the job failed for good (e.g. potok.notifyOnFinalFailure)
   * — here rather than inside `run`, because a dead worker's last attempt never returns
   * from `run`. Best effort: the failure is already recorded.
   */
  async #toldFinalFailure(job: JobRow, message: string, now: number): Promise<void> {
    const handler = this.#handlers.get(job.type);
    if (!handler?.onFinalFailure) return;
    try {
      await handler.onFinalFailure({ job: handlerView(job), message, logger: this.#logger, now });
    } catch (err) {
      this.#logger.error({ jobId: job.id, type: job.type, err: err instanceof Error ? err.message : String(err) }, 'final-failure hook failed');
    }
  }

  /**
   * Sends the job's outcome to its instance. A concurrent command on the instance is
   * retried a few times; an instance that no longer waits for this job (cancelled,
   * interrupted, already reported) ends the job as cancelled. Returns whether the
   * outcome was applied.
   */
  async #command(job: JobRow, command: Command, now: number): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#o.executor.execute(job.instanceId!, command, { actor: 'system:worker' });
        return true;
      } catch (err) {
        if (isStale(err)) {
          await finishJob(this.#o.database.db, job.id, this.owner, { status: 'cancelled', now, error: (err as Error).message });
          this.#logger.info({ jobId: job.id, type: job.type, err: (err as Error).message }, 'job outcome not needed any more');
          return false;
        }
        if (isConflict(err) && attempt < 10) {
          await new Promise((r) => setTimeout(r, 20 * attempt));
          continue;
        }
        throw err;
      }
    }
  }
}

/** The job as its handler sees it. */
function handlerView(job: JobRow): JobContext['job'] {
  return {
    id: job.id,
    kind: job.kind,
    type: job.type,
    instanceId: job.instanceId,
    elementId: job.elementId,
    headers: job.headers,
    payload: job.payload as Json,
    attempts: job.attempts,
    retries: job.retries,
  };
}

/** The last_error of a dead worker's attempt: what happened, in words an admin can act on. */
export function leaseExpiredMessage(expired: ExpiredLease): string {
  const who = expired.heldBy ? `worker ${expired.heldBy}` : 'the worker';
  const when = Number.isFinite(expired.expiredAt) ? new Date(expired.expiredAt).toISOString() : 'its lease end';
  return `${LEASE_EXPIRED}: the worker's lease expired (worker stopped or crashed) during attempt ${expired.job.attempts}: ${who} did not report by ${when}`;
}

function describeError(outcome: JobOutcome): string {
  if (outcome.kind !== 'error') return 'completed';
  return outcome.message ? `${outcome.errorCode}: ${outcome.message}` : outcome.errorCode;
}
