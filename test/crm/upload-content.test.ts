/**
 * The upload content check on its own: what the first bytes are, against the policy, the
 * name and the declared type; and the web form's fallback accept list kept equal to the
 * server's.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_UPLOAD_POLICY } from '../../src/crm/documents/document.service.ts';
import { acceptOf, checkUploadContent } from '../../src/crm/documents/upload-content.ts';
import { DEFAULT_ACCEPT } from '../../web/src/form/upload-accept.ts';

const ALLOWED = DEFAULT_UPLOAD_POLICY.allowedTypes;
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
/** An OLE2 compound file header: what .doc and .xls files are. */
const CFB = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]), Buffer.alloc(60)]);
const check = (content: Buffer | string, name: string, declared: string, allowed: readonly string[] = ALLOWED) => checkUploadContent(Buffer.from(content), name, declared, allowed);

describe('upload content check', () => {
  it('given a photo, when its name, declared type or neither agree, then it is accepted as image/jpeg', async () => {
    expect(await check(JPEG, 'IMG_1.JPG', 'image/jpeg')).toEqual({ ok: true, contentType: 'image/jpeg' });
    expect(await check(JPEG, 'IMG_1.jpeg', 'image/jpg')).toEqual({ ok: true, contentType: 'image/jpeg' });
    expect(await check(JPEG, 'photo', '')).toEqual({ ok: true, contentType: 'image/jpeg' });
  });

  it('given an old Word or Excel file, when named .doc or .xls, then it is stored as Word or Excel', async () => {
    expect(await check(CFB, 'договор.doc', 'application/msword')).toEqual({ ok: true, contentType: 'application/msword' });
    expect(await check(CFB, 'счёт.xls', 'application/octet-stream')).toEqual({ ok: true, contentType: 'application/vnd.ms-excel' });
    expect(await check(CFB, 'счёт.pdf', 'application/pdf')).toMatchObject({ ok: false, reason: 'name_mismatch' });
  });

  it('given executables, markup or empty content, when checked, then they are refused whatever they claim', async () => {
    expect(await check(ELF, 'scan.pdf', 'application/pdf')).toMatchObject({ ok: false, reason: 'not_allowed' });
    expect(await check('<!DOCTYPE html><p>hi', 'readme.txt', 'text/plain')).toMatchObject({ ok: false, reason: 'not_allowed' });
    expect(await check('\uFEFF  <svg/>', 'a.txt', 'text/plain')).toMatchObject({ ok: false, reason: 'not_allowed' });
    expect(await check('', 'a.pdf', 'application/pdf')).toEqual({ ok: false, reason: 'empty' });
  });

  it('given a policy with a wildcard, when an image it has no entry for arrives, then the wildcard admits it under its own type', async () => {
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    expect(await check(gif, 'a.gif', 'image/gif', ['image/*'])).toEqual({ ok: true, contentType: 'image/gif' });
    expect(await check(gif, 'a.gif', 'image/gif')).toMatchObject({ ok: false, reason: 'not_allowed' });
  });

  it('given the shipped policy, when the web form has no answer from the server, then its accept list is the server\'s', () => {
    expect(DEFAULT_ACCEPT).toBe(acceptOf(DEFAULT_UPLOAD_POLICY.allowedTypes));
  });
});
