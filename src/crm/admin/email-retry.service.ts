/**
 * The admin's "retry" of a notification e-mail that failed for good (an outbox
 * `email.send` job): it is made ready again with fresh attempts (`retryFailedJob`) and the
 * workers send it at once. A process's e-mail (a send task) is retried by resolving its
 * deal's incident instead.
 */
import type { Kysely } from 'kysely';
import { retryFailedJob } from '../../runtime/jobs/index.ts';
import type { Clock } from '../clock.ts';
import type { Actor } from '../roles.ts';
import { conflict, forbidden, notFound } from '../service-error.ts';

export class EmailRetryService {
  constructor(
    private readonly db: Kysely<any>,
    private readonly clock: Clock,
  ) {}

  async retry(actor: Actor, id: string): Promise<{ id: string; status: 'ready' }> {
    if (actor.role !== 'admin') throw forbidden();
    const row = await this.db.selectFrom('jobs').select(['id', 'type', 'status']).where('id', '=', id).executeTakeFirst();
    if (!row || row.type !== 'email.send') throw notFound(`E-mail ${id} does not exist`);
    const r = await retryFailedJob(this.db, id, { now: this.clock.now() });
    if (r.ok) return { id, status: 'ready' };
    if (r.code === 'JOB_NOT_FOUND') throw notFound(`E-mail ${id} does not exist`);
    if (r.code === 'JOB_NOT_FAILED') throw conflict(`E-mail ${id} is ${row.status}, not failed: only a failed e-mail can be retried`);
    throw conflict(`E-mail ${id} was sent by a deal's process: retry it by resolving the deal's incident`);
  }
}
