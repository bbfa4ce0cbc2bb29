import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { openHarness, PASSWORD, type Harness } from './support/api-harness.ts';

const RU = { 'accept-language': 'ru' };
/** Russian, and no run of English words (the UI shows these as they come). */
const russian = (text: unknown) => {
  expect(typeof text).toBe('string');
  expect(text).toMatch(/[А-Яа-яЁё]/);
  expect(text).not.toMatch(/[A-Za-z]{2,}\s+[A-Za-z]{2,}/);
};

for (const target of testDatabases()) {
  describe(`error messages in the caller's language on ${target.name}`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await openHarness(target);
    });
    afterAll(async () => h?.close());

    it('given a locked login, when a Russian reader tries again, then the refusal is in Russian; without Accept-Language it stays English', async () => {
      await h.user('sales_rep', 'petr');
      for (let i = 0; i < 5; i++) {
        const r = await h.request('POST', '/api/session', { body: { login: 'petr', password: 'wrong' }, csrf: '1', headers: RU });
        expect(r.status).toBe(401);
        expect(r.body).toMatchObject({ code: 'unauthenticated', message: 'Неверный логин или пароль' });
      }
      const ru = await h.request('POST', '/api/session', { body: { login: 'petr', password: PASSWORD }, csrf: '1', headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' } });
      expect(ru.status).toBe(429);
      expect(ru.body.code).toBe('locked');
      russian(ru.body.message);
      const en = await h.request('POST', '/api/session', { body: { login: 'petr', password: PASSWORD }, csrf: '1' });
      expect(en.body).toEqual({ code: 'locked', message: 'Too many failed attempts; try again later' });
      const english = await h.request('POST', '/api/session', { body: { login: 'petr', password: PASSWORD }, csrf: '1', headers: { 'accept-language': 'en' } });
      expect(english.body.message).toBe('Too many failed attempts; try again later');
    });

    it("given a template with a misspelt placeholder, when a Russian admin previews it, then the problem is Russian; without Accept-Language it stays English", async () => {
      const adm = await h.as(await h.user('admin'));
      const body = { template: { subject: 'Здравствуйте, {{client.nmae}}', text: 'Текст' } };
      const ru = await h.request('POST', '/api/admin/templates/presentation/preview', { cookie: adm.cookie, csrf: adm.csrf, headers: RU, body });
      expect(ru.status).toBe(200);
      const subject = (res: any) => res.body.problems.find((p: any) => p.field === 'subject')?.message;
      expect(subject(ru)).toMatch(/^неизвестная подстановка \{\{client\.nmae\}\}/);
      for (const p of ru.body.problems) russian(p.message.replace(/\{\{[^}]*\}\}/g, '').replace(/можно: .*/, ''));
      const en = await h.request('POST', '/api/admin/templates/presentation/preview', { cookie: adm.cookie, csrf: adm.csrf, body });
      expect(subject(en)).toMatch(/^unknown placeholder \{\{client\.nmae\}\} in subject/);
    });

    it('given a new deal with a bad phone and no contact, when a Russian reader creates it, then the message and every field message are Russian', async () => {
      const man = await h.as(await h.user('manager'));
      const res = await h.request('POST', '/api/deals', { cookie: man.cookie, csrf: man.csrf, headers: RU, body: { title: 'Пивной дом', contactName: '', phone: 'abc', email: 'not-an-email' } });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('validation');
      russian(res.body.message);
      const byField = Object.fromEntries(res.body.fields.map((f: any) => [f.field, f.message]));
      expect(byField).toMatchObject({ phone: 'Неверный номер телефона', contactName: 'Контактное лицо: обязательное поле' });
      for (const f of res.body.fields) russian(f.message);
    });

    it('given a wrong setup token, a request the schema refuses and an unknown path, when a Russian reader asks, then each answer is Russian', async () => {
      const setup = await h.request('POST', '/api/setup', { body: { token: 'nope', login: 'boss', name: 'Boss', password: PASSWORD }, csrf: '1', headers: RU });
      expect(setup.status).toBeGreaterThanOrEqual(400);
      russian(setup.body.message);
      const schema = await h.request('POST', '/api/session', { body: { login: 42 }, csrf: '1', headers: RU });
      expect(schema.status).toBe(400);
      russian(schema.body.message);
      for (const f of schema.body.fields ?? []) russian(f.message);
      const anonymous = await h.request('GET', '/api/deals', { headers: RU });
      expect(anonymous.body).toEqual({ code: 'unauthenticated', message: 'Войдите в систему' });
      const man = await h.as(await h.user('manager'));
      const missing = await h.request('GET', '/api/no-such-thing', { headers: RU, cookie: man.cookie });
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({ code: 'not_found', message: 'Не найдено' });
    });
  });
}
