import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { openHarness, PASSWORD, type Harness } from './support/api-harness.ts';

for (const target of testDatabases()) {
  describe(`health, setup and sessions on ${target.name}`, () => {
    let h: Harness;
    let shared: Harness;
    let fresh: Harness | undefined;
    beforeAll(async () => {
      shared = await openHarness(target, { deploy: false });
    });
    afterAll(async () => shared?.close());
    afterEach(async () => {
      await fresh?.close();
      fresh = undefined;
    });
    /** A harness of its own, for tests that need an empty or broken database. */
    const own = async () => (fresh = await openHarness(target, { deploy: false }));

    it('given a running server, when /health is asked, then it answers ok with a request id', async () => {
      h = shared;
      const res = await h.request('GET', '/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
      expect(res.headers['x-request-id']).toBeTruthy();
    });

    it('given the database is gone, when /health is asked, then it answers 503', async () => {
      h = await openHarness(target, { deploy: false });
      await h.potok.crm.database.close();
      const res = await h.request('GET', '/health');
      expect(res.status).toBe(503);
      await h.potok.app.close();
    });

    it('given a fresh install, when setup is called with the printed token, then the admin exists once and a second setup is refused', async () => {
      h = await own();
      const token = (await h.potok.crm.setup.issueToken())!;
      expect((await h.request('GET', '/api/session')).body).toMatchObject({ authenticated: false, setupNeeded: true, demo: false });
      const wrong = await h.request('POST', '/api/setup', { body: { token: 'nope', login: 'boss', name: 'Boss', password: PASSWORD }, csrf: '1' });
      expect(wrong.status).toBe(403);
      const ok = await h.request('POST', '/api/setup', { body: { token, login: 'boss', name: 'Boss', password: PASSWORD }, csrf: '1' });
      expect(ok.status).toBe(201);
      expect(ok.body.user).toMatchObject({ login: 'boss', role: 'admin' });
      expect(ok.headers['set-cookie']).toMatch(/potok_session=.*HttpOnly.*SameSite=Lax/i);
      const again = await h.request('POST', '/api/setup', { body: { token, login: 'boss2', name: 'Boss', password: PASSWORD }, csrf: '1' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('conflict');
    });

    it('given a user, when logging in with the right password, then a session cookie and a CSRF token come back and the session shows the user', async () => {
      h = shared;
      await h.user('manager', 'maria');
      const res = await h.request('POST', '/api/session', { body: { login: 'maria', password: PASSWORD }, csrf: '1' });
      expect(res.status).toBe(200);
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      const me = await h.request('GET', '/api/session', { cookie });
      expect(me.body).toMatchObject({ authenticated: true, user: { login: 'maria', role: 'manager' }, csrfToken: res.body.csrfToken });
      expect(JSON.stringify(me.body)).not.toMatch(/argon2|password_hash|passwordHash/);
      const out = await h.request('DELETE', '/api/session', { cookie, csrf: res.body.csrfToken });
      expect(out.status).toBe(200);
      expect((await h.request('GET', '/api/deals', { cookie })).status).toBe(401);
    });

    it('given a login request without the CSRF header, when sent, then it is refused', async () => {
      h = shared;
      const res = await h.request('POST', '/api/session', { body: { login: 'maria', password: PASSWORD } });
      expect(res.status).toBe(403);
    });

    it('given a session, when a state-changing request carries a wrong CSRF token, then it is refused with 403', async () => {
      h = shared;
      const me = await h.as('maria');
      const res = await h.request('POST', '/api/deals', { cookie: me.cookie, csrf: 'forged', body: { title: 'x', contactName: 'y', phone: '+7 900 000-00-00', email: 'a@b.ru' } });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'forbidden' });
    });

    it('given five wrong passwords, when the right one follows, then the login is locked for 15 minutes', async () => {
      h = shared;
      await h.user('sales_rep', 'ivan');
      for (let i = 0; i < 5; i++) {
        const r = await h.request('POST', '/api/session', { body: { login: 'ivan', password: 'wrong' }, csrf: '1' });
        expect(r.status).toBe(401);
        expect(r.body.message).toBe('Wrong login or password');
      }
      expect((await h.request('POST', '/api/session', { body: { login: 'ivan', password: PASSWORD }, csrf: '1' })).status).toBe(429);
      h.clock.set(h.clock.now() + 15 * 60_000 + 1);
      expect((await h.request('POST', '/api/session', { body: { login: 'ivan', password: PASSWORD }, csrf: '1' })).status).toBe(200);
    });

    it('given an unknown login, when logging in, then the answer is the same as for a wrong password', async () => {
      h = shared;
      const r = await h.request('POST', '/api/session', { body: { login: 'ghost', password: 'whatever1' }, csrf: '1' });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ code: 'unauthenticated', message: 'Wrong login or password' });
    });

    it('given a logged-in user, when changing the password with the wrong current one, then 422 names the field; with the right one, the new password works', async () => {
      h = shared;
      const me = await h.as(await h.user('lawyer', 'lena'));
      const bad = await me.post('/api/session/password', { currentPassword: 'nope', newPassword: 'new password 2' });
      expect(bad.status).toBe(422);
      expect(bad.body.fields).toEqual([{ field: 'currentPassword', message: 'Current password is wrong' }]);
      const ok = await me.post('/api/session/password', { currentPassword: PASSWORD, newPassword: 'new password 2' });
      expect(ok.status).toBe(200);
      expect((await h.request('POST', '/api/session', { body: { login: 'lena', password: 'new password 2' }, csrf: '1' })).status).toBe(200);
    });

    it('given the OpenAPI document, when fetched, then every API route is described with a response schema', async () => {
      h = shared;
      const res = await h.request('GET', '/api/openapi.json');
      expect(res.status).toBe(200);
      const paths = res.body.paths as Record<string, Record<string, any>>;
      expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/deals', '/api/tasks/mine', '/api/deals/{id}/files', '/health']));
      for (const [p, ops] of Object.entries(paths)) for (const [m, op] of Object.entries(ops)) expect(op.responses, `${m} ${p}`).toBeTruthy();
      expect((await h.request('GET', '/api/docs/')).status).toBe(200);
    });
  });
}
