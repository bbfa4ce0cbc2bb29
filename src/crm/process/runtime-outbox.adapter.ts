/** Notification e-mails through the runtime's outbox (job type `email.send`), in the caller's transaction. */
import { enqueueOutbox } from '../../store/job.repository.ts';
import type { Clock } from '../clock.ts';
import type { MailOutboxPort } from '../notifications/notifier.ts';

export function createRuntimeMailOutbox(clock: Clock): MailOutboxPort {
  return {
    async enqueue(trx, mail) {
      await enqueueOutbox(trx, { type: 'email.send', payload: { to: mail.to, subject: mail.subject, text: mail.text }, idempotencyKey: mail.idempotencyKey, now: clock.now() });
    },
  };
}
