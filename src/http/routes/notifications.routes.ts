import { Type } from 'typebox';
import { actorOf } from '../auth.plugin.ts';
import type { ApiContext, App } from '../context.ts';
import { notificationDto } from '../dto.ts';
import { commonErrors, page, PageQuery } from '../schemas.ts';

export function notificationRoutes(app: App, { crm, zone }: ApiContext): void {
  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'My notifications, newest first',
        querystring: Type.Object({ unread: Type.Optional(Type.Boolean()), ...PageQuery }),
        response: { 200: page(Type.Ref('Notification')), ...commonErrors() },
      },
    },
    async (request) => {
      const offset = request.query.offset ?? 0;
      const limit = request.query.limit ?? 50;
      const r = await crm.notifications.list(actorOf(request), { unreadOnly: !!request.query.unread, offset, limit });
      return { items: r.items.map((n) => notificationDto(n, zone)), total: r.total, offset, limit };
    },
  );

  app.get(
    '/api/notifications/unread-count',
    { schema: { tags: ['notifications'], summary: 'How many of my notifications are unread', response: { 200: Type.Object({ count: Type.Integer() }), ...commonErrors() } } },
    async (request) => ({ count: await crm.notifications.unreadCount(actorOf(request)) }),
  );

  app.post(
    '/api/notifications/read',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Mark notifications as read: the given ids, or all with {"all": true}',
        body: Type.Object({ ids: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500 })), all: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ marked: Type.Integer() }), ...commonErrors() },
      },
    },
    async (request) => ({ marked: await crm.notifications.markRead(actorOf(request), request.body.all ? 'all' : (request.body.ids ?? [])) }),
  );
}
