import { Type } from 'typebox';
import { actorOf } from '../auth.plugin.ts';
import type { ApiContext, App } from '../context.ts';
import { commonErrors, IdParams, IsoTime, Nullable } from '../schemas.ts';

/** The document tasks' live check of a typed ИНН against the banned list (spec block 6). */
export function taskInnCheckRoutes(app: App, { crm }: ApiContext): void {
  app.get(
    '/api/tasks/:id/inn-check',
    {
      schema: {
        tags: ['tasks'],
        summary: "Is this ИНН on the banned list? For the task's ИНН field while it is being filled (open task with an ИНН field; a complete, valid ИНН)",
        params: IdParams,
        querystring: Type.Object({ inn: Type.String({ maxLength: 20 }) }),
        response: {
          200: Type.Object({
            inn: Type.String(),
            field: Type.String({ description: "The form's ИНН field, e.g. requisites.inn" }),
            banned: Type.Boolean(),
            warning: Nullable(
              Type.Object({
                code: Type.Literal('banned_inn'),
                message: Type.String(),
                bannedAt: IsoTime,
                comment: Nullable(Type.String()),
                dealNumber: Nullable(Type.Integer({ description: 'The banned deal’s №' })),
              }),
            ),
          }),
          ...commonErrors(409),
        },
      },
    },
    async (request) => crm.tasks.checkInn(actorOf(request), request.params.id, request.query.inn),
  );
}
