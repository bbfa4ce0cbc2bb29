import { Type } from 'typebox';
import { actorOf } from '../auth.plugin.ts';
import type { ApiContext, App } from '../context.ts';
import { commonErrors, Nullable, Ok, RoleSchema, UserSchema } from '../schemas.ts';

/** A user changed; when just deactivated: the open deals they are still the rep of (a warning). */
const UpdatedUser = Type.Object({
  ...UserSchema.properties,
  openDeals: Type.Optional(Type.Array(Type.Object({ id: Type.String(), number: Type.Integer(), title: Type.String(), stage: Type.String() }))),
});

const LoginParams = Type.Object({ login: Type.String({ minLength: 1, maxLength: 40 }) });

export function userRoutes(app: App, { crm }: ApiContext): void {
  app.get(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Users (admins also see inactive ones)',
        querystring: Type.Object({ role: Type.Optional(RoleSchema), active: Type.Optional(Type.Boolean()) }),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('User')) }), ...commonErrors() },
      },
    },
    async (request) => ({ items: await crm.users.list(actorOf(request), request.query as any) }),
  );

  app.post(
    '/api/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user (admin)',
        body: Type.Object({
          // Checked by the user service, all at once (422 naming every wrong field), not one schema error at a time.
          login: Type.String({ maxLength: 40 }),
          name: Type.String({ maxLength: 200 }),
          role: Type.String({ maxLength: 40, description: 'admin | manager | sales_rep | lawyer | director' }),
          email: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
          phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
          password: Type.Optional(Type.String({ maxLength: 1000 })),
          isGeneralDirector: Type.Optional(Type.Boolean()),
        }),
        response: { 201: Type.Ref('User'), ...commonErrors(422) },
      },
    },
    async (request, reply) => reply.status(201).send(await crm.users.create(actorOf(request), request.body)),
  );

  app.get(
    '/api/users/:login',
    { schema: { tags: ['users'], summary: 'One user', params: LoginParams, response: { 200: Type.Ref('User'), ...commonErrors() } } },
    async (request) => crm.users.get(actorOf(request), request.params.login),
  );

  app.patch(
    '/api/users/:login',
    {
      schema: {
        tags: ['users'],
        summary: 'Change a user (admin; anyone their own name, e-mail, phone and e-mail choices); deactivating a rep answers with the open deals they still hold (`openDeals`)',
        params: LoginParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            email: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            phone: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
            role: Type.Optional(RoleSchema),
            active: Type.Optional(Type.Boolean()),
            isGeneralDirector: Type.Optional(Type.Boolean()),
            emailKinds: Type.Optional(Type.Array(Type.String(), { maxItems: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: UpdatedUser, ...commonErrors(422) },
      },
    },
    async (request) => (await crm.users.updateWithWarnings(actorOf(request), request.params.login, request.body as any)) as any,
  );

  app.post(
    '/api/users/:login/password',
    {
      schema: {
        tags: ['users'],
        summary: "Set a user's password (admin)",
        params: LoginParams,
        body: Type.Object({ newPassword: Type.String({ maxLength: 1000 }) }),
        response: { 200: Ok, ...commonErrors(422) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (actor.login === request.params.login) {
        // One's own password goes through /api/session/password (it asks for the current one).
        await crm.users.setPassword(actor, actor.login, { newPassword: request.body.newPassword });
      } else await crm.users.setPassword(actor, request.params.login, request.body);
      await crm.auth.endOtherSessions(request.params.login);
      return { ok: true };
    },
  );
}
