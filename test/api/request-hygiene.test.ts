/**
 * What a request may carry and what an answer may say, on both databases: NUL characters
 * refused with 400 naming the field, strict bodies (unknown fields, wrong types) with
 * coerced query strings, one message per field, 404 for an unknown model, no process
 * internals in a task's form values, the 1C check's masking, and who completed a task.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.ts';
import { openHarness, type Caller, type Harness } from './support/api-harness.ts';
import { heldNow } from './support/deal-steps.ts';

const NUL = '\u0000';
const DEAL = { title: 'Чистота', contactName: 'К', phone: '+7 900 000-00-21', email: 'c@example.test' };

for (const target of testDatabases()) {
  describe(`request hygiene on ${target.name}`, () => {
    let h: Harness;
    let man: Caller;
    let rep: Caller;
    let adm: Caller;
    let dealId: string;
    let assignId: string;

    beforeAll(async () => {
      h = await openHarness(target);
      // The e-mail connector's answer as the real one gives it: the job's result lands in the process's variables.
      h.potok.handlers.register('email.send', async () => ({ kind: 'complete', variables: { status: 'sent', messageId: '<m1@potok>', mail: { to: 'c@example.test', subject: 'Презентация' } } }));
      await h.user('admin', 'adm');
      await h.user('manager', 'man');
      await h.user('sales_rep', 'rep');
      await h.user('lawyer', 'law');
      const m = await h.as('man');
      const created = await m.post('/api/deals', DEAL);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      dealId = created.body.id;
      assignId = (await m.get('/api/tasks/mine')).body.items.find((t: any) => t.dealId === dealId && t.elementId === 'assign_rep').id;
    });
    beforeEach(async () => {
      man = await h.as('man');
      rep = await h.as('rep');
      adm = await h.as('adm');
    });
    afterAll(async () => h?.close());

    const nulRefused = (res: { status: number; body: any }, field: string) => {
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.code).toBe('validation');
      expect(res.body.fields).toEqual([{ field, message: 'Недопустимый символ (NUL)' }]);
    };

    it('given a URL Node or Fastify cannot parse (a broken %-escape, raw Cyrillic in the query), then the answer is 400 in the API error format', async () => {
      const address = await h.potok.app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const broken = await fetch(`${address}/api/deals/%E0%A4%A`);
        expect(broken.status).toBe(400);
        expect(await broken.json()).toEqual({ code: 'bad_request', message: 'The request is not valid' });
        const { port } = new URL(address);
        const raw = await new Promise<string>((resolve, reject) => {
          const socket = connect(Number(port), '127.0.0.1', () => socket.write(Buffer.from('GET /api/deals?q=Стадия HTTP/1.1\r\nHost: localhost\r\n\r\n', 'utf8')));
          let text = '';
          socket.on('data', (b) => (text += String(b)));
          socket.on('end', () => resolve(text));
          socket.on('error', reject);
        });
        expect(raw).toMatch(/^HTTP\/1\.1 400/);
        expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({ code: 'bad_request', message: 'The request is not valid' });
      } finally {
        await h.potok.app.server.close();
      }
    });

    it('given a NUL character in any text, when it is sent, then 400 names the field and nothing is stored', async () => {
      nulRefused(await man.post('/api/deals', { ...DEAL, title: `a${NUL}b` }), 'title');
      nulRefused(await man.post('/api/deals', { ...DEAL, comment: `x${NUL}` }), 'comment');
      nulRefused(await man.patch(`/api/deals/${dealId}`, { comment: `${NUL}` }), 'comment');
      nulRefused(await man.post(`/api/deals/${dealId}/comments`, { text: `привет${NUL}` }), 'text');
      nulRefused(await man.get(`/api/deals?q=${encodeURIComponent(`a${NUL}`)}`), 'q');
      nulRefused(await man.post(`/api/tasks/${assignId}/complete`, { data: { requisites: { fullName: `ООО${NUL}` } } }), 'data.requisites.fullName');
      nulRefused(await man.post(`/api/tasks/${assignId}/complete`, { data: { salesRep: [`r${NUL}`] } }), 'data.salesRep[0]');
      nulRefused(await man.get(`/api/deals/${encodeURIComponent(`x${NUL}`)}`), 'id');
      expect((await man.get('/api/deals')).body.items.map((d: any) => d.title)).toEqual(['Чистота']);
      expect((await man.get(`/api/tasks/${assignId}`)).body.task.status).toBe('open');
    });

    it('given a deal with unknown fields or wrong types, when created, then 400 names each field once; query strings still take numbers', async () => {
      const unknown = await man.post('/api/deals', { ...DEAL, foo: 1, owner: 'adm' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.code).toBe('bad_request');
      expect(unknown.body.fields).toEqual([
        { field: 'foo', message: 'is not a known field' },
        { field: 'owner', message: 'is not a known field' },
      ]);
      const typed = await man.post('/api/deals', { ...DEAL, title: 123, city: 5 });
      expect(typed.status).toBe(400);
      expect(typed.body.fields).toEqual([
        { field: 'title', message: 'must be string' },
        { field: 'city', message: 'must be string or null' },
      ]);
      const long = await man.patch(`/api/deals/${dealId}`, { comment: 'я'.repeat(5001) });
      expect(long.status).toBe(400);
      expect(long.body.fields).toEqual([{ field: 'comment', message: 'must NOT have more than 5000 characters' }]);
      const role = await adm.post('/api/users', { login: 'boss1', name: 'Б', role: 'boss' });
      expect(role.status).toBe(422);
      expect(role.body.fields).toEqual([{ field: 'role', message: 'Role must be one of admin, manager, sales_rep, lawyer, director' }]);
      // Every wrong field of a new user at once, not one per attempt
      const all = await adm.post('/api/users', { login: 'x', name: '', role: 'boss', email: 'bad', password: '1' });
      expect(all.status).toBe(422);
      expect(all.body.fields.map((f: any) => f.field).sort()).toEqual(['email', 'login', 'name', 'password', 'role']);
      const nested = await man.post('/api/notifications/read', { ids: [1] });
      expect(nested.status).toBe(400);
      expect(nested.body.fields).toEqual([{ field: 'ids[0]', message: 'must be string' }]);
      const page = await man.get('/api/deals?limit=1&offset=0&overdue=false');
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ limit: 1, offset: 0 });
      expect((await man.get('/api/deals')).body.items).toHaveLength(1);
    });

    it('given a wrong rep in the assignment form, when submitted, then one message for salesRep', async () => {
      const bad = await man.post(`/api/tasks/${assignId}/complete`, { data: { salesRep: 'law' } });
      expect(bad.status).toBe(422);
      expect(bad.body.fields.filter((f: any) => f.field === 'salesRep')).toHaveLength(1);
    });

    it('given an unknown model, when its instances or XML are asked for, then 404 naming the key', async () => {
      for (const url of ['/api/admin/models/nope:1/instances', '/api/admin/models/nope:1/instances?elementId=first_call', '/api/admin/models/nope:1/xml']) {
        const res = await adm.get(url);
        expect(res.status, url).toBe(404);
        expect(res.body.code).toBe('not_found');
        expect(res.body.message).toContain('nope:1');
      }
      const known = (await adm.get('/api/admin/models')).body.items[0].definitionKey;
      expect((await adm.get(`/api/admin/models/${encodeURIComponent(known)}/instances`)).status).toBe(200);
    });

    it('given a task after e-mails went out, when it is read, then its form values hold the form\'s fields, not the process internals', async () => {
      expect((await man.post(`/api/tasks/${assignId}/complete`, { data: { salesRep: 'rep' } })).status).toBe(200);
      await h.settle();
      const call = (await rep.get('/api/tasks/mine')).body.items.find((t: any) => t.dealId === dealId && t.elementId === 'first_call');
      expect((await rep.post(`/api/tasks/${call.id}/complete`, { data: { callResult: 'meeting' } })).status).toBe(200);
      await h.settle();
      const meeting = (await rep.get('/api/tasks/mine')).body.items.find((t: any) => t.dealId === dealId && t.elementId === 'meeting');
      const meetingCard = (await rep.get(`/api/tasks/${meeting.id}`)).body.form.values;
      expect(meetingCard.meetingAt).toBeTruthy();
      expect(meetingCard).toHaveProperty('meetingPlace');
      expect((await rep.post(`/api/tasks/${meeting.id}/complete`, { data: heldNow(h) })).status).toBe(200);
      // The premises call comes some working days after the meeting.
      let premises: any;
      for (let day = 0; day < 30 && !premises; day++) {
        await h.advance(24 * 3600_000);
        rep = await h.as('rep');
        premises = (await rep.get('/api/tasks/mine')).body.items.find((t: any) => t.dealId === dealId && t.elementId === 'premises_call');
      }
      man = await h.as('man');
      // The task's variables do carry the process's internals (the invitation's job result)…
      const row = await h.potok.crm.database.db.selectFrom('user_tasks').select(['variables']).where('id', '=', premises.id).executeTakeFirstOrThrow();
      expect(Object.keys(JSON.parse(String((row as any).variables)))).toEqual(expect.arrayContaining(['messageId', 'mail', 'status', 'completedBy']));
      // …the browser gets the form's fields and what its texts read.
      const card = await rep.get(`/api/tasks/${premises.id}`);
      expect(card.status).toBe(200);
      const values = card.body.form.values;
      for (const key of ['messageId', 'mail', 'status', 'completedBy', 'recallDelayDays', 'salesRepOptions', 'owner']) expect(values, key).not.toHaveProperty(key);
      const fieldKeys = JSON.stringify(card.body.form.schema).match(/"key":"(\w+)"/g)!.map((k) => k.slice(7, -1));
      expect(fieldKeys).toContain('premisesAddress');
      for (const key of Object.keys(values)) expect([...fieldKeys, 'meetingPlace', 'bannedInnWarning']).toContain(key);
      // The assignment form still gets its option list.
      const other = (await man.post('/api/deals', { ...DEAL, title: 'Опции' })).body;
      const assign = (await man.get('/api/tasks/mine')).body.items.find((t: any) => t.dealId === other.id && t.elementId === 'assign_rep');
      expect((await man.get(`/api/tasks/${assign.id}`)).body.form.values).toEqual({ salesRepOptions: [{ value: 'rep', label: 'Test rep' }] });
    });

    it('given a task completed twice, when the second completion comes, then 409 says who completed it and when', async () => {
      const deal = (await man.post('/api/deals', { ...DEAL, title: 'Дважды' })).body;
      const assign = (await man.get('/api/tasks/mine')).body.items.find((t: any) => t.dealId === deal.id && t.elementId === 'assign_rep');
      expect((await man.post(`/api/tasks/${assign.id}/complete`, { data: { salesRep: 'rep' } })).status).toBe(200);
      const again = await man.post(`/api/tasks/${assign.id}/complete`, { data: { salesRep: 'rep' } });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('conflict');
      expect(again.body.message).toMatch(/^The task was already completed by man at \d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?\+03:00$/);
      const ru = await h.request('POST', `/api/tasks/${assign.id}/complete`, { cookie: man.cookie, csrf: man.csrf, body: { data: { salesRep: 'rep' } }, headers: { 'accept-language': 'ru' } });
      expect(ru.body.message).toMatch(/^Задачу уже выполнил man \(\d{4}-.*\+03:00\)$/);
    });

    describe('the 1C connection check', () => {
      let server: Server;
      let base: string;
      beforeAll(async () => {
        server = createServer((_req, res) => {
          res.statusCode = 401;
          res.end('no');
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/odata`;
      });
      afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

      it('given a one-letter password, when the check answers, then its message is not garbled; a long password is masked', async () => {
        const short = await adm.post('/api/admin/settings/onec/test', { baseUrl: base, user: 'odata', password: 'p' });
        expect(short.status, JSON.stringify(short.body)).toBe(200);
        const text = JSON.stringify(short.body);
        expect(text).not.toContain('***');
        expect(text).toContain('http://127.0.0.1');
        const long = await adm.post('/api/admin/settings/onec/test', { baseUrl: `${base}/s3cretPass`, user: 'odata', password: 's3cretPass' });
        expect(long.status).toBe(200);
        expect(JSON.stringify(long.body)).not.toContain('s3cretPass');
      });
    });
  });
}
