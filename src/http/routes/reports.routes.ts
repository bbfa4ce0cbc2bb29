import { Type } from 'typebox';
import { fromIso } from '../../crm/time-format.ts';
import { invalid } from '../../crm/service-error.ts';
import { actorOf } from '../auth.plugin.ts';
import type { ApiContext, App } from '../context.ts';
import { commonErrors, Nullable } from '../schemas.ts';

export function reportRoutes(app: App, { crm, zone }: ApiContext): void {
  app.get(
    '/api/reports/funnel',
    {
      schema: {
        tags: ['reports'],
        summary: "The director's funnel: stages reached, conversion, median time in stage (working days), outcomes, overdue tasks per person",
        querystring: Type.Object({ from: Type.Optional(Type.String({ maxLength: 40 })), to: Type.Optional(Type.String({ maxLength: 40 })), rep: Type.Optional(Type.String({ maxLength: 40 })) }),
        response: {
          200: Type.Object({
            reaching: Type.Array(Type.Object({ stage: Type.String(), deals: Type.Integer() })),
            conversion: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), rate: Nullable(Type.Number()) })),
            timeInStage: Type.Array(Type.Object({ stage: Type.String(), medianWorkingDays: Nullable(Type.Number()), samples: Type.Integer() })),
            outcomes: Type.Object({ won: Type.Integer(), lost: Type.Integer(), lostByReason: Type.Array(Type.Object({ reason: Type.String(), deals: Type.Integer() })) }),
            overdueTasks: Type.Array(Type.Object({ login: Type.String(), name: Type.String(), count: Type.Integer() })),
          }),
          ...commonErrors(422),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const from = q.from ? fromIso(q.from, zone) : undefined;
      const to = q.to ? fromIso(q.to, zone) : undefined;
      const problems = [];
      if (from === null) problems.push({ field: 'from', message: 'from must be an ISO date' });
      if (to === null) problems.push({ field: 'to', message: 'to must be an ISO date' });
      if (from != null && to != null && from > to) problems.push({ field: 'to', message: 'The end of the period is before its start' });
      if (problems.length) throw invalid(problems);
      return crm.reports.funnel(actorOf(request), { ...(from != null ? { from } : {}), ...(to != null ? { to } : {}), ...(q.rep ? { rep: q.rep } : {}) });
    },
  );
}
