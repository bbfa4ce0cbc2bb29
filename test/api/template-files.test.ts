/**
 * The presentation file of the "Company presentation" template: the admin uploads,
 * replaces, downloads and removes it through the API; nobody else may; bad names, types
 * and sizes are refused naming the field. End to end: a deal on the 'think' branch with
 * no file stops at an incident naming the template and the attachment; the admin uploads
 * the PDF and retries; the client gets the e-mail with the PDF and the rep the decision call.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { DEFAULT_UPLOAD_POLICY } from '../../src/crm/documents/document.service.ts';
import { startTestSmtp, type TestSmtpServer } from '../connectors/support/smtp-test.server.ts';
import { openHarness, type Caller, type Harness, type Res } from './support/api-harness.ts';

const DAY = 24 * 3600_000;
const MAX_BYTES = 64 * 1024;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const FILE_URL = (ref: string | number, type = 'presentation') => `/api/admin/templates/${type}/attachments/${encodeURIComponent(String(ref))}/file`;

function multipart(filename: string, contentType: string, content: Buffer): { body: Buffer; headers: Record<string, string> } {
  const boundary = '----potoktemplatefile';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`, 'utf8');
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { body: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

for (const target of testDatabases()) {
  describe(`template attachment files on ${target.name}`, () => {
    let h: Harness;
    let smtp: TestSmtpServer;
    let admin: Caller;
    let manager: Caller;
    let rep: Caller;

    const upload = (who: Caller, ref: string | number, filename: string, contentType: string, content: Buffer, type = 'presentation'): Promise<Res> => {
      const m = multipart(filename, contentType, content);
      return h.request('POST', FILE_URL(ref, type), { cookie: who.cookie, csrf: who.csrf, body: m.body, headers: m.headers });
    };
    const presentation = async () => (await admin.get('/api/admin/templates')).body.items.find((t: any) => t.type === 'presentation');
    const taskOf = async (who: Caller, dealId: string, elementId: string) => (await who.get('/api/tasks/mine?limit=200')).body.items.find((t: any) => t.dealId === dealId && t.elementId === elementId);

    beforeAll(async () => {
      smtp = await startTestSmtp();
      h = await openHarness(target, { realConnectors: true, uploadPolicy: { ...DEFAULT_UPLOAD_POLICY, maxBytes: MAX_BYTES } });
      await h.user('admin', 'anna');
      await h.user('manager', 'maria');
      await h.user('sales_rep', 'ivan', { email: 'ivan.rep@pivo.example' });
    });
    beforeEach(async () => {
      admin = await h.as('anna');
      manager = await h.as('maria');
      rep = await h.as('ivan');
    });
    afterAll(async () => {
      await h?.close();
      await smtp?.close();
    });

    it('given the shipped presentation template, when the admin lists templates, then it is flagged incomplete with the attachment that has no file', async () => {
      const t = await presentation();
      expect(t.incomplete).toBe(true);
      expect(t.missingFiles).toEqual([{ index: 0, filename: 'Презентация франшизы.pdf', title: expect.any(String) }]);
      expect(t.attachments[0]).toMatchObject({ index: 0, file: null });
      const others = (await admin.get('/api/admin/templates')).body.items.filter((x: any) => x.type !== 'presentation');
      for (const o of others) expect(o.incomplete).toBe(false);
    });

    it('given no admin, when a manager or a rep uploads, downloads or removes the file, then it is refused with 403', async () => {
      expect((await upload(manager, 0, 'p.pdf', 'application/pdf', PDF)).status).toBe(403);
      expect((await upload(rep, 0, 'p.pdf', 'application/pdf', PDF)).status).toBe(403);
      expect((await manager.get(FILE_URL(0))).status).toBe(403);
      expect((await manager.del(FILE_URL(0))).status).toBe(403);
      expect((await manager.get('/api/admin/templates')).status).toBe(403);
      expect((await presentation()).incomplete).toBe(true);
    });

    it('given bad uploads, then each is refused with a clear 4xx naming the field, and the template stays incomplete', async () => {
      const traversal = await upload(admin, 0, '../../etc/passwd.pdf', 'application/pdf', PDF);
      expect(traversal.status, traversal.raw).toBe(422);
      expect(traversal.body.fields).toEqual([expect.objectContaining({ field: 'file' })]);
      const badRef = await admin.get(`/api/admin/templates/presentation/attachments/${encodeURIComponent('../secret')}/file`);
      expect(badRef.status, badRef.raw).toBe(422);
      expect(badRef.body.fields[0].field).toBe('attachment');
      const html = await upload(admin, 0, 'page.html', 'text/html', Buffer.from('<script>alert(1)</script>'));
      expect(html.status, html.raw).toBe(415);
      expect(html.body).toMatchObject({ code: 'unsupported_type', fields: [expect.objectContaining({ field: 'file' })] });
      const exe = await upload(admin, 0, 'setup.exe', 'application/octet-stream', Buffer.from('MZ'));
      expect(exe.status).toBe(415);
      const disguised = await upload(admin, 0, 'evil.pdf', 'text/html', Buffer.from('<html>'));
      expect(disguised.status).toBe(415);
      const empty = await upload(admin, 0, 'empty.pdf', 'application/pdf', Buffer.alloc(0));
      expect(empty.status, empty.raw).toBe(422);
      expect(empty.body.fields).toEqual([expect.objectContaining({ field: 'file' })]);
      const big = await upload(admin, 0, 'big.pdf', 'application/pdf', Buffer.alloc(MAX_BYTES + 10, 0x41));
      expect(big.status, big.raw).toBe(413);
      expect(big.body.code).toBe('too_large');
      const noFile = await h.request('POST', FILE_URL(0), { cookie: admin.cookie, csrf: admin.csrf, body: { fileId: 'x' } });
      expect(noFile.status).toBe(415);
      expect((await upload(admin, 5, 'p.pdf', 'application/pdf', PDF)).status).toBe(404);
      expect((await upload(admin, 0, 'p.pdf', 'application/pdf', PDF, 'no_such_template')).status).toBe(404);
      expect((await upload(admin, 'Нет такого.pdf', 'p.pdf', 'application/pdf', PDF)).status).toBe(404);
      // A PUT cannot point an attachment at a file that was not uploaded for it
      const t = await presentation();
      const put = await h.request('PUT', '/api/admin/templates/presentation', { cookie: admin.cookie, csrf: admin.csrf, body: { ...t.template, attachments: [{ ...t.template.attachments[0], fileId: 'aa/aaaaaaaa' }] } });
      expect(put.status, put.raw).toBe(422);
      expect(put.body.fields[0].field).toBe('attachments[0].fileId');
      expect((await presentation()).incomplete).toBe(true);
    });

    it('given the admin, when the file is uploaded, replaced, downloaded and removed, then the template shows each state', async () => {
      // Upload, by index
      const up = await upload(admin, 0, 'Презентация 2026.pdf', 'application/pdf', PDF);
      expect(up.status, up.raw).toBe(201);
      expect(up.body).toMatchObject({ type: 'presentation', customised: true, incomplete: false, missingFiles: [] });
      expect(up.body.attachments[0].file).toMatchObject({ name: 'Презентация 2026.pdf', size: PDF.length, contentType: 'application/pdf', uploadedBy: 'anna' });
      const first = up.body.attachments[0].file.id;
      expect(up.body.template.attachments[0].fileId).toBe(first);
      expect((await presentation()).incomplete).toBe(false);
      const down = await admin.get(FILE_URL(0));
      expect(down.status).toBe(200);
      expect(down.headers['content-type']).toBe('application/pdf');
      expect(down.headers['content-disposition']).toMatch(/^attachment;/);
      expect(down.raw).toBe(PDF.toString('latin1'));
      // The admin's later save of the text keeps the file
      const saved = await h.request('PUT', '/api/admin/templates/presentation', { cookie: admin.cookie, csrf: admin.csrf, body: { ...up.body.template, subject: 'Презентация {{company.name}}' } });
      expect(saved.status, saved.raw).toBe(200);
      expect(saved.body.incomplete).toBe(false);
      // Replace, by the attachment's file name; a phone may send a vague type
      const pptx = Buffer.from('PK\x03\x04 pptx', 'latin1');
      const re = await upload(admin, 'Презентация франшизы.pdf', 'slides.pptx', 'application/octet-stream', pptx);
      expect(re.status, re.raw).toBe(201);
      expect(re.body.attachments[0].file.id).not.toBe(first);
      expect(re.body.attachments[0]).toMatchObject({ filename: 'Презентация франшизы.pptx', contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation' });
      expect(await h.potok.crm.database.db.selectFrom('files').select('id').where('id', '=', first).executeTakeFirst()).toBeUndefined();
      // Remove
      const rm = await admin.del(FILE_URL(0));
      expect(rm.status, rm.raw).toBe(200);
      expect(rm.body).toMatchObject({ incomplete: true, missingFiles: [{ index: 0, filename: 'Презентация франшизы.pptx' }] });
      expect((await admin.get(FILE_URL(0))).status).toBe(404);
      expect((await admin.del(FILE_URL(0))).status).toBe(404);
      expect((await presentation()).incomplete).toBe(true);
      // Back to the shipped name and type for the next test
      const reset = await h.request('PUT', '/api/admin/templates/presentation', { cookie: admin.cookie, csrf: admin.csrf, body: { ...rm.body.template, attachments: [{ ...rm.body.template.attachments[0], filename: 'Презентация франшизы.pdf', contentType: 'application/pdf' }] } });
      expect(reset.status, reset.raw).toBe(200);
    });

    it('given no presentation file, when a deal takes the "think" branch, then the e-mail stops at an incident; after the upload and a retry the client gets the PDF and the rep the decision call', async () => {
      const s = await h.request('PUT', '/api/admin/settings/smtp', { cookie: admin.cookie, csrf: admin.csrf, body: { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'Пивной Дом <franchise@pivo.example>', timeoutMs: 5000 } });
      expect(s.status, s.raw).toBe(200);
      // Given a deal whose client needs time to think
      const deal = (await manager.post('/api/deals', { title: 'ООО «Думаем»', contactName: 'Пётр', phone: '+7 916 222-33-44', email: 'thinker@example.test', city: 'Тверь' })).body;
      await h.settle();
      const assign = await taskOf(manager, deal.id, 'assign_rep');
      expect((await manager.post(`/api/tasks/${assign.id}/complete`, { data: { salesRep: 'ivan' } })).status).toBe(200);
      await h.settle();
      const call = await taskOf(rep, deal.id, 'first_call');
      expect((await rep.post(`/api/tasks/${call.id}/complete`, { data: { callResult: 'think' } })).status).toBe(200);
      // When two working days pass with no presentation file
      await h.advance(3 * DAY);
      // Then the e-mail job failed into an incident naming the template and the attachment
      const incidents = (await admin.get('/api/admin/incidents')).body.items.filter((i: any) => i.elementId === 'send_presentation');
      expect(incidents, JSON.stringify((await admin.get('/api/admin/incidents')).body)).toHaveLength(1);
      expect(incidents[0].message).toContain('Презентация компании');
      expect(incidents[0].message).toContain('Презентация компании (PDF)');
      expect(incidents[0].message).toContain('no uploaded file');
      expect(smtp.received.filter((m) => m.envelopeTo.includes('thinker@example.test'))).toHaveLength(0);
      await h.advance(2 * DAY);
      expect(await taskOf(rep, deal.id, 'decision_call')).toBeUndefined();
      // When the admin uploads the PDF and retries the incident
      const up = await upload(admin, 0, 'Презентация.pdf', 'application/pdf', PDF);
      expect(up.status, up.raw).toBe(201);
      const retry = await admin.post(`/api/admin/incidents/${incidents[0].id}/retry`);
      expect(retry.status, retry.raw).toBe(200);
      await h.settle();
      // Then the client got the presentation with the PDF attached, from the company, the rep as Reply-To
      const mails = smtp.received.filter((m) => m.envelopeTo.includes('thinker@example.test'));
      expect(mails).toHaveLength(1);
      const mail = mails[0]!.parsed;
      expect(mail.replyTo?.text).toContain('ivan.rep@pivo.example');
      expect(mail.attachments.map((a) => a.filename)).toEqual(['Презентация франшизы.pdf']);
      expect(mail.attachments[0]!.contentType).toBe('application/pdf');
      expect(Buffer.compare(mail.attachments[0]!.content, PDF)).toBe(0);
      expect((await admin.get('/api/admin/incidents')).body.items.filter((i: any) => i.elementId === 'send_presentation')).toHaveLength(0);
      // And on the next working day the rep has the decision call
      await h.advance(3 * DAY);
      const decision = await taskOf(rep, deal.id, 'decision_call');
      expect(decision).toBeTruthy();
      // A meeting agreed on the call cannot be planned in the past (the client would be invited to a day gone by)
      const past = await rep.post(`/api/tasks/${decision.id}/complete`, { data: { decision: 'positive', meetingAt: '2025-01-10T11:00:00+03:00', meetingEnd: '2025-01-10T12:00:00+03:00' } });
      expect(past.status, past.raw).toBe(422);
      expect(past.body.fields.map((f: any) => f.field)).toContain('meetingAt');
      expect((await rep.post(`/api/tasks/${decision.id}/complete`, { data: { decision: 'positive' } })).status).toBe(200);
    });
  });
}
