/** The runtime's jobs, outbox and timers: what the rest of Potok imports. */
export { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
export {
  defaultJobHandlers,
  JobFailure,
  JobHandlerRegistry,
  registerJobHandler,
  silentRuntimeLogger,
  toJobFailure,
  type FinalFailureContext,
  type JobContext,
  type JobFailureData,
  type JobHandler,
  type JobOutcome,
  type RuntimeLogger,
} from './job-handler.ts';
export { JobWorkers, ERROR_ON_FINAL_FAILURE_HEADER, ERROR_VARIABLE_HEADER, LEASE_EXPIRED, type JobWorkersOptions } from './job-workers.ts';
export { startBackground, type Background, type BackgroundRuntime } from './background.ts';
export { retryFailedJob } from './retry-job.ts';
export { TimerScheduler, type TimerSchedulerOptions } from '../scheduler/timer-scheduler.ts';
export type { CommandPort, RuntimeClock } from './runtime-ports.ts';
export { runtimeEffectWriters, writeJobRows, writeTimerRows, clearEndedInstance, type EffectWriterContext } from './effect-writers.ts';
