/**
 * Deal document uploads through the API on both databases: the type comes from the
 * content (not the client's name or declared type), empty files, unknown document keys,
 * one file per request, and the policy the web form reads for its file picker.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DOCUMENT_SETS } from '../../src/crm/document-sets/index.ts';
import { DEFAULT_UPLOAD_POLICY } from '../../src/crm/documents/document.service.ts';
import { testDatabases } from '../support/databases.ts';
import { openHarness, type Caller, type Harness } from './support/api-harness.ts';
import { heldNow } from './support/deal-steps.ts';

const DAY = 24 * 3600_000;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
/** A Windows executable's first bytes: "MZ", then the DOS stub. */
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'), Buffer.alloc(200)]);
/** A zip whose first entry is word/document.xml (what a .docx starts with), stored uncompressed. */
function docx(): Buffer {
  const name = Buffer.from('word/document.xml');
  const data = Buffer.from('<w:document/>');
  const head = Buffer.alloc(30);
  head.writeUInt32LE(0x04034b50, 0);
  head.writeUInt16LE(20, 4);
  head.writeUInt32LE(data.length, 18);
  head.writeUInt32LE(data.length, 22);
  head.writeUInt16LE(name.length, 26);
  return Buffer.concat([head, name, data]);
}

interface Part {
  readonly name?: string;
  readonly filename: string;
  readonly type: string;
  readonly content: string | Buffer;
}

function multipart(...parts: Part[]) {
  const boundary = '----potokuploads';
  const chunks = parts.flatMap((p) => [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name ?? 'file'}"; filename="${p.filename}"\r\nContent-Type: ${p.type}\r\n\r\n`),
    Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content),
    Buffer.from('\r\n'),
  ]);
  return { body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The shipped policy with CSV allowed too (an operator's POTOK_UPLOAD_TYPES may add it). */
const POLICY = { maxBytes: 100_000, allowedTypes: [...DEFAULT_UPLOAD_POLICY.allowedTypes, 'text/csv'] };
const fieldsOf = (res: { body: any }) => (res.body.fields ?? []).map((f: any) => f.field);

for (const target of testDatabases()) {
  describe(`deal document uploads on ${target.name}`, () => {
    let h: Harness;
    const c = {} as Record<'admin' | 'manager' | 'rep', Caller>;
    let dealId: string;

    const upload = (query: string, ...parts: Part[]) => {
      const file = multipart(...parts);
      return h.request('POST', `/api/deals/${dealId}/files${query}`, { cookie: c.rep.cookie, csrf: c.rep.csrf, body: file.body, headers: file.headers });
    };
    const storedFiles = () => (existsSync(path.join(h.dataDir, 'files')) ? readdirSync(path.join(h.dataDir, 'files'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0);
    const filesOfDeal = async (id = dealId) => (await c.manager.get(`/api/deals/${id}/files`)).body.items as any[];

    beforeAll(async () => {
      h = await openHarness(target, { uploadPolicy: POLICY });
      await h.user('admin', 'adm');
      await h.user('manager', 'maria');
      await h.user('sales_rep', 'ivan');
      const manager = await h.as('maria');
      dealId = (await manager.post('/api/deals', { title: 'Загрузки', contactName: 'К', phone: '+7 900 000-00-11', email: 'u@example.test' })).body.id;
      const assign = (await manager.get('/api/tasks/mine')).body.items.find((t: any) => t.dealId === dealId);
      await manager.post(`/api/tasks/${assign.id}/complete`, { data: { salesRep: 'ivan' } });
    });
    beforeEach(async () => {
      c.admin = await h.as('adm');
      c.manager = await h.as('maria');
      c.rep = await h.as('ivan');
    });
    afterAll(async () => h?.close());

    it('given a file whose bytes are not in this server\'s file store (another server received it), when downloaded, then 404 says so instead of a 500', async () => {
      const own = (await c.manager.post('/api/deals', { title: 'Файл на другом сервере', contactName: 'К', phone: '+7 900 000-00-19', email: 'o@example.test' })).body.id;
      const file = multipart({ filename: 'scan.pdf', type: 'application/pdf', content: PDF });
      const up = await h.request('POST', `/api/deals/${own}/files`, { cookie: c.manager.cookie, csrf: c.manager.csrf, body: file.body, headers: file.headers });
      expect(up.status, up.raw).toBe(201);
      const dir = path.join(h.dataDir, 'files');
      for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) if (e.isFile()) rmSync(path.join(e.parentPath ?? (e as any).path, e.name));
      const res = await h.request('GET', `/api/files/${up.body.id}`, { cookie: c.manager.cookie });
      expect(res.status, res.raw).toBe(404);
      expect(res.body.message).toContain('file store');
    });

    it('given an executable named virus.pdf or HTML named x.png, when uploaded, then 415 names the file and nothing is kept', async () => {
      const before = storedFiles();
      const virus = await upload('?docKey=passport', { filename: 'virus.pdf', type: 'application/pdf', content: EXE });
      expect(virus.status).toBe(415);
      expect(virus.body).toMatchObject({ code: 'unsupported_type', fields: [{ field: 'file' }] });
      expect(virus.body.message).toContain('application/x-msdownload');
      const html = await upload('?docKey=passport', { filename: 'x.png', type: 'image/png', content: '<html><script>alert(1)</script></html>' });
      expect(html.status).toBe(415);
      expect(fieldsOf(html)).toEqual(['file']);
      const svg = await upload('', { filename: 'logo.txt', type: 'text/plain', content: '\n <svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>' });
      expect(svg.status).toBe(415);
      const exeAsIs = await upload('', { filename: 'setup.exe', type: 'application/x-msdownload', content: EXE });
      expect(exeAsIs.status).toBe(415);
      expect(storedFiles()).toBe(before);
      expect(await filesOfDeal()).toEqual([]);
    });

    it('given allowed content under a name or declared type of another kind, when uploaded, then 415 says they do not match', async () => {
      const pngAsPdf = await upload('?docKey=passport', { filename: 'scan.pdf', type: 'application/pdf', content: PNG });
      expect(pngAsPdf.status).toBe(415);
      expect(pngAsPdf.body).toMatchObject({ code: 'unsupported_type', fields: [{ field: 'file', message: 'The file name does not match its content' }] });
      const declaredPdf = await upload('?docKey=passport', { filename: 'photo.png', type: 'application/pdf', content: PNG });
      expect(declaredPdf.status).toBe(415);
      expect(declaredPdf.body.fields).toEqual([{ field: 'file', message: 'The file type does not match its content' }]);
    });

    it('given real files of allowed types, when uploaded, then they are kept with the type read from their content', async () => {
      const pdf = await upload('?docKey=passport', { filename: 'паспорт.pdf', type: 'application/pdf', content: PDF });
      expect(pdf.status, pdf.raw).toBe(201);
      expect(pdf.body).toMatchObject({ name: 'паспорт.pdf', contentType: 'application/pdf', docKey: 'passport', size: PDF.length });
      // A phone that does not know the type sends application/octet-stream: the content decides.
      const photo = await upload('?docKey=bank_card', { filename: 'IMG_0001.png', type: 'application/octet-stream', content: PNG });
      expect(photo.status, photo.raw).toBe(201);
      expect(photo.body.contentType).toBe('image/png');
      const word = await upload('?docKey=charter', { filename: 'Устав.docx', type: 'application/octet-stream', content: docx() });
      expect(word.status, word.raw).toBe(201);
      expect(word.body.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      const download = await c.rep.get(pdf.body.url);
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.raw).toBe(PDF.toString());
    });

    it('given text files (no magic bytes), when uploaded, then readable text is kept and binary or markup is refused', async () => {
      const note = await upload('', { filename: 'заметка.txt', type: 'text/plain', content: 'Реквизиты уточнить у бухгалтера\r\n' });
      expect(note.status, note.raw).toBe(201);
      expect(note.body).toMatchObject({ contentType: 'text/plain', docKey: null });
      // Excel on Windows writes CSV in Windows-1251 and the browser declares it as Excel.
      const csv = await upload('', { filename: 'счета.csv', type: 'application/vnd.ms-excel', content: Buffer.from([0xd1, 0xf7, 0xe5, 0xf2, 0x3b, 0x31, 0x0a]) });
      expect(csv.status, csv.raw).toBe(201);
      expect(csv.body.contentType).toBe('text/csv');
      const binary = await upload('', { filename: 'data.txt', type: 'text/plain', content: Buffer.from([0x41, 0x00, 0x42, 0x01]) });
      expect(binary.status).toBe(415);
      expect(fieldsOf(binary)).toEqual(['file']);
    });

    it('given a real PDF larger than the limit (past the sampled head), when uploaded, then 413 names the file and nothing is kept', async () => {
      const before = storedFiles();
      const big = await upload('?docKey=passport', { filename: 'big.pdf', type: 'application/pdf', content: Buffer.concat([PDF, Buffer.alloc(150_000, 0x20)]) });
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ code: 'too_large', fields: [{ field: 'file' }] });
      expect(storedFiles()).toBe(before);
    });

    it('given an empty file, when uploaded for a document, then 422 names the file and nothing is recorded', async () => {
      const before = (await filesOfDeal()).length;
      const empty = await upload('?docKey=egrul_record', { filename: 'egrul.pdf', type: 'application/pdf', content: '' });
      expect(empty.status).toBe(422);
      expect(empty.body).toMatchObject({ code: 'validation', fields: [{ field: 'file', message: 'The file is empty' }] });
      expect((await filesOfDeal()).length).toBe(before);
    });

    it('given two file parts in one request, when uploaded, then 400 "one file per request" names the file and neither is kept', async () => {
      const before = (await filesOfDeal()).length;
      const storedBefore = storedFiles();
      const two = await upload('?docKey=passport', { filename: 'a.pdf', type: 'application/pdf', content: PDF }, { filename: 'b.pdf', type: 'application/pdf', content: PDF });
      expect(two.status).toBe(400);
      expect(two.body).toMatchObject({ code: 'bad_request', message: 'One file per request', fields: [{ field: 'file' }] });
      // Under another part name the second file is refused the same way.
      const other = await upload('', { filename: 'a.pdf', type: 'application/pdf', content: PDF }, { name: 'extra', filename: 'b.png', type: 'image/png', content: PNG });
      expect(other.status).toBe(400);
      expect(fieldsOf(other)).toEqual(['file']);
      expect((await filesOfDeal()).length).toBe(before);
      expect(storedFiles()).toBe(storedBefore);
    });

    it('given a document key outside the deal\'s document sets, when uploaded, then 422 names docKey; without a key it is a general attachment', async () => {
      const unknown = await upload('?docKey=nonexistent', { filename: 'x.pdf', type: 'application/pdf', content: PDF });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({ code: 'validation', fields: [{ field: 'docKey' }] });
      expect((await filesOfDeal()).some((f) => f.docKey === 'nonexistent')).toBe(false);
      const general = await upload('', { filename: 'письмо.pdf', type: 'application/pdf', content: PDF });
      expect(general.status, general.raw).toBe(201);
      expect(general.body.docKey).toBeNull();
    });

    it('given the upload policy, when the form asks for it, then it lists what the server accepts for the file picker', async () => {
      const res = await c.rep.get('/api/uploads/policy');
      expect(res.status).toBe(200);
      expect(res.body.maxBytes).toBe(100_000);
      expect(res.body.allowedTypes).toEqual(POLICY.allowedTypes);
      const accept = res.body.accept.split(',');
      expect(accept).toEqual(expect.arrayContaining(['application/pdf', '.pdf', 'image/heic', '.heic', '.docx', '.xlsx', '.zip', '.txt', '.csv']));
      expect((await h.request('GET', '/api/uploads/policy')).status).toBe(401);
    });
  });

  describe(`document keys after an admin changes the sets, on ${target.name}`, () => {
    let h: Harness;
    const c = {} as Record<'admin' | 'manager' | 'rep', Caller>;
    beforeAll(async () => {
      h = await openHarness(target);
      await h.user('admin', 'adm');
      await h.user('manager', 'maria');
      await h.user('sales_rep', 'ivan');
    });
    const login = async () => {
      c.admin = await h.as('adm');
      c.manager = await h.as('maria');
      c.rep = await h.as('ivan');
    };
    beforeEach(login);
    afterAll(async () => h?.close());

    const upload = (dealId: string, docKey: string, who = c.rep) => {
      const file = multipart({ filename: `${docKey}.pdf`, type: 'application/pdf', content: PDF });
      return h.request('POST', `/api/deals/${dealId}/files?docKey=${docKey}`, { cookie: who.cookie, csrf: who.csrf, body: file.body, headers: file.headers });
    };
    async function toUpload(title: string): Promise<string> {
      const deal = (await c.manager.post('/api/deals', { title, contactName: 'К', phone: '+7 900 000-00-12', email: 'k@example.test' })).body;
      const step = async (who: () => Caller, elementId: string, data: Record<string, unknown>) => {
        const t = (await who().get('/api/tasks/mine?limit=200')).body.items.find((x: any) => x.dealId === deal.id && x.elementId === elementId);
        expect(t, elementId).toBeTruthy();
        expect((await who().post(`/api/tasks/${t.id}/complete`, { data })).status, elementId).toBe(200);
        await h.settle();
      };
      await step(() => c.manager, 'assign_rep', { salesRep: 'ivan' });
      await step(() => c.rep, 'first_call', { callResult: 'meeting' });
      await step(() => c.rep, 'meeting', heldNow(h));
      await h.advance(7 * DAY);
      await login(); // the clock moved by days
      await step(() => c.rep, 'premises_call', { premisesFound: true, premisesAddress: 'Адрес' });
      await step(() => c.rep, 'client_type', { clientType: 'ooo' });
      return deal.id;
    }

    it('given an open document task and a later admin change, when uploading, then the task\'s keys and the new keys are accepted, a removed key only where a task still asks for it', async () => {
      const dealInTask = await toUpload('Задача до изменения');
      const dealBefore = (await c.manager.post('/api/deals', { title: 'Без задачи', contactName: 'К', phone: '+7 900 000-00-13', email: 'b@example.test' })).body.id;
      await h.advance(60_000);
      await login();
      const saved = await h.request('PUT', '/api/admin/document-sets', { cookie: c.admin.cookie, csrf: c.admin.csrf, body: { sets: { ip: DEFAULT_DOCUMENT_SETS.ip, ooo: [{ key: 'charter', label: 'Устав' }, { key: 'snils', label: 'СНИЛС директора' }] } } });
      expect(saved.status, saved.raw).toBe(200);

      // The open upload task was created with the old sets: it still asks for egrul_record.
      expect((await upload(dealInTask, 'egrul_record')).status).toBe(201);
      expect((await upload(dealInTask, 'snils')).status).toBe(201);
      // A deal with no document task yet gets the sets in effect now: egrul_record is gone (ИП never had it).
      const removed = await upload(dealBefore, 'egrul_record', c.manager);
      expect(removed.status).toBe(422);
      expect(fieldsOf(removed)).toEqual(['docKey']);
      expect((await upload(dealBefore, 'snils', c.manager)).status).toBe(201);
      expect((await upload(dealBefore, 'passport', c.manager)).status).toBe(201);
    });
  });
}
