/**
 * Job handlers in simulation mode: nothing leaves the machine. Client e-mails
 * (`email.send` jobs of a send task) are recorded as `email.sent`; notification e-mails
 * to employees (outbox `email.send` jobs) are dropped silently, since `notification.sent`
 * already reports them; a 1C counterparty creation is recorded as `onec.requested` and
 * answers a made-up `Ref_Key`. The CRM's own handlers (potok.notify, potok.crm.banInn,
 * potok.onboarding.prepare) run for real on the simulation's database.
 *
 * Every handler is wrapped so that the scenario's `jobs` outcomes replace the result of
 * a job's successive attempts, and every failed attempt is reported as `job.failed`.
 */
import { JobFailure, toJobFailure, type JobContext, type JobHandler, type JobOutcome } from '../runtime/jobs/index.ts';
import type { Json, Variables } from '../engine/api.ts';
import type { ScenarioJobOutcome } from './scenario.ts';

export interface SimJobHooks {
  /** Records an output event at the job's instant. */
  emit(event: Record<string, unknown> & { type: string }): void;
  /** The next scripted outcome of the element's jobs (consumed), if any is left. */
  takeOutcome(elementId: string): ScenarioJobOutcome | undefined;
  /** Called after every attempt (notifications the handler created are printed then). */
  afterAttempt(ctx: JobContext): Promise<void>;
}

const payloadOf = (ctx: JobContext): Record<string, unknown> =>
  ctx.job.payload && typeof ctx.job.payload === 'object' && !Array.isArray(ctx.job.payload) ? (ctx.job.payload as Record<string, unknown>) : {};

/** `email.send`: a send task's e-mail to the client is recorded; notification e-mails are not printed. */
export function simEmailHandler(hooks: Pick<SimJobHooks, 'emit'>): JobHandler {
  return {
    type: 'email.send',
    async run(ctx): Promise<JobOutcome> {
      if (ctx.job.kind === 'bpmn') {
        const v = payloadOf(ctx);
        hooks.emit({ type: 'email.sent', template: ctx.job.headers.template ?? null, to: v.to ?? v.email ?? null });
      }
      return { kind: 'complete' };
    },
  };
}

/** `onec.createCounterparty`: the request is recorded; the new record's key is made up. */
export function simOnecHandler(): JobHandler {
  return {
    type: 'onec.createCounterparty',
    async run(ctx): Promise<JobOutcome> {
      const dealId = payloadOf(ctx).dealId;
      return { kind: 'complete', variables: { onecRef: `simulated-${typeof dealId === 'string' ? dealId : ctx.job.id}` } };
    },
  };
}

/** Any other job type (another model's connectors): completes without variables. */
export function simCompleteHandler(type: string): JobHandler {
  return { type, run: async () => ({ kind: 'complete' }) };
}

/** What an attempt of this job type does visibly before its outcome (1C is asked even when it then fails). */
function announce(ctx: JobContext, hooks: Pick<SimJobHooks, 'emit'>): void {
  if (ctx.job.type === 'onec.createCounterparty' && ctx.job.kind === 'bpmn') hooks.emit({ type: 'onec.requested' });
  if (ctx.job.type === 'potok.notify' && ctx.job.headers.kind === 'task_overdue' && ctx.job.headers.task) {
    const r = payloadOf(ctx).recipients;
    const notified = Array.isArray(r) ? r.filter((x) => typeof x === 'string') : typeof r === 'string' ? [r] : [];
    hooks.emit({ type: 'task.overdue', task: ctx.job.headers.task, notified });
  }
}

/** Wraps a handler with the scenario's scripted outcomes and the `job.failed` report. */
export function scripted(inner: JobHandler, hooks: SimJobHooks): JobHandler {
  return {
    type: inner.type,
    async run(ctx): Promise<JobOutcome> {
      const elementId = ctx.job.kind === 'bpmn' ? ctx.job.elementId : null;
      const outcome = elementId ? hooks.takeOutcome(elementId) : undefined;
      try {
        announce(ctx, hooks);
        if (outcome?.result === 'fail') throw new JobFailure(outcome.message ?? 'the job failed (scripted)', true);
        if (outcome?.result === 'error') {
          return {
            kind: 'error',
            errorCode: outcome.errorCode!,
            ...(outcome.message !== undefined ? { message: outcome.message } : {}),
            ...(outcome.variables ? { variables: outcome.variables as Variables } : {}),
          };
        }
        const result = await inner.run(ctx);
        if (outcome?.variables && result.kind === 'complete') {
          return { kind: 'complete', variables: { ...(result.variables ?? {}), ...(outcome.variables as Record<string, Json>) } };
        }
        return result;
      } catch (err) {
        if (elementId) {
          const failure = toJobFailure(err);
          hooks.emit({
            type: 'job.failed',
            task: elementId,
            retriesLeft: failure.retryable ? Math.max(0, ctx.job.retries - 1) : 0,
            message: failure.code ? `${failure.code}: ${failure.message}` : failure.message,
          });
        }
        throw err;
      } finally {
        await hooks.afterAttempt(ctx);
      }
    },
  };
}
