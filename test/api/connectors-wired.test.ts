/**
 * Potok's own connectors in the running server: a deal driven through the API sends real
 * e-mails to a real SMTP server configured through the admin settings API, and block 7
 * creates the counterparty in (a fake) 1C — or, with 1C refusing, leaves it to the manager.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { OOO_DOCUMENTS, OOO_REQUISITES } from '../forms/fixtures.ts';
import { startTestSmtp, type TestSmtpServer } from '../connectors/support/smtp-test.server.ts';
import { startFakeOneC, type FakeOneC } from '../support/fake-onec.server.ts';
import { openHarness, type Caller, type Harness } from './support/api-harness.ts';
import { dealAtUpload, step, taskOf } from './support/deal-steps.ts';

for (const target of testDatabases()) {
  describe(`potok's connectors through the API on ${target.name}`, () => {
    let h: Harness;
    let smtp: TestSmtpServer;
    let onec: FakeOneC;
    let admin: Caller;
    let manager: Caller;
    let rep: Caller;
    let lawyer: Caller;
    beforeAll(async () => {
      smtp = await startTestSmtp();
      onec = await startFakeOneC();
      h = await openHarness(target, { realConnectors: true });
      await h.user('admin', 'anna');
      await h.user('manager', 'maria');
      await h.user('sales_rep', 'ivan', { email: 'ivan.rep@pivo.example' });
      await h.user('lawyer', 'lena');
      await h.user('director', 'dima', { isGeneralDirector: true });
    });
    beforeEach(async () => {
      admin = await h.as('anna');
      manager = await h.as('maria');
      rep = await h.as('ivan');
      lawyer = await h.as('lena');
    });
    afterAll(async () => {
      await h?.close();
      await smtp?.close();
      await onec?.stop();
    });

    const configure = async () => {
      const s = await h.request('PUT', '/api/admin/settings/smtp', { cookie: admin.cookie, csrf: admin.csrf, body: { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'Пивной Дом <franchise@pivo.example>', timeoutMs: 5000 } });
      expect(s.status, JSON.stringify(s.body)).toBe(200);
      const o = await h.request('PUT', '/api/admin/settings/onec', { cookie: admin.cookie, csrf: admin.csrf, body: { baseUrl: onec.url, user: onec.user, password: onec.password } });
      expect(o.status, JSON.stringify(o.body)).toBe(200);
      expect(JSON.stringify(o.body)).not.toContain(onec.password);
    };

    /** Drives a new deal to block 7 (enter_into_1c), returning it. */
    const toOnboarding = async (title: string, email: string): Promise<any> => {
      const deal = await dealAtUpload(h, { manager, rep }, { title, contactName: 'Сергей', phone: '+7 916 111-22-33', email, city: 'Москва', premisesAddress: 'Москва, Тверская 1' });
      const boundary = '----potoktest';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="egrul.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 test\r\n--${boundary}--\r\n`;
      const file = await h.request('POST', `/api/deals/${deal.id}/files?docKey=egrul_record`, { cookie: rep.cookie, csrf: rep.csrf, body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
      expect(file.status, JSON.stringify(file.body)).toBe(201);
      await step(h, rep, deal.id, 'upload_documents', { documents: { ...OOO_DOCUMENTS, egrul_record: { fileId: file.body.id }, director_passport: { url: 'https://disk.yandex.ru/d/passport' } }, requisites: OOO_REQUISITES });
      const review = (await lawyer.get('/api/tasks/group')).body.items.find((t: any) => t.dealId === deal.id && t.elementId === 'legal_review');
      expect(review).toBeTruthy();
      await lawyer.post(`/api/tasks/${review.id}/claim`);
      expect((await lawyer.post(`/api/tasks/${review.id}/complete`, { data: { legalDecision: 'approve' } })).status).toBe(200);
      await h.settle();
      return deal;
    };

    it('given no SMTP configured, when a deal sends its first e-mail, then the deal goes on and the admin sees the mail as not delivered', async () => {
      const deal = (await manager.post('/api/deals', { title: 'ООО «Без почты»', contactName: 'Олег', phone: '+7 916 111-22-44', email: 'nomail@example.test' })).body;
      await h.settle();
      const assign = await taskOf(manager, deal.id, 'assign_rep');
      expect((await manager.post(`/api/tasks/${assign.id}/complete`, { data: { salesRep: 'ivan' } })).status).toBe(200);
      const call = await taskOf(rep, deal.id, 'first_call');
      expect((await rep.post(`/api/tasks/${call.id}/complete`, { data: { callResult: 'meeting' } })).status).toBe(200);
      await h.settle();
      expect(await taskOf(rep, deal.id, 'meeting')).toBeTruthy();
      const emails = (await admin.get('/api/admin/emails?limit=100')).body.items.filter((m: any) => String(m.to).includes('nomail@example.test'));
      expect(emails.length).toBeGreaterThanOrEqual(1);
      const rows = await h.potok.crm.database.db.selectFrom('jobs').select(['id', 'status', 'result', 'last_error']).where('type', '=', 'email.send').execute();
      for (const m of emails) expect(m.status, JSON.stringify(rows)).toBe('not_configured');
      expect(smtp.received).toHaveLength(0);
      // And the deal's timeline says the e-mail was not sent, and why — not that it was.
      const timeline = (await manager.get(`/api/deals/${deal.id}/timeline?limit=200`)).body.items;
      expect(timeline.filter((e: any) => e.kind === 'email_sent')).toEqual([]);
      const notSent = timeline.filter((e: any) => e.kind === 'email_not_sent');
      expect(notSent.length, JSON.stringify(timeline.map((e: any) => e.kind))).toBeGreaterThanOrEqual(1);
      expect(notSent[0].data).toMatchObject({ status: 'not_configured', to: ['nomail@example.test'], reason: expect.stringContaining('SMTP') });
      expect(notSent[0].data.subject).toBeTruthy();
    });

    it('given SMTP and 1C set in the admin settings, when a deal runs, then the client gets the invitation and the premises e-mail from the company with the rep as Reply-To, and 1C gets the counterparty', async () => {
      // Given the admin configures SMTP and 1C
      await configure();
      // When a deal goes to block 7
      const deal = await toOnboarding('ООО «Пенная гавань»', 'client@example.test');
      // Then the client got the meeting invitation with an .ics and the premises requirements
      const toClient = smtp.received.filter((m) => m.envelopeTo.includes('client@example.test'));
      const invitation = toClient.find((m) => m.parsed.attachments.some((a) => a.contentType.startsWith('text/calendar') || (a.filename ?? '').endsWith('.ics')));
      expect(invitation, toClient.map((m) => m.parsed.subject).join(' | ')).toBeTruthy();
      expect(invitation!.parsed.from?.text).toContain('franchise@pivo.example');
      expect(invitation!.parsed.replyTo?.text).toContain('ivan.rep@pivo.example');
      expect(toClient.length).toBeGreaterThanOrEqual(2);
      for (const m of toClient) expect(m.parsed.replyTo?.text).toContain('ivan.rep@pivo.example');
      // No company name saved: the e-mails are signed with the SMTP sender's name, never "Potok"
      const subjects = toClient.map((m) => m.parsed.subject ?? '').join(' | ');
      expect(subjects).toContain('Пивной Дом');
      expect(subjects).not.toContain('Potok');
      // And the premises e-mail names the day of the rep's call (the 4th working day after the meeting)
      const premises = toClient.find((m) => /помещени/i.test(m.parsed.text ?? '') && /Я позвоню вам/.test(m.parsed.text ?? ''));
      expect(premises, toClient.map((m) => m.parsed.subject).join(' | ')).toBeTruthy();
      expect(premises!.parsed.text).toMatch(/Я позвоню вам \d{1,2} \S+ 20\d\d/);
      // And 1C has the counterparty, so the manager's task comes pre-filled with its ref
      expect(onec.count('Catalog_Контрагенты')).toBe(1);
      // And the deal's timeline names each delivered e-mail with its subject and recipient
      const sent = (await manager.get(`/api/deals/${deal.id}/timeline?limit=200`)).body.items.filter((e: any) => e.kind === 'email_sent');
      expect(sent.length).toBeGreaterThanOrEqual(2);
      for (const e of sent) expect(e.data).toMatchObject({ status: 'sent', to: ['client@example.test'], subject: expect.any(String) });
      const enter = await taskOf(manager, deal.id, 'enter_into_1c');
      expect(enter).toBeTruthy();
      const card = (await manager.get(`/api/tasks/${enter.id}`)).body;
      const ref = onec.rows['Catalog_Контрагенты'][0].Ref_Key;
      expect(JSON.stringify(card.form.values)).toContain(String(ref));
    });

    it("given the admin saved the company's name, when a deal runs, then the client's e-mails carry it; a profile without a name or with a bad e-mail is refused naming the field", async () => {
      await configure();
      const putCompany = (body: unknown) => h.request('PUT', '/api/admin/settings/company', { cookie: admin.cookie, csrf: admin.csrf, body });
      const bad = await putCompany({ name: ' ', email: 'not-an-address', website: 'pivo' });
      expect(bad.status).toBe(422);
      expect(bad.body.fields.map((f: any) => f.field).sort()).toEqual(['email', 'name', 'website']);
      const saved = await putCompany({ name: 'Франшиза «Пенный двор»', phone: '+7 800 100-20-30', email: 'hello@pivo.example', website: 'pivo.example' });
      expect(saved.status, saved.raw).toBe(200);
      expect((await admin.get('/api/admin/settings/company')).body).toEqual({ name: 'Франшиза «Пенный двор»', phone: '+7 800 100-20-30', email: 'hello@pivo.example', website: 'https://pivo.example' });
      expect((await manager.get('/api/admin/settings/company')).status).toBe(403);
      await toOnboarding('ООО «С названием»', 'named@example.test');
      const subjects = smtp.received.filter((m) => m.envelopeTo.includes('named@example.test')).map((m) => m.parsed.subject ?? '');
      expect(subjects.length).toBeGreaterThanOrEqual(2);
      expect(subjects.join(' | ')).toContain('Франшиза «Пенный двор»');
    });

    it('given 1C created the counterparty, when the manager cancels the deal before confirming it, then the deal and its timeline still name the 1C record', async () => {
      await configure();
      const deal = await toOnboarding('ООО «Отменённая»', 'cancel@example.test');
      const ref = String(onec.rows['Catalog_Контрагенты'][0].Ref_Key);
      // The record is on the deal as soon as 1C made it, before enter_into_1c is done.
      expect((await manager.get(`/api/deals/${deal.id}`)).body.onecRef).toBe(ref);
      const cancelled = await manager.post(`/api/deals/${deal.id}/cancel`, { reason: 'Клиент передумал' });
      expect(cancelled.status, cancelled.raw).toBe(200);
      const card = (await manager.get(`/api/deals/${deal.id}`)).body;
      expect(card).toMatchObject({ stage: 'lost', onecRef: ref });
      const timeline = (await manager.get(`/api/deals/${deal.id}/timeline?limit=200`)).body.items;
      expect(timeline.find((e: any) => e.kind === 'onec_created')?.data).toMatchObject({ onecRef: ref });
      expect(timeline.find((e: any) => e.kind === 'deal_lost')?.data).toMatchObject({ reason: 'cancelled', onecRef: ref });
    });

    it('given stored settings, when the admin presses "test", then SMTP and 1C answer ok without any secret, and nobody else may test', async () => {
      await configure();
      const mail = await admin.post('/api/admin/settings/smtp/test');
      expect(mail.status, mail.raw).toBe(200);
      expect(mail.body.ok, mail.raw).toBe(true);
      const oneC = await admin.post('/api/admin/settings/onec/test');
      expect(oneC.status, oneC.raw).toBe(200);
      expect(oneC.body.ok, oneC.raw).toBe(true);
      expect(oneC.raw).not.toContain(onec.password);
      const wrong = await admin.post('/api/admin/settings/onec/test', { baseUrl: onec.url, user: onec.user, password: 'не тот' });
      expect(wrong.body.ok, wrong.raw).toBe(false);
      expect(wrong.raw).not.toContain('не тот');
      expect((await manager.post('/api/admin/settings/smtp/test')).status).toBe(403);
    });

    it('given 1C refusing the counterparty, when the deal reaches block 7, then the manager sees 1C\'s error and can still win the deal', async () => {
      await configure();
      // (every request: the first test's counterparty would otherwise be found and reused)
      onec.failNext({ status: 400, message: 'ИНН уже занят', times: 100 });
      const deal = await toOnboarding('ООО «Отказ 1С»', 'refused@example.test');
      const enter = await taskOf(manager, deal.id, 'enter_into_1c');
      expect(enter).toBeTruthy();
      const card = (await manager.get(`/api/tasks/${enter.id}`)).body;
      expect(JSON.stringify(card.form.values)).toContain('onecError');
      expect(JSON.stringify(card.form.values)).toContain('ИНН уже занят');
      // and the admin was told in the app
      const incidents = (await admin.get('/api/notifications')).body.items.filter((n: any) => n.kind === 'incident' && n.dealId === deal.id);
      expect(incidents.map((n: any) => n.title)).toEqual(['Контрагент не создан в 1С']);
      const done = await manager.post(`/api/tasks/${enter.id}/complete`, { data: { onecRef: '00-000777' } });
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      expect((await manager.get(`/api/deals/${deal.id}`)).body).toMatchObject({ stage: 'won', onecRef: '00-000777' });
    });
  });
}
