import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NotificationKind } from '../users/user.types.ts';

export interface Notification {
  readonly id: string;
  readonly login: string;
  readonly kind: NotificationKind;
  readonly title: string;
  readonly body: string | null;
  readonly dealId: string | null;
  readonly taskId: string | null;
  readonly createdAt: number;
  readonly readAt: number | null;
}

const toNotification = (r: any): Notification => ({
  id: r.id,
  login: r.login,
  kind: r.kind,
  title: r.title,
  body: r.body ?? null,
  dealId: r.deal_id ?? null,
  taskId: r.task_id ?? null,
  createdAt: Number(r.created_at),
  readAt: r.read_at === null || r.read_at === undefined ? null : Number(r.read_at),
});

export class NotificationRepository {
  constructor(private readonly db: Kysely<any>) {}

  /** Adds a notification; with a dedupe key, a second one with the same key is dropped (returns null). */
  async add(n: Omit<Notification, 'id' | 'readAt'>, db: Kysely<any> = this.db, dedupeKey: string | null = null): Promise<string | null> {
    const id = randomUUID();
    await db
      .insertInto('notifications')
      .values({ id, login: n.login, kind: n.kind, title: n.title, body: n.body, deal_id: n.dealId, task_id: n.taskId, created_at: n.createdAt, read_at: null, dedupe_key: dedupeKey })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute();
    if (!dedupeKey) return id;
    const row = await db.selectFrom('notifications').select('id').where('dedupe_key', '=', dedupeKey).executeTakeFirst();
    return row?.id === id ? id : null;
  }

  async list(login: string, opts: { unreadOnly: boolean; offset: number; limit: number }): Promise<{ items: Notification[]; total: number }> {
    let q = this.db.selectFrom('notifications').where('login', '=', login);
    if (opts.unreadOnly) q = q.where('read_at', 'is', null);
    const [rows, total] = await Promise.all([
      q.selectAll().orderBy('created_at', 'desc').orderBy('id').offset(opts.offset).limit(opts.limit).execute(),
      q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: rows.map(toNotification), total: Number(total.n) };
  }

  async unreadCount(login: string): Promise<number> {
    const r = await this.db.selectFrom('notifications').select((eb) => eb.fn.countAll().as('n')).where('login', '=', login).where('read_at', 'is', null).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async markRead(login: string, ids: readonly string[] | 'all', now: number): Promise<number> {
    let q = this.db.updateTable('notifications').set({ read_at: now }).where('login', '=', login).where('read_at', 'is', null);
    if (ids !== 'all') {
      if (ids.length === 0) return 0;
      q = q.where('id', 'in', [...ids]);
    }
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  }
}
