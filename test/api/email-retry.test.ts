/**
 * A notification e-mail that failed for good (SMTP on a closed port): the admins are told
 * in the app — in Russian, with the technical reason after it, never by e-mail — and an
 * admin retries it (POST /api/admin/emails/{id}/retry); once SMTP is fixed, the retry
 * delivers it to a real SMTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { freePort, startTestSmtp, type TestSmtpServer } from '../connectors/support/smtp-test.server.ts';
import { openHarness, type Caller, type Harness } from './support/api-harness.ts';
import { explainMailFailure } from '../../src/crm/notifications/mail-failure-text.ts';

for (const target of testDatabases()) {
  describe(`retrying a failed notification e-mail on ${target.name}`, () => {
    let h: Harness;
    let smtp: TestSmtpServer | undefined;
    let admin: Caller;
    let rep: Caller;
    beforeAll(async () => {
      h = await openHarness(target, { realConnectors: true, deploy: false });
      await h.user('admin', 'anna', { email: 'anna@pivo.example' });
      await h.user('sales_rep', 'ivan', { email: 'ivan.rep@pivo.example' });
      admin = await h.as('anna');
      rep = await h.as('ivan');
    });
    afterAll(async () => {
      await h?.close();
      await smtp?.close();
    });

    const smtpOn = async (port: number) => {
      const s = await h.request('PUT', '/api/admin/settings/smtp', { cookie: admin.cookie, csrf: admin.csrf, body: { host: '127.0.0.1', port, security: 'none', from: 'Potok <potok@pivo.example>', timeoutMs: 3000 } });
      expect(s.status, JSON.stringify(s.body)).toBe(200);
    };
    const escalationMail = async () => (await admin.get('/api/admin/emails?limit=100')).body.items.find((m: any) => m.to === 'ivan.rep@pivo.example');

    it('given SMTP on a closed port, when an escalation e-mail uses up its attempts, then it is failed and the admins are told in Russian in the app, not by e-mail', async () => {
      await smtpOn(await freePort());
      await h.potok.crm.notifier.notify(h.potok.crm.database.db, { login: 'ivan', kind: 'escalation', title: 'Первый звонок просрочен', body: 'Позвоните клиенту' }, h.clock.now());
      await h.settle();
      for (let i = 0; i < 5; i++) await h.advance(60_000);
      const mail = await escalationMail();
      expect(mail).toMatchObject({ status: 'failed', instanceId: null, subject: 'Первый звонок просрочен', attempts: 3 });
      expect(mail.error).toMatch(/^unreachable: /);

      const notes = (await admin.get('/api/notifications')).body.items.filter((n: any) => n.kind === 'email_failed');
      expect(notes).toHaveLength(1);
      expect(notes[0].title).toBe('Уведомление по почте не отправлено');
      expect(notes[0].body).toContain('ivan.rep@pivo.example');
      expect(notes[0].body).toContain('Почтовый сервер недоступен');
      expect(notes[0].body).toContain(`Техническая причина: ${mail.error}`);
      // Told in the app only: no e-mail to the admin about the e-mail that failed.
      const all = (await admin.get('/api/admin/emails?limit=100')).body.items;
      expect(all.filter((m: any) => m.to === 'anna@pivo.example')).toHaveLength(0);
    });

    it('only an admin may retry; an unknown e-mail is 404, one not failed is 409', async () => {
      const mail = await escalationMail();
      expect((await rep.post(`/api/admin/emails/${mail.id}/retry`)).status).toBe(403);
      const unknown = await admin.post('/api/admin/emails/no-such-mail/retry');
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBeTruthy();
      expect(unknown.body.message).toBeTruthy();
    });

    it('given SMTP fixed, when the admin retries the failed e-mail, then it is delivered and a second retry is refused with 409', async () => {
      smtp = await startTestSmtp();
      await smtpOn(smtp.port);
      const mail = await escalationMail();
      const r = await admin.post(`/api/admin/emails/${mail.id}/retry`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toEqual({ id: mail.id, status: 'ready' });
      await h.settle();
      expect((await escalationMail()).status).toBe('completed');
      expect(smtp.received.map((m) => m.envelopeTo)).toEqual([['ivan.rep@pivo.example']]);
      expect(smtp.received[0]!.parsed.subject).toBe('Первый звонок просрочен');
      const again = await admin.post(`/api/admin/emails/${mail.id}/retry`);
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/not failed/);
    });
  });
}

describe('the failed e-mail explanation', () => {
  it('explains the job error in Russian, then gives the technical reason', () => {
    expect(explainMailFailure('auth: SMTP authentication failed: 535')).toBe('Почтовый сервер не принял логин или пароль. Проверьте настройки SMTP.\nТехническая причина: auth: SMTP authentication failed: 535');
    expect(explainMailFailure('something odd')).toBe('Письмо не удалось отправить.\nТехническая причина: something odd');
  });
});
