/**
 * What a job handler is: a declaration (the job type a BPMN model names in
 * `zeebe:taskDefinition type`, or an outbox message type) plus `run(ctx)` (see
 * activepieces' actions). The context is all a handler sees.
 *
 * A handler returns an outcome:
 *   - `{ kind: 'complete', variables? }`: done; a BPMN task completes with the variables;
 *   - `{ kind: 'error', errorCode, … }`: a business error; a BPMN task throws the BPMN
 *     error `errorCode` (caught by a boundary error event); an outbox job fails for good.
 * or throws a failure: `JobFailure` (or anything with `retryable: boolean`) says whether
 * another attempt may help. Anything else thrown counts as retryable: the job's retries
 * bound it, and the last failure raises an incident that shows the message. An attempt
 * whose worker died (its lease expired) counts as a retryable failure too.
 *
 * A handler may also declare `onFinalFailure`: the worker calls it once the job has failed
 * for good and that is recorded — also when the last attempt's worker died, when `run`
 * never got to report.
 */
import type { Json, Variables } from '../../engine/api.ts';

/** The subset of pino's API handlers and the runtime use (pino loggers satisfy it). */
export interface RuntimeLogger {
  debug(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
  error(obj: Record<string, unknown>, msg?: string): void;
}

export const silentRuntimeLogger: RuntimeLogger = { debug() {}, info() {}, warn() {}, error() {} };

export interface JobContext {
  readonly job: {
    readonly id: string;
    readonly kind: 'bpmn' | 'outbox';
    readonly type: string;
    readonly instanceId: string | null;
    readonly elementId: string | null;
    readonly headers: Readonly<Record<string, string>>;
    /** BPMN: the variables visible at the task; outbox: the message. */
    readonly payload: Json;
    /** Attempts started, this one included (1 on the first run). */
    readonly attempts: number;
    /** Attempts left, this one included. */
    readonly retries: number;
  };
  /** Stable across retries of the same job: pass it to downstream systems to make a second run harmless. */
  readonly idempotencyKey: string;
  /** Aborted when the job's lease is lost (cancelled, or taken over) or the worker shuts down. */
  readonly signal: AbortSignal;
  readonly logger: RuntimeLogger;
  /** The runtime clock's time when the attempt started (epoch ms; virtual in simulations). */
  readonly now: number;
}

export type JobOutcome =
  | { readonly kind: 'complete'; readonly variables?: Variables }
  | { readonly kind: 'error'; readonly errorCode: string; readonly message?: string; readonly variables?: Variables };

/** What `onFinalFailure` is told: the job (as its last attempt saw it) and the final error. */
export interface FinalFailureContext {
  readonly job: JobContext['job'];
  /** The last error, as stored in the job's last_error (and the incident's message). */
  readonly message: string;
  readonly logger: RuntimeLogger;
  readonly now: number;
}

export interface JobHandler {
  readonly type: string;
  run(ctx: JobContext): Promise<JobOutcome>;
  /** Optional: the job failed for good (incident, BPMN error on final failure, or a failed outbox row). Best effort: a throw is logged. */
  onFinalFailure?(ctx: FinalFailureContext): Promise<void>;
}

/** A failed attempt, as data: `retryable` decides between a retry with backoff and failing at once. */
export interface JobFailureData {
  readonly retryable: boolean;
  readonly message: string;
  readonly code?: string;
}

export class JobFailure extends Error implements JobFailureData {
  override name = 'JobFailure';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Anything a handler threw, as a failure (typed failures keep their `retryable`). */
export function toJobFailure(err: unknown): JobFailureData {
  if (err && typeof err === 'object' && typeof (err as any).retryable === 'boolean') {
    const e = err as { retryable: boolean; message?: unknown; code?: unknown };
    const message = typeof e.message === 'string' && e.message ? e.message : 'job failed';
    return typeof e.code === 'string' ? { retryable: e.retryable, message, code: e.code } : { retryable: e.retryable, message };
  }
  return { retryable: true, message: err instanceof Error ? err.message : String(err) };
}

export class UnknownJobTypeError extends Error {
  override name = 'UnknownJobTypeError';
}

/** The handlers one worker process runs, by job type. A worker claims only jobs whose type it has. */
export class JobHandlerRegistry {
  readonly #handlers = new Map<string, JobHandler>();

  register(handler: JobHandler): this;
  register(type: string, handler: JobHandler | JobHandler['run']): this;
  register(typeOrHandler: string | JobHandler, maybe?: JobHandler | JobHandler['run']): this {
    const handler: JobHandler =
      typeof typeOrHandler === 'string'
        ? typeof maybe === 'function'
          ? { type: typeOrHandler, run: maybe }
          : { type: typeOrHandler, run: (ctx) => maybe!.run(ctx), ...(maybe!.onFinalFailure ? { onFinalFailure: (ctx) => maybe!.onFinalFailure!(ctx) } : {}) }
        : typeOrHandler;
    if (!handler.type) throw new UnknownJobTypeError('a job handler needs a type');
    this.#handlers.set(handler.type, handler);
    return this;
  }

  get(type: string): JobHandler | undefined {
    return this.#handlers.get(type);
  }

  types(): string[] {
    return [...this.#handlers.keys()].sort();
  }
}

/** The process-wide registry `potok serve` and `potok worker` use. */
export const defaultJobHandlers = new JobHandlerRegistry();

/** Registers a handler in the process-wide registry: `registerJobHandler(handler)` or `registerJobHandler(type, handler)`. */
export function registerJobHandler(handler: JobHandler): void;
export function registerJobHandler(type: string, handler: JobHandler | JobHandler['run']): void;
export function registerJobHandler(typeOrHandler: string | JobHandler, maybe?: JobHandler | JobHandler['run']): void {
  if (typeof typeOrHandler === 'string') defaultJobHandlers.register(typeOrHandler, maybe!);
  else defaultJobHandlers.register(typeOrHandler);
}
