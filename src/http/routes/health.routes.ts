import { sql } from 'kysely';
import { Type } from 'typebox';
import type { ApiContext, App } from '../context.ts';

export function healthRoutes(app: App, ctx: ApiContext): void {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database check',
        response: { 200: Type.Object({ status: Type.Literal('ok') }), 503: Type.Object({ status: Type.Literal('unavailable'), message: Type.String() }) },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(ctx.crm.database.db);
        return { status: 'ok' as const };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, message: 'The database does not answer' });
      }
    },
  );
}
