import { Type } from 'typebox';
import { actorOf } from '../auth.plugin.ts';
import type { ApiContext, App } from '../context.ts';
import { dealDto } from '../dto.ts';
import { commonErrors, IdParams } from '../schemas.ts';

/** Changing a deal's sales rep (manager): the process, the rep's open tasks and the deal move together. */
export function dealSalesRepRoutes(app: App, { crm, zone }: ApiContext): void {
  app.post(
    '/api/deals/:id/sales-rep',
    {
      schema: {
        tags: ['deals'],
        summary: "Change the deal's sales rep (manager): later rep tasks and the old rep's open tasks go to the new rep",
        params: IdParams,
        body: Type.Object({ salesRep: Type.String({ maxLength: 40 }) }, { additionalProperties: false }),
        response: { 200: Type.Ref('Deal'), ...commonErrors(409, 422) },
      },
    },
    async (request) => dealDto(await crm.salesReps.change(actorOf(request), request.params.id, request.body.salesRep), zone),
  );
}
