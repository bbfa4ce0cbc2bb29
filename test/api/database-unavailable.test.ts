/**
 * A database that went away mid-request (PostgreSQL restarting, a full SQLite disk) is a
 * 503 "try again" in the API's one error format, not a 500: nothing was written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { installErrorHandler } from '../../src/http/error-handler.ts';

function failing(error: Error & { code?: string }): FastifyInstance {
  const app = Fastify();
  installErrorHandler(app);
  app.get('/x', async () => {
    throw error;
  });
  return app;
}

describe('the API when the database is away', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  for (const [what, error] of [
    ['PostgreSQL refusing connections', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['PostgreSQL shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a connection dropped', new Error('Connection terminated unexpectedly')],
    ['a full SQLite disk', Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })],
  ] as const) {
    it(`given ${what}, when a request fails on it, then the answer is 503 unavailable with Retry-After`, async () => {
      app = failing(error);
      const res = await app.inject({ method: 'GET', url: '/x' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toEqual({ code: 'unavailable', message: expect.stringContaining('Try again') });
    });
  }

  it('given a bug (any other error), when a request fails on it, then it stays a 500 with no details', async () => {
    app = failing(new TypeError("Cannot read properties of undefined (reading 'x')"));
    const res = await app.inject({ method: 'GET', url: '/x' });
    expect(res.statusCode).toBe(500);
    expect(res.json().code).toBe('internal');
    expect(res.body).not.toContain('reading');
  });
});
