/**
 * Creates in-app notifications and, per the person's choice (always for escalations),
 * an e-mail through the outbox in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { UserRepository } from '../users/user.repository.ts';
import type { NotificationKind } from '../users/user.types.ts';
import type { NotificationRepository } from './notification.repository.ts';

export interface MailOutboxPort {
  /** Queues one notification e-mail in the caller's transaction (idempotent by key). */
  enqueue(trx: Kysely<any>, mail: { to: string; subject: string; text: string; idempotencyKey: string }): Promise<void>;
}

export const noMailOutbox: MailOutboxPort = { enqueue: async () => {} };

export interface NotifyInput {
  readonly login: string;
  readonly kind: NotificationKind;
  readonly title: string;
  readonly body?: string | null;
  readonly dealId?: string | null;
  readonly taskId?: string | null;
  /** Also by e-mail whatever the person chose (the first-call escalation). */
  readonly alwaysEmail?: boolean;
  /** In the app only, never by e-mail (a notice that e-mail itself failed). */
  readonly noEmail?: boolean;
  /** A retried job passes the same key: the person is notified once. */
  readonly dedupeKey?: string;
}

export class Notifier {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly users: UserRepository,
    private readonly outbox: MailOutboxPort,
  ) {}

  async notify(trx: Kysely<any>, n: NotifyInput, now: number): Promise<void> {
    const user = await this.users.find(n.login, trx);
    if (!user || !user.active) return;
    const id = await this.notifications.add(
      { login: n.login, kind: n.kind, title: n.title, body: n.body ?? null, dealId: n.dealId ?? null, taskId: n.taskId ?? null, createdAt: now },
      trx,
      n.dedupeKey ?? null,
    );
    if (!id) return;
    if (user.email && !n.noEmail && (n.alwaysEmail || n.kind === 'escalation' || user.emailKinds.includes(n.kind))) {
      await this.outbox.enqueue(trx, { to: user.email, subject: n.title, text: n.body ?? n.title, idempotencyKey: `notification:${id}` });
    }
  }
}
