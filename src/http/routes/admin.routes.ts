import { Type } from 'typebox';
import { ServiceError, forbidden } from '../../crm/service-error.ts';
import type { ProcessAdminPort } from '../../crm/process/process-admin.port.ts';
import { toIso } from '../../crm/time-format.ts';
import { actorOf } from '../auth.plugin.ts';
import type { ApiContext, App } from '../context.ts';
import { commonErrors, Nullable, Ok, page, PageQuery } from '../schemas.ts';
import type { FastifyRequest } from 'fastify';

const ModelSchema = Type.Object({
  definitionKey: Type.String(),
  processId: Type.String(),
  version: Type.Integer(),
  name: Nullable(Type.String()),
  deployedAt: Type.String(),
  deployedBy: Nullable(Type.String()),
  isDefault: Type.Boolean(),
});

export function adminRoutes(app: App, ctx: ApiContext): void {
  const { zone } = ctx;
  const adminOnly = (request: FastifyRequest): string => {
    const actor = actorOf(request);
    if (actor.role !== 'admin') throw forbidden();
    return actor.login;
  };
  const port = (): ProcessAdminPort => {
    if (!ctx.admin) throw new ServiceError('unavailable', 'The process runtime is not available');
    return ctx.admin;
  };
  const modelDto = (m: Awaited<ReturnType<ProcessAdminPort['listModels']>>[number]) => ({ ...m, deployedAt: toIso(m.deployedAt, zone)! });

  app.get(
    '/api/admin/models',
    { schema: { tags: ['admin'], summary: 'Deployed process models, every version', response: { 200: Type.Object({ items: Type.Array(ModelSchema) }), ...commonErrors(503) } } },
    async (request) => {
      adminOnly(request);
      return { items: (await port().listModels()).map(modelDto) };
    },
  );

  app.get(
    '/api/admin/models/:definitionKey/xml',
    {
      schema: { tags: ['admin'], summary: "A deployed model's BPMN XML", params: Type.Object({ definitionKey: Type.String({ maxLength: 200 }) }), response: { 200: Type.Object({ xml: Type.String() }), ...commonErrors(503) } },
    },
    async (request) => {
      adminOnly(request);
      const xml = await port().modelXml(request.params.definitionKey);
      if (xml === null) throw new ServiceError('not_found', 'Model not found');
      return { xml };
    },
  );

  app.post(
    '/api/admin/models',
    {
      schema: {
        tags: ['admin'],
        summary: 'Deploy a BPMN model (XML in the body); every problem is listed with the element',
        body: Type.Object({ xml: Type.String({ minLength: 1, maxLength: 5_000_000 }) }),
        response: {
          201: Type.Object({ items: Type.Array(ModelSchema) }),
          422: Type.Object({ code: Type.String(), message: Type.String(), fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))), problems: Type.Array(Type.Object({ code: Type.String(), elementId: Nullable(Type.String()), message: Type.String(), line: Type.Optional(Type.Integer()) })) }),
          ...commonErrors(503),
        },
      },
    },
    async (request, reply) => {
      const login = adminOnly(request);
      const result = await port().deploy(request.body.xml, login);
      if (!result.ok) return reply.status(422).send({ code: 'validation', message: 'The model cannot be deployed', problems: result.problems.map((p) => ({ ...p, elementId: p.elementId ?? null })) });
      return reply.status(201).send({ items: result.deployed.map(modelDto) });
    },
  );

  app.get(
    '/api/admin/incidents',
    {
      schema: {
        tags: ['admin'],
        summary: 'Open incidents',
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), instanceId: Type.String(), businessKey: Nullable(Type.String()), elementId: Type.String(), type: Type.String(), message: Type.String(), createdAt: Type.String() })) }),
          ...commonErrors(503),
        },
      },
    },
    async (request) => {
      adminOnly(request);
      return { items: (await port().listIncidents()).map((i) => ({ ...i, createdAt: toIso(i.createdAt, zone)! })) };
    },
  );

  app.post(
    '/api/admin/incidents/:id/retry',
    { schema: { tags: ['admin'], summary: 'Retry an incident (the job runs again)', params: Type.Object({ id: Type.String({ maxLength: 200 }) }), response: { 200: Ok, ...commonErrors(503) } } },
    async (request) => {
      const login = adminOnly(request);
      if (!(await port().retryIncident(request.params.id, login))) throw new ServiceError('not_found', 'Incident not found');
      return { ok: true };
    },
  );

  app.get(
    '/api/admin/models/:definitionKey/instances',
    {
      schema: {
        tags: ['admin'],
        summary: 'Running instances of a model, optionally only those waiting at an element',
        params: Type.Object({ definitionKey: Type.String({ maxLength: 200 }) }),
        querystring: Type.Object({ elementId: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery }),
        response: { 200: page(Type.Object({ instanceId: Type.String(), businessKey: Nullable(Type.String()), elementIds: Type.Array(Type.String()), startedAt: Type.String() })), ...commonErrors(503) },
      },
    },
    async (request) => {
      adminOnly(request);
      const offset = request.query.offset ?? 0;
      const limit = request.query.limit ?? 50;
      const r = await port().instancesAt(request.params.definitionKey, request.query.elementId ?? null, { offset, limit });
      return { items: r.items.map((i) => ({ ...i, startedAt: toIso(i.startedAt, zone)! })), total: r.total, offset, limit };
    },
  );

  app.get(
    '/api/admin/banned-inns',
    {
      schema: {
        tags: ['admin'],
        summary: 'ИНН under a ban (legal review) — admin, lawyer, director',
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ inn: Type.String(), dealId: Nullable(Type.String()), comment: Nullable(Type.String()), createdBy: Nullable(Type.String()), createdAt: Type.String() })) }), ...commonErrors() },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (!['admin', 'lawyer', 'director'].includes(actor.role)) throw forbidden();
      const rows = await ctx.crm.database.db.selectFrom('banned_inns').selectAll().orderBy('created_at', 'desc').execute();
      return { items: rows.map((r: any) => ({ inn: r.inn, dealId: r.deal_id ?? null, comment: r.comment ?? null, createdBy: r.created_by ?? null, createdAt: toIso(Number(r.created_at), zone)! })) };
    },
  );
}
