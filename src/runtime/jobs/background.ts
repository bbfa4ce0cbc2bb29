/**
 * The runtime's background work in one call: the timer scheduler and the job workers.
 * `potok worker` runs only this; `potok serve` runs it beside the HTTP API.
 */
import type { PotokDatabase } from '../../store/database.ts';
import { TimerScheduler } from '../scheduler/timer-scheduler.ts';
import type { BackoffPolicy } from './backoff.ts';
import { defaultJobHandlers, silentRuntimeLogger, type JobHandlerRegistry, type RuntimeLogger } from './job-handler.ts';
import { JobWorkers } from './job-workers.ts';
import type { CommandPort, RuntimeClock } from './runtime-ports.ts';

export interface BackgroundRuntime {
  readonly database: PotokDatabase;
  readonly executor: CommandPort;
  readonly clock: RuntimeClock;
  readonly handlers?: JobHandlerRegistry;
  readonly logger?: RuntimeLogger;
  /** Jobs run at the same time by this process (default 4). */
  readonly concurrency?: number;
  readonly leaseMs?: number;
  readonly pollMs?: number;
  readonly timerBatchSize?: number;
  readonly backoff?: BackoffPolicy;
  /** How long the database may be unreachable before the process gives up (default 60 s). */
  readonly outageLimitMs?: number;
  /** Called once when a loop gives up (the database stayed away); the caller exits non-zero. */
  readonly onFatal?: (err: Error) => void;
}

export interface Background {
  readonly scheduler: TimerScheduler;
  readonly workers: JobWorkers;
  /** Rejects when a loop gives up on the database; never resolves otherwise. */
  readonly failed: Promise<never>;
  /** Graceful stop: no new claims, running jobs finish (or are given back after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

export function startBackground(runtime: BackgroundRuntime): Background {
  const logger = runtime.logger ?? silentRuntimeLogger;
  let fail!: (err: Error) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => {}); // observed by whoever awaits it
  let fatal = false;
  const onFatal = (err: Error) => {
    if (fatal) return;
    fatal = true;
    runtime.onFatal?.(err);
    fail(err);
  };
  const common = {
    database: runtime.database,
    executor: runtime.executor,
    clock: runtime.clock,
    logger,
    leaseMs: runtime.leaseMs,
    pollMs: runtime.pollMs,
    outageLimitMs: runtime.outageLimitMs,
    onFatal,
  };
  const scheduler = new TimerScheduler({ ...common, batchSize: runtime.timerBatchSize });
  const workers = new JobWorkers({
    ...common,
    handlers: runtime.handlers ?? defaultJobHandlers,
    concurrency: runtime.concurrency,
    backoff: runtime.backoff,
  });
  let stopped = false;
  // Commands run in this process wake the loops early for what they armed or enqueued;
  // the listener runs inside the command's transaction, so the loops look a moment later.
  runtime.executor.onEffects?.(({ effects }) => {
    if (stopped) return;
    for (const e of effects) {
      if (e.kind === 'timer.armed') scheduler.wakeAt(e.timer.dueAt + 5);
      else if (e.kind === 'job.created' || e.kind === 'job.retry') workers.wake(e.kind === 'job.retry' ? Math.max(0, e.retryAt - runtime.clock.now()) : 5);
    }
  });
  scheduler.start();
  workers.start();
  logger.info({ scheduler: scheduler.owner, workers: workers.owner, database: runtime.database.description }, 'scheduler and job workers started');
  return {
    scheduler,
    workers,
    failed,
    async stop(graceMs?: number) {
      stopped = true;
      await Promise.all([scheduler.stop(), workers.stop(graceMs)]);
      logger.info({}, 'scheduler and job workers stopped');
    },
  };
}
