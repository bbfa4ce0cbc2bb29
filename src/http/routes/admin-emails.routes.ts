/** The admin's retry of a notification e-mail that failed for good. */
import { Type } from 'typebox';
import { EmailRetryService } from '../../crm/admin/email-retry.service.ts';
import { actorOf } from '../auth.plugin.ts';
import type { ApiContext, App } from '../context.ts';
import { commonErrors, IdParams } from '../schemas.ts';

export function adminEmailRoutes(app: App, ctx: ApiContext): void {
  const service = new EmailRetryService(ctx.crm.database.db, ctx.crm.clock);
  app.post(
    '/api/admin/emails/:id/retry',
    {
      schema: {
        tags: ['admin'],
        summary: 'Send a failed notification e-mail again (fresh attempts, at once); 409 when it is not failed or belongs to a deal\'s process (resolve its incident)',
        params: IdParams,
        response: { 200: Type.Object({ id: Type.String(), status: Type.Literal('ready') }), ...commonErrors(409) },
      },
    },
    async (request) => service.retry(actorOf(request), request.params.id),
  );
}
