/**
 * Sessions and CSRF at the edge. The session cookie (`potok_session`) is HTTP-only and
 * SameSite=Lax. Every state-changing request (POST, PUT, PATCH, DELETE) must carry the
 * header `x-potok-csrf`: with a session, equal to the session's CSRF token (returned by
 * login and GET /api/session); without one (login, setup), present with any value —
 * a custom header cannot be sent cross-site without a CORS preflight, which Potok never
 * grants.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Crm } from '../crm/crm.ts';
import type { Actor } from '../crm/roles.ts';
import { ServiceError } from '../crm/service-error.ts';
import { sameSecret } from '../crm/auth/auth.service.ts';
import type { User } from '../crm/users/user.types.ts';

export const SESSION_COOKIE = 'potok_session';
export const CSRF_HEADER = 'x-potok-csrf';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    currentUser: User | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session. */
    public?: boolean;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAuth(app: FastifyInstance, crm: Crm): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('currentUser', null);
  app.decorateRequest('csrfToken', null);
  // Before the body's schema is checked: without a session (or CSRF header) the answer is
  // 401/403, never a list of the route's fields.
  app.addHook('preValidation', async (request) => {
    if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs')) return;
    const session = await crm.auth.resolve(request.cookies?.[SESSION_COOKIE]);
    if (session) {
      request.actor = session.actor;
      request.currentUser = session.user;
      request.csrfToken = session.csrfToken;
    }
    const isPublic = request.routeOptions.config?.public === true;
    if (!SAFE.has(request.method)) {
      const header = request.headers[CSRF_HEADER];
      const value = Array.isArray(header) ? header[0] : header;
      if (!value) throw new ServiceError('forbidden', `The ${CSRF_HEADER} header is missing`);
      if (session && !isPublic && !sameSecret(value, session.csrfToken)) throw new ServiceError('forbidden', `The ${CSRF_HEADER} header does not match the session`);
    }
    if (!isPublic && !session) throw new ServiceError('unauthenticated', 'Please log in');
  });
}

/** The actor of an authenticated route (the hook guarantees one). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new ServiceError('unauthenticated', 'Please log in');
  return request.actor;
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: number, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: new Date(expiresAt) });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
