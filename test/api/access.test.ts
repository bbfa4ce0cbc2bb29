/**
 * Who may do what (each role against each action), validation errors, uploads and the
 * HTML-in-title case, on both databases.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { openHarness, type Caller, type Harness } from './support/api-harness.ts';

const ROLES = ['admin', 'manager', 'rep', 'otherRep', 'lawyer', 'director'] as const;
type Who = (typeof ROLES)[number];

function multipart(filename: string, type: string, content: string | Buffer) {
  const boundary = '----potokaccess';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content), tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

for (const target of testDatabases()) {
  describe(`access, validation and uploads on ${target.name}`, () => {
    let h: Harness;
    const c = {} as Record<Who, Caller>;
    let dealId: string;
    let callTaskId: string;

    beforeAll(async () => {
      h = await openHarness(target, { uploadPolicy: { maxBytes: 1024, allowedTypes: ['application/pdf', 'image/png'] } });
      await h.user('admin', 'adm');
      await h.user('manager', 'man');
      await h.user('sales_rep', 'rep');
      await h.user('sales_rep', 'rep2');
      await h.user('lawyer', 'law');
      await h.user('director', 'dir');
      const man = await h.as('man');
      dealId = (await man.post('/api/deals', { title: 'Матрица', contactName: 'К', phone: '+7 900 000-00-09', email: 'm@example.test' })).body.id;
      const assign = (await man.get('/api/tasks/mine')).body.items.find((t: any) => t.dealId === dealId);
      await man.post(`/api/tasks/${assign.id}/complete`, { data: { salesRep: 'rep' } });
      callTaskId = (await (await h.as('rep')).get('/api/tasks/mine')).body.items.find((t: any) => t.dealId === dealId).id;
    });
    beforeEach(async () => {
      c.admin = await h.as('adm');
      c.manager = await h.as('man');
      c.rep = await h.as('rep');
      c.otherRep = await h.as('rep2');
      c.lawyer = await h.as('law');
      c.director = await h.as('dir');
    });
    afterAll(async () => h?.close());

    const matrix: { action: string; call: (who: Caller) => Promise<{ status: number }>; allowed: Partial<Record<Who, number>> }[] = [
      { action: 'read the deal card', call: (w) => w.get(`/api/deals/${dealId}`), allowed: { admin: 200, manager: 200, rep: 200, director: 200 } },
      { action: 'read the timeline', call: (w) => w.get(`/api/deals/${dealId}/timeline`), allowed: { admin: 200, manager: 200, rep: 200, director: 200 } },
      { action: 'see the diagram', call: (w) => w.get(`/api/deals/${dealId}/diagram`), allowed: { admin: 200, manager: 200, rep: 200, director: 200 } },
      { action: 'comment', call: (w) => w.post(`/api/deals/${dealId}/comments`, { text: 'Заметка' }), allowed: { admin: 201, manager: 201, rep: 201, director: 201 } },
      { action: 'change a field', call: (w) => w.patch(`/api/deals/${dealId}`, { city: 'Тула' }), allowed: { manager: 200, rep: 200 } },
      { action: 'create a deal', call: (w) => w.post('/api/deals', { title: 'Новая', contactName: 'К', phone: '+7 900 000-00-10', email: 'n@example.test' }), allowed: { manager: 201 } },
      { action: 'see the rep call task', call: (w) => w.get(`/api/tasks/${callTaskId}`), allowed: { manager: 200, rep: 200, director: 200 } },
      { action: 'reassign a task', call: (w) => w.post(`/api/tasks/${callTaskId}/reassign`, { assignee: 'rep' }), allowed: { manager: 200 } },
      { action: 'read the funnel', call: (w) => w.get('/api/reports/funnel'), allowed: { director: 200 } },
      { action: 'hand the deal over to another manager', call: (w) => w.patch(`/api/deals/${dealId}`, { owner: 'man' }), allowed: { manager: 200 } },
      { action: 'list models', call: (w) => w.get('/api/admin/models'), allowed: { admin: 200 } },
      { action: 'list incidents', call: (w) => w.get('/api/admin/incidents'), allowed: { admin: 200 } },
      { action: 'read SMTP settings', call: (w) => w.get('/api/admin/settings/smtp'), allowed: { admin: 200 } },
      { action: 'list templates', call: (w) => w.get('/api/admin/templates'), allowed: { admin: 200 } },
      { action: 'read the calendar', call: (w) => w.get('/api/admin/calendar'), allowed: { admin: 200 } },
      { action: 'list sent e-mails', call: (w) => w.get('/api/admin/emails'), allowed: { admin: 200 } },
      { action: 'create a user', call: (w) => w.post('/api/users', { login: `u${Math.random().toString(36).slice(2, 8)}`, name: 'Новый', role: 'sales_rep' }), allowed: { admin: 201 } },
      { action: 'see banned ИНН', call: (w) => w.get('/api/admin/banned-inns'), allowed: { admin: 200, lawyer: 200, director: 200 } },
      { action: 'list my tasks', call: (w) => w.get('/api/tasks/mine'), allowed: { admin: 200, manager: 200, rep: 200, otherRep: 200, lawyer: 200, director: 200 } },
      { action: 'list deals', call: (w) => w.get('/api/deals'), allowed: { admin: 200, manager: 200, rep: 200, otherRep: 200, lawyer: 200, director: 200 } },
    ];

    for (const row of matrix) {
      it(`given each role, when it tries to ${row.action}, then only the allowed roles succeed and the rest get 403`, async () => {
        for (const who of ROLES) {
          const res = await row.call(c[who]);
          expect(res.status, `${who} → ${row.action}: ${JSON.stringify((res as any).body)}`).toBe(row.allowed[who] ?? 403);
        }
      });
    }

    it('given a rep, when listing deals, then only their own deals come back; another rep sees none of them', async () => {
      expect((await c.rep.get('/api/deals')).body.items.map((d: any) => d.id)).toContain(dealId);
      expect((await c.otherRep.get('/api/deals')).body.items.map((d: any) => d.id)).not.toContain(dealId);
      expect((await c.lawyer.get('/api/deals')).body.items.map((d: any) => d.id)).not.toContain(dealId);
    });

    it('given another rep, when completing someone else\'s call, then it is refused and the task stays open', async () => {
      expect((await c.otherRep.post(`/api/tasks/${callTaskId}/complete`, { data: { callResult: 'think' } })).status).toBe(403);
      expect((await c.lawyer.post(`/api/tasks/${callTaskId}/complete`, { data: { callResult: 'think' } })).status).toBe(403);
      expect((await c.rep.get(`/api/tasks/${callTaskId}`)).body.task.status).toBe('open');
    });

    it('given an unknown id, when anyone asks for it, then 404 with nothing about the object', async () => {
      for (const who of ROLES) {
        const res = await c[who].get('/api/deals/00000000-0000-0000-0000-000000000000');
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ code: 'not_found', message: 'Deal not found' });
      }
      expect((await c.rep.get('/api/tasks/nope:1')).status).toBe(404);
      expect((await c.rep.get('/api/files/nope')).status).toBe(404);
    });

    it('given no session, when an API route is called, then 401', async () => {
      for (const url of ['/api/deals', '/api/tasks/mine', `/api/deals/${dealId}`, '/api/notifications', '/api/reports/funnel', '/api/admin/models']) {
        const res = await h.request('GET', url);
        expect(res.status, url).toBe(401);
        expect(res.body.code).toBe('unauthenticated');
      }
      // A body that breaks the route's schema: still 401/403 first, the route's fields not told.
      const noSession = await h.request('POST', '/api/deals', { csrf: '1', body: { title: 1 } });
      expect(noSession.status).toBe(401);
      expect(noSession.body.fields).toBeUndefined();
      const noCsrf = await h.request('PUT', '/api/admin/settings/process', { body: { recallDelayDays: 2.5 } });
      expect(noCsrf.status).toBe(403);
      expect(noCsrf.body.fields).toBeUndefined();
    });

    it('given bad deal input, when creating, then schema errors are 400 and rule errors 422, each naming the field', async () => {
      const missing = await c.manager.post('/api/deals', { title: 'x' });
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe('bad_request');
      expect(missing.body.fields.map((f: any) => f.field)).toEqual(expect.arrayContaining(['contactName', 'phone', 'email']));
      const empty = await c.manager.post('/api/deals', { title: '  ', contactName: 'К', phone: 'abc', email: 'not-an-email' });
      expect(empty.status).toBe(422);
      expect(empty.body.fields.map((f: any) => f.field).sort()).toEqual(['email', 'phone', 'title']);
      // A phone with too few digits is a typo, not a number; 8 900 … and +7 (900) … are numbers
      for (const phone of ['+7 (900) 1', '12-34-56', '+7 900 000-00-00-00-00-00']) {
        const res = await c.manager.patch(`/api/deals/${dealId}`, { phone });
        expect(res.status, phone).toBe(422);
        expect(res.body.fields.map((f: any) => f.field)).toEqual(['phone']);
      }
      for (const phone of ['8 (900) 123-45-67', '+7 (900) 123-45-67', '9001234567', '+44 20 7946 0958']) expect((await c.manager.patch(`/api/deals/${dealId}`, { phone })).status, phone).toBe(200);
      expect((await c.manager.get('/api/deals?limit=1000')).status).toBe(400);
      const stage = await c.manager.get('/api/deals?stage=bogus');
      expect(stage.status).toBe(422);
      expect(stage.body.fields[0].field).toBe('stage');
      const unknownField = await c.manager.patch(`/api/deals/${dealId}`, { stage: 'won' });
      expect(unknownField.status).toBe(400);
    });

    it('given a deal title with HTML and script, when it is read back, then it comes back unchanged as JSON text', async () => {
      const title = '<script>alert("x")</script><img src=x onerror=alert(1)>';
      const created = await c.manager.post('/api/deals', { title, contactName: '<b>К</b>', phone: '+7 900 000-00-11', email: 'x@example.test' });
      expect(created.status).toBe(201);
      const read = await c.manager.get(`/api/deals/${created.body.id}`);
      expect(read.headers['content-type']).toMatch(/^application\/json/);
      expect(read.body.title).toBe(title);
      expect(read.body.contactName).toBe('<b>К</b>');
      const found = await c.manager.get(`/api/deals?q=${encodeURIComponent('<script>')}`);
      expect(found.body.items.map((d: any) => d.id)).toEqual([created.body.id]);
    });

    it('given a field change, when the deal is read, then the timeline records who changed what from what to what', async () => {
      const before = (await c.manager.get(`/api/deals/${dealId}`)).body;
      expect((await c.manager.patch(`/api/deals/${dealId}`, { source: 'выставка' })).status).toBe(200);
      const entry = (await c.manager.get(`/api/deals/${dealId}/timeline`)).body.items.find((e: any) => e.kind === 'field_changed' && e.data.field === 'source');
      expect(entry).toMatchObject({ actor: 'man', data: { field: 'source', old: before.source, new: 'выставка' } });
    });

    it('given uploads, when over the limit, of a forbidden type, or with a path-traversal name, then they are refused or neutralised', async () => {
      const send = (file: ReturnType<typeof multipart>, who = c.rep) => h.request('POST', `/api/deals/${dealId}/files?docKey=passport`, { cookie: who.cookie, csrf: who.csrf, body: file.body, headers: file.headers });
      const big = await send(multipart('big.pdf', 'application/pdf', Buffer.alloc(2048, 1)));
      expect(big.status).toBe(413);
      expect(big.body.code).toBe('too_large');
      expect(big.body.fields).toEqual([{ field: 'file', message: 'The file is larger than 1 KB' }]);
      const html = await send(multipart('page.html', 'text/html', '<script>alert(1)</script>'));
      expect(html.status).toBe(415);
      expect(html.body.code).toBe('unsupported_type');
      expect(html.body.fields[0].message).toMatch(/^This file type is not accepted \(allowed: PDF/);
      const sneaky = await send(multipart('../../../etc/passwd.pdf', 'application/pdf', '%PDF-1.4'));
      expect(sneaky.status).toBe(201);
      expect(sneaky.body.name).toBe('passwd.pdf');
      const again = await send(multipart('passport-v2.pdf', 'application/pdf', '%PDF-1.4 v2'));
      expect(again.body.version).toBe(sneaky.body.version + 1);
      const stored = readdirSync(path.join(h.dataDir, 'files'), { recursive: true }).map(String);
      expect(stored.every((f) => !f.includes('passwd') && !f.includes('..'))).toBe(true);
      expect((await send(multipart('x.pdf', 'application/pdf', '%PDF'), c.otherRep)).status).toBe(403);

      const download = await c.rep.get(sneaky.body.url);
      expect(download.status).toBe(200);
      expect(download.raw).toBe('%PDF-1.4');
      expect(download.headers['content-disposition']).toMatch(/^attachment; filename="passwd.pdf"/);
      expect((await c.otherRep.get(sneaky.body.url)).status).toBe(403);
      const list = (await c.manager.get(`/api/deals/${dealId}/files`)).body.items;
      expect(list.filter((f: any) => f.docKey === 'passport').map((f: any) => f.version)).toEqual([again.body.version, sneaky.body.version]);
      // Files without a document key are not versions of each other
      const loose = async (name: string) => (await h.request('POST', `/api/deals/${dealId}/files`, { cookie: c.rep.cookie, csrf: c.rep.csrf, ...(() => { const f = multipart(name, 'application/pdf', '%PDF-1.4'); return { body: f.body, headers: f.headers }; })() })).body;
      expect([(await loose('a.pdf')).version, (await loose('b.pdf')).version]).toEqual([1, 1]);
    });

    it('given notifications, when read and marked, then the unread count follows and nobody sees another person\'s', async () => {
      const mine = await c.rep.get('/api/notifications');
      expect(mine.body.items.length).toBeGreaterThan(0);
      expect(mine.body.items.every((n: any) => n.kind)).toBe(true);
      const count = (await c.rep.get('/api/notifications/unread-count')).body.count;
      expect(count).toBeGreaterThan(0);
      expect((await c.otherRep.post('/api/notifications/read', { ids: [mine.body.items[0].id] })).body.marked).toBe(0);
      expect((await c.rep.post('/api/notifications/read', { ids: [mine.body.items[0].id] })).body.marked).toBe(1);
      expect((await c.rep.get('/api/notifications/unread-count')).body.count).toBe(count - 1);
      await c.rep.post('/api/notifications/read', { all: true });
      expect((await c.rep.get('/api/notifications/unread-count')).body.count).toBe(0);
    });

    it('given the admin, when saving SMTP settings with a password, then the password is never returned and an empty one keeps it', async () => {
      const save = await h.request('PUT', '/api/admin/settings/smtp', { cookie: c.admin.cookie, csrf: c.admin.csrf, body: { host: 'smtp.example.test', port: 587, security: 'starttls', user: 'mailer', password: 's3cret!', from: 'Potok <noreply@example.test>' } });
      expect(save.status, JSON.stringify(save.body)).toBe(200);
      expect(JSON.stringify(save.body)).not.toContain('s3cret');
      expect(save.body.secretsSet).toEqual(['password']);
      const keep = await h.request('PUT', '/api/admin/settings/smtp', { cookie: c.admin.cookie, csrf: c.admin.csrf, body: { host: 'smtp2.example.test', port: 587, security: 'starttls', user: 'mailer', password: '', from: 'Potok <noreply@example.test>' } });
      expect(keep.body.secretsSet).toEqual(['password']);
      const invalid = await h.request('PUT', '/api/admin/settings/smtp', { cookie: c.admin.cookie, csrf: c.admin.csrf, body: { port: 'x' } });
      expect(invalid.status).toBe(422);
      expect(invalid.body.fields.map((f: any) => f.field)).toContain('host');
    });

    it('given the admin, when importing a broken xmlcalendar file, then it is refused with the line and the stored calendar is unchanged', async () => {
      const bad = await c.admin.post('/api/admin/calendar/import', { xml: '<calendar year="2028">\n<days>\n<day d="13.45" t="1"/>\n</days>\n</calendar>' });
      expect(bad.status).toBe(422);
      expect(bad.body.fields[0].field).toMatch(/^line \d+$/);
      const before = (await c.admin.get('/api/admin/calendar')).body;
      expect(before.importedYears).toEqual([]);
      // The years shipped with Potok are named, so the page can warn about a year with no data
      expect(before.shippedYears).toEqual(expect.arrayContaining([2025, 2026, 2027]));
      expect(before.shippedYears).not.toContain(2028);
      const good = await c.admin.post('/api/admin/calendar/import', { xml: '<?xml version="1.0"?>\n<calendar year="2028" lang="ru">\n<days>\n<day d="01.03" t="1"/>\n</days>\n</calendar>' });
      expect(good.status, JSON.stringify(good.body)).toBe(200);
      expect(good.body.year).toBe(2028);
      // The year as deadlines count it, corrections included
      const y2027 = await c.admin.get('/api/admin/calendar/years/2027');
      expect(y2027.status).toBe(200);
      expect(y2027.body).toMatchObject({ year: 2027, hasData: true, workingDays: 247, hoursNorm: 1972 });
      expect(y2027.body.daysOff).toContain('2027-01-08');
      expect(y2027.body.workingWeekendDays).toEqual(['2027-02-20']);
      expect((await h.request('PUT', '/api/admin/calendar/corrections', { cookie: c.admin.cookie, csrf: c.admin.csrf, body: { date: '2027-07-05', kind: 'off' } })).status).toBe(200);
      await expect.poll(async () => (await c.admin.get('/api/admin/calendar/years/2027')).body.workingDays).toBe(246);
      expect((await c.admin.get('/api/admin/calendar/years/2027')).body.daysOff).toContain('2027-07-05');
      expect((await c.manager.get('/api/admin/calendar/years/2027')).status).toBe(403);
      expect((await c.admin.get('/api/admin/calendar/years/12345')).status).toBe(422);
      // A file on one line: every problem of that line is told
      const oneLine = await c.admin.post('/api/admin/calendar/import', { xml: '<calendar year="2029"><days><day d="02.30" t="1"/><day d="03.01" t="4"/><day d="03.02" t="1"/><day d="03.02" t="1"/></days></calendar>' });
      expect(oneLine.status).toBe(422);
      expect(oneLine.body.fields).toHaveLength(1);
      expect(oneLine.body.fields[0].field).toBe('line 1');
      expect(oneLine.body.fields[0].message.split('; ').length).toBeGreaterThanOrEqual(3);
      const correction = await h.request('PUT', '/api/admin/calendar/corrections', { cookie: c.admin.cookie, csrf: c.admin.csrf, body: { date: '2028-02-30', kind: 'off' } });
      expect(correction.status).toBe(422);
    });

    it('given the admin, when deploying a broken model, then every problem is listed; a good one becomes a new version', async () => {
      const bad = await c.admin.post('/api/admin/models', { xml: '<definitions>' });
      expect(bad.status).toBe(422);
      expect(bad.body.problems.length).toBeGreaterThan(0);
      const models = (await c.admin.get('/api/admin/models')).body.items;
      expect(models.map((m: any) => m.processId)).toContain('franchise_onboarding');
      const at = await c.admin.get(`/api/admin/models/${encodeURIComponent(models[0].definitionKey)}/instances?elementId=first_call`);
      expect(at.status).toBe(200);
      expect(at.body.items.map((i: any) => i.businessKey)).toContain(dealId);
    });

    it('given the director, when the funnel period ends before it starts, then it is refused naming `to`', async () => {
      const res = await c.director.get('/api/reports/funnel?from=2027-01-01&to=2026-01-01');
      expect(res.status).toBe(422);
      expect(res.body.fields).toEqual([{ field: 'to', message: 'The end of the period is before its start' }]);
      expect((await c.director.get('/api/reports/funnel?from=2026-01-01&to=2026-01-01')).status).toBe(200);
    });
  });
}
