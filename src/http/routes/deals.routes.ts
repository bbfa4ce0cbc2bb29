import { Type } from 'typebox';
import { actorOf } from '../auth.plugin.ts';
import { toIso } from '../../crm/time-format.ts';
import type { ApiContext, App } from '../context.ts';
import { dealDto, taskDto, timelineDto } from '../dto.ts';
import { commonErrors, IdParams, Nullable, Ok, page, PageQuery } from '../schemas.ts';
import { dealSalesRepRoutes } from './deal-sales-rep.routes.ts';

const Text = (max: number) => Type.String({ maxLength: max });

export function dealRoutes(app: App, ctx: ApiContext): void {
  const { crm, zone } = ctx;
  dealSalesRepRoutes(app, ctx);
  app.post(
    '/api/deals',
    {
      schema: {
        tags: ['deals'],
        summary: 'Create a deal (manager); starts the franchise process; the creator is the owner',
        body: Type.Object({
          title: Text(300),
          contactName: Text(300),
          phone: Text(300),
          email: Text(300),
          city: Type.Optional(Nullable(Text(300))),
          source: Type.Optional(Nullable(Text(300))),
          comment: Type.Optional(Nullable(Text(5000))),
        }),
        response: { 201: Type.Ref('Deal'), ...commonErrors(422, 503) },
      },
    },
    async (request, reply) => reply.status(201).send(dealDto(await crm.deals.create(actorOf(request), request.body), zone)),
  );

  const ListQuery = {
    stage: Type.Optional(Type.String({ maxLength: 40 })),
    owner: Type.Optional(Type.String({ maxLength: 40 })),
    salesRep: Type.Optional(Type.String({ maxLength: 40 })),
    overdue: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 200 })),
  };

  app.get(
    '/api/deals',
    {
      schema: {
        tags: ['deals'],
        summary: 'Deals visible to me, newest activity first; filters by stage, owner, rep, overdue, text',
        querystring: Type.Object({ ...ListQuery, ...PageQuery }),
        response: { 200: page(Type.Ref('Deal')), ...commonErrors(422) },
      },
    },
    async (request) => {
      const q = request.query;
      const offset = q.offset ?? 0;
      const limit = q.limit ?? 50;
      const r = await crm.deals.list(actorOf(request), { ...q, offset, limit });
      return { items: r.items.map((d) => dealDto(d, zone)), total: r.total, offset, limit };
    },
  );

  app.get(
    '/api/deals/board',
    {
      schema: {
        tags: ['deals'],
        summary: 'Board: deals by stage (count and the most recent of each)',
        querystring: Type.Object({ ...ListQuery, perStage: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 30 })) }),
        response: { 200: Type.Object({ columns: Type.Array(Type.Object({ stage: Type.String(), total: Type.Integer(), deals: Type.Array(Type.Ref('Deal')) })) }), ...commonErrors(422) },
      },
    },
    async (request) => {
      const { stage: _ignored, perStage, ...q } = request.query;
      const columns = await crm.deals.board(actorOf(request), { ...q, perStage: perStage ?? 30 });
      return { columns: columns.map((c) => ({ stage: c.stage, total: c.total, deals: c.deals.map((d) => dealDto(d, zone)) })) };
    },
  );

  app.get(
    '/api/deals/:id',
    { schema: { tags: ['deals'], summary: 'The deal card', params: IdParams, response: { 200: Type.Ref('Deal'), ...commonErrors() } } },
    async (request) => dealDto(await crm.deals.get(actorOf(request), request.params.id), zone),
  );

  app.patch(
    '/api/deals/:id',
    {
      schema: {
        tags: ['deals'],
        summary: "Change a deal's fields (each change goes into its history)",
        params: IdParams,
        body: Type.Object(
          {
            title: Type.Optional(Text(300)),
            contactName: Type.Optional(Text(300)),
            phone: Type.Optional(Text(300)),
            email: Type.Optional(Text(300)),
            city: Type.Optional(Nullable(Text(300))),
            source: Type.Optional(Nullable(Text(300))),
            comment: Type.Optional(Nullable(Text(5000))),
            owner: Type.Optional(Text(40)),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref('Deal'), ...commonErrors(409, 422) },
      },
    },
    async (request) => dealDto(await crm.deals.update(actorOf(request), request.params.id, request.body), zone),
  );

  app.post(
    '/api/deals/:id/cancel',
    {
      schema: {
        tags: ['deals'],
        summary: 'Cancel a running deal with a reason (manager, director): lost / cancelled',
        params: IdParams,
        body: Type.Object({ reason: Text(2000) }),
        response: { 200: Type.Ref('Deal'), ...commonErrors(409, 422) },
      },
    },
    async (request) => dealDto(await crm.deals.cancel(actorOf(request), request.params.id, request.body.reason), zone),
  );

  app.get(
    '/api/deals/:id/timeline',
    {
      schema: {
        tags: ['deals'],
        summary: "The deal's history, newest first",
        params: IdParams,
        querystring: Type.Object(PageQuery),
        response: { 200: page(Type.Ref('TimelineEntry')), ...commonErrors() },
      },
    },
    async (request) => {
      const offset = request.query.offset ?? 0;
      const limit = request.query.limit ?? 50;
      const r = await crm.deals.timelineOf(actorOf(request), request.params.id, { offset, limit });
      return { items: r.items.map((e) => timelineDto(e, zone)), total: r.total, offset, limit };
    },
  );

  app.post(
    '/api/deals/:id/comments',
    {
      schema: { tags: ['deals'], summary: 'Add a comment to the timeline', params: IdParams, body: Type.Object({ text: Text(5000) }), response: { 201: Ok, ...commonErrors(422) } },
    },
    async (request, reply) => {
      await crm.deals.comment(actorOf(request), request.params.id, request.body.text);
      return reply.status(201).send({ ok: true });
    },
  );

  app.get(
    '/api/deals/:id/diagram',
    {
      schema: {
        tags: ['deals'],
        summary: "The deal's process diagram: model XML, active and completed elements, open incidents",
        params: IdParams,
        response: {
          200: Type.Object({
            xml: Type.String(),
            definitionKey: Type.String(),
            status: Type.String(),
            activeElements: Type.Array(Type.String()),
            completedElements: Type.Array(Type.String()),
            incidents: Type.Array(Type.Object({ id: Type.String(), elementId: Type.String(), message: Type.String(), createdAt: Type.String() })),
          }),
          ...commonErrors(),
        },
      },
    },
    async (request) => {
      const d = await crm.deals.diagram(actorOf(request), request.params.id);
      return { ...d, activeElements: [...d.activeElements], completedElements: [...d.completedElements], incidents: d.incidents.map((i) => ({ ...i, createdAt: toIso(i.createdAt, zone)! })) };
    },
  );

  app.get(
    '/api/deals/:id/tasks',
    { schema: { tags: ['deals'], summary: "The deal's tasks, open and closed", params: IdParams, response: { 200: Type.Object({ items: Type.Array(Type.Ref('Task')) }), ...commonErrors() } } },
    async (request) => {
      const now = crm.clock.now();
      return { items: (await crm.deals.tasksOf(actorOf(request), request.params.id)).map((t) => taskDto(t, zone, now)) };
    },
  );
}
