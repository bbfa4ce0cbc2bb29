/**
 * The operator's "retry" for a job that failed for good. An outbox job is made ready
 * again with fresh attempts. A BPMN job failed into an incident of its instance: it is
 * retried by resolving that incident (`resolveIncident` through the executor), which
 * re-creates the job in the instance's transaction — never by touching the row behind
 * the instance's back.
 */
import type { Kysely } from 'kysely';
import { DEFAULT_JOB_RETRIES, findJob, retryJob } from '../../store/job.repository.ts';

export type RetryJobResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: 'JOB_NOT_FOUND' | 'JOB_NOT_FAILED' | 'RESOLVE_INCIDENT'; readonly message: string };

export async function retryFailedJob(db: Kysely<any>, jobId: string, input: { readonly now: number; readonly retries?: number }): Promise<RetryJobResult> {
  return db.transaction().execute(async (trx) => {
    const job = await findJob(trx, jobId);
    if (!job) return { ok: false, code: 'JOB_NOT_FOUND', message: `job ${jobId} does not exist` };
    if (job.status !== 'failed') return { ok: false, code: 'JOB_NOT_FAILED', message: `job ${jobId} is ${job.status}, not failed` };
    if (job.kind === 'bpmn') {
      return {
        ok: false,
        code: 'RESOLVE_INCIDENT',
        message: `job ${jobId} belongs to instance ${job.instanceId}: resolve its incident on element ${job.elementId} to retry it`,
      };
    }
    await retryJob(trx, jobId, { retries: input.retries ?? DEFAULT_JOB_RETRIES, now: input.now });
    return { ok: true };
  });
}
