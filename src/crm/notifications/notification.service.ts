import type { Clock } from '../clock.ts';
import type { Actor } from '../roles.ts';
import type { NotificationRepository } from './notification.repository.ts';

/** Each person sees only their own notifications. */
export class NotificationService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly clock: Clock,
  ) {}

  list(actor: Actor, q: { unreadOnly: boolean; offset: number; limit: number }) {
    return this.notifications.list(actor.login, q);
  }

  unreadCount(actor: Actor): Promise<number> {
    return this.notifications.unreadCount(actor.login);
  }

  markRead(actor: Actor, ids: readonly string[] | 'all'): Promise<number> {
    return this.notifications.markRead(actor.login, ids, this.clock.now());
  }
}
