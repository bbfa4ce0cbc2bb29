import { Type } from 'typebox';
import { ServiceError } from '../../crm/service-error.ts';
import { actorOf, clearSessionCookie, setSessionCookie, SESSION_COOKIE } from '../auth.plugin.ts';
import type { ApiContext, App } from '../context.ts';
import { commonErrors, errors, Ok } from '../schemas.ts';

const SessionBody = Type.Object({
  authenticated: Type.Boolean(),
  demo: Type.Boolean(),
  setupNeeded: Type.Boolean(),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
  user: Type.Union([Type.Ref('User'), Type.Null()]),
});

export function sessionRoutes(app: App, ctx: ApiContext): void {
  const { crm } = ctx;

  app.get(
    '/api/session',
    { config: { public: true }, schema: { tags: ['session'], summary: 'Who is logged in; demo mode; whether setup is needed', response: { 200: SessionBody } } },
    async (request) => ({
      authenticated: !!request.actor,
      demo: ctx.demo,
      setupNeeded: request.actor ? false : await crm.setup.needed(),
      csrfToken: request.csrfToken,
      user: request.currentUser,
    }),
  );

  app.post(
    '/api/session',
    {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['session'],
        summary: 'Log in (5 failures for a login from one address lock it for 15 minutes)',
        body: Type.Object({ login: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 1000 }) }),
        response: { 200: SessionBody, ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const session = await crm.auth.login(request.body.login.trim().toLowerCase(), request.body.password, request.ip);
      setSessionCookie(reply, session.token, session.expiresAt, ctx.secureCookies);
      return { authenticated: true, demo: ctx.demo, setupNeeded: false, csrfToken: session.csrfToken, user: session.user };
    },
  );

  app.delete(
    '/api/session',
    { config: { public: true }, schema: { tags: ['session'], summary: 'Log out', response: { 200: Ok, ...errors(403) } } },
    async (request, reply) => {
      await crm.auth.logout(request.cookies?.[SESSION_COOKIE]);
      clearSessionCookie(reply);
      return { ok: true };
    },
  );

  app.post(
    '/api/session/password',
    {
      schema: {
        tags: ['session'],
        summary: 'Change my password (other sessions end)',
        body: Type.Object({ currentPassword: Type.String({ maxLength: 1000 }), newPassword: Type.String({ maxLength: 1000 }) }),
        response: { 200: Ok, ...commonErrors(422) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await crm.users.setPassword(actor, actor.login, request.body);
      await crm.auth.endOtherSessions(actor.login, request.cookies?.[SESSION_COOKIE]);
      return { ok: true };
    },
  );

  app.post(
    '/api/setup',
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['session'],
        summary: 'First start: create the admin with the one-time token printed in the server log',
        body: Type.Object({
          token: Type.String({ minLength: 1, maxLength: 200 }),
          login: Type.String({ minLength: 1, maxLength: 40 }),
          name: Type.String({ minLength: 1, maxLength: 200 }),
          password: Type.String({ minLength: 1, maxLength: 1000 }),
          email: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
        }),
        response: { 201: SessionBody, ...errors(400, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const { token, ...input } = request.body;
      if (!(await crm.setup.needed())) throw new ServiceError('conflict', 'Potok is already set up');
      const user = await crm.setup.createAdmin(token, input);
      const session = await crm.auth.openSession(user.login);
      setSessionCookie(reply, session.token, session.expiresAt, ctx.secureCookies);
      return reply.status(201).send({ authenticated: true, demo: ctx.demo, setupNeeded: false, csrfToken: session.csrfToken, user });
    },
  );
}
