import { Type } from 'typebox';
import { fromIso } from '../../crm/time-format.ts';
import { invalid } from '../../crm/service-error.ts';
import { actorOf } from '../auth.plugin.ts';
import type { ApiContext, App } from '../context.ts';
import { dealDto, taskDto } from '../dto.ts';
import { commonErrors, IdParams, Nullable, Ok, page, PageQuery } from '../schemas.ts';
import { taskInnCheckRoutes } from './task-inn-check.routes.ts';
import { browserFormValues } from '../task-form-values.ts';

export function taskRoutes(app: App, context: ApiContext): void {
  const { crm, zone } = context;
  taskInnCheckRoutes(app, context);
  app.get(
    '/api/tasks/mine',
    { schema: { tags: ['tasks'], summary: 'My open tasks: overdue first, then by due time', querystring: Type.Object(PageQuery), response: { 200: page(Type.Ref('Task')), ...commonErrors() } } },
    async (request) => {
      const offset = request.query.offset ?? 0;
      const limit = request.query.limit ?? 50;
      const r = await crm.tasks.mine(actorOf(request), { offset, limit });
      const now = crm.clock.now();
      return { items: r.items.map((t) => taskDto(t, zone, now)), total: r.total, offset, limit };
    },
  );

  app.get(
    '/api/tasks/group',
    { schema: { tags: ['tasks'], summary: 'Unassigned tasks offered to my role', querystring: Type.Object(PageQuery), response: { 200: page(Type.Ref('Task')), ...commonErrors() } } },
    async (request) => {
      const offset = request.query.offset ?? 0;
      const limit = request.query.limit ?? 50;
      const r = await crm.tasks.ofMyGroups(actorOf(request), { offset, limit });
      const now = crm.clock.now();
      return { items: r.items.map((t) => taskDto(t, zone, now)), total: r.total, offset, limit };
    },
  );

  app.get(
    '/api/tasks/:id',
    {
      schema: {
        tags: ['tasks'],
        summary: 'A task with its form (schema and pre-filled values), the deal and warnings',
        params: IdParams,
        response: {
          200: Type.Object({
            task: Type.Ref('Task'),
            form: Type.Object({ schema: Type.Unknown(), values: Type.Record(Type.String(), Type.Unknown()) }),
            deal: Nullable(Type.Ref('Deal')),
            warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
          }),
          ...commonErrors(),
        },
      },
    },
    async (request) => {
      const r = await crm.tasks.get(actorOf(request), request.params.id);
      return { task: taskDto(r.task, zone, crm.clock.now()), form: { schema: r.form.schema ?? null, values: browserFormValues(r.form.schema, r.form.values) }, deal: r.dealDetails ? dealDto(r.dealDetails, zone) : null, warnings: r.warnings };
    },
  );

  for (const action of ['claim', 'unclaim'] as const) {
    app.post(
      `/api/tasks/:id/${action}`,
      { schema: { tags: ['tasks'], summary: action === 'claim' ? 'Take a group task' : 'Give a claimed task back to its group', params: IdParams, response: { 200: Type.Ref('Task'), ...commonErrors(409) } } },
      async (request) => taskDto(await crm.tasks[action](actorOf(request), request.params.id), zone, crm.clock.now()),
    );
  }

  app.post(
    '/api/tasks/:id/reassign',
    {
      schema: { tags: ['tasks'], summary: 'Give a task to another person (manager)', params: IdParams, body: Type.Object({ assignee: Type.String({ minLength: 1, maxLength: 40 }) }), response: { 200: Type.Ref('Task'), ...commonErrors(409, 422) } },
    },
    async (request) => taskDto(await crm.tasks.reassign(actorOf(request), request.params.id, request.body.assignee), zone, crm.clock.now()),
  );

  app.post(
    '/api/tasks/:id/complete',
    {
      schema: {
        tags: ['tasks'],
        summary: "Complete a task with its form's answers (validated like the form; 422 with a message per field)",
        params: IdParams,
        body: Type.Object({ data: Type.Record(Type.String(), Type.Unknown()) }),
        response: { 200: Ok, ...commonErrors(409, 422) },
      },
    },
    async (request) => {
      await crm.tasks.complete(actorOf(request), request.params.id, request.body.data);
      return { ok: true };
    },
  );

  app.post(
    '/api/tasks/:id/reschedule',
    {
      schema: {
        tags: ['tasks'],
        summary: 'Move a meeting: new planned start and end (due), optional place; the client gets the updated invitation',
        params: IdParams,
        body: Type.Object({ start: Type.String({ maxLength: 40 }), end: Type.String({ maxLength: 40 }), place: Type.Optional(Nullable(Type.String({ maxLength: 500 }))) }),
        response: { 200: Type.Ref('Task'), ...commonErrors(409, 422) },
      },
    },
    async (request) => {
      const start = fromIso(request.body.start, zone);
      const end = fromIso(request.body.end, zone);
      const problems = [];
      if (start === null) problems.push({ field: 'start', message: 'Start must be an ISO date-time' });
      if (end === null) problems.push({ field: 'end', message: 'End must be an ISO date-time' });
      if (problems.length) throw invalid(problems);
      const input = request.body.place === undefined ? { start: start!, end: end! } : { start: start!, end: end!, place: request.body.place };
      return taskDto(await crm.tasks.reschedule(actorOf(request), request.params.id, input), zone, crm.clock.now());
    },
  );
}
