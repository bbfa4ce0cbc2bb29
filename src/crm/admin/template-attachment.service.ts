/**
 * The files of e-mail template attachments (the presentation PDF of "Company
 * presentation"): an admin uploads, replaces, downloads and removes them. A file is a
 * `files` row without a deal (doc_key `template:<type>`); its id goes into the
 * attachment's `fileId` in the admin's version of the template, which the e-mail job
 * reads when it runs — so after an upload, retrying the failed job sends the mail.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { FileSource } from '../../connectors/mail/email-send.connector.ts';
import { isTemplateType, type TemplateType } from '../../connectors/mail/template-catalogue.ts';
import { validateTemplate, type MailTemplate, type TemplateAttachment } from '../../connectors/mail/template.renderer.ts';
import { FileTooLargeError, safeFileName, type FileStore } from '../../connectors/storage/file-store.ts';
import { toJson } from '../../store/json.ts';
import type { Clock } from '../clock.ts';
import type { Actor } from '../roles.ts';
import { forbidden, invalid, notFound, ServiceError } from '../service-error.ts';
import type { AdminSettingsService } from './admin-settings.service.ts';

/** What an admin may attach to a client e-mail, by extension; the extension decides the type the client gets. */
export const TEMPLATE_ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odp: 'application/vnd.oasis.opendocument.presentation',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  zip: 'application/zip',
  txt: 'text/plain',
};
/** Types some browsers send instead of the precise one; the extension then decides. */
const VAGUE_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/x-zip-compressed', 'application/x-pdf', 'application/vnd.pdf']);

export interface TemplateFileInfo {
  readonly id: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly uploadedBy: string;
  readonly uploadedAt: number;
}

export interface TemplateAttachmentView {
  readonly index: number;
  readonly filename: string;
  readonly title: string | null;
  readonly contentType: string | null;
  /** The uploaded file; null while none is uploaded (the e-mail then fails). */
  readonly file: TemplateFileInfo | null;
}

export interface TemplateFilesState {
  readonly attachments: TemplateAttachmentView[];
  /** Attachments without an uploaded file: an e-mail from this template fails until they are uploaded. */
  readonly missingFiles: { index: number; filename: string; title: string | null }[];
  readonly incomplete: boolean;
}

const docKeyOf = (type: TemplateType): string => `template:${type}`;

const toInfo = (r: any): TemplateFileInfo => ({ id: r.id, name: r.name, contentType: r.content_type, size: Number(r.size), uploadedBy: r.uploaded_by, uploadedAt: Number(r.created_at) });

function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw forbidden();
}

function extensionOf(name: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return m ? m[1]!.toLowerCase() : '';
}

/** The client-visible name, with the extension of the file actually uploaded (a .pptx is not sent as «….pdf»). */
function withExtension(filename: string, ext: string): string {
  if (extensionOf(filename) === ext) return filename;
  const base = extensionOf(filename) ? filename.replace(/\.[A-Za-z0-9]{1,8}$/, '') : filename;
  return `${base}.${ext}`;
}

export class TemplateAttachmentService {
  constructor(
    private readonly db: Kysely<any>,
    private readonly store: FileStore,
    private readonly templates: AdminSettingsService,
    private readonly maxBytes: number,
    private readonly clock: Clock,
  ) {}

  /** Which attachments have a file, for the template list and its warning. */
  async state(template: MailTemplate | Record<string, unknown>): Promise<TemplateFilesState> {
    const list = (((template as MailTemplate).attachments ?? []) as TemplateAttachment[]).filter((a) => a && typeof a === 'object');
    const ids = list.map((a) => a.fileId).filter((x): x is string => typeof x === 'string' && x.length > 0);
    const rows = ids.length ? await this.db.selectFrom('files').selectAll().where('id', 'in', ids).execute() : [];
    const byId = new Map(rows.map((r: any) => [r.id as string, toInfo(r)]));
    const attachments = list.map((a, index) => ({
      index,
      filename: a.filename,
      title: a.title ?? null,
      contentType: a.contentType ?? null,
      file: a.fileId ? (byId.get(a.fileId) ?? null) : null,
    }));
    const missingFiles = attachments.filter((a) => !a.file).map((a) => ({ index: a.index, filename: a.filename, title: a.title }));
    return { attachments, missingFiles, incomplete: missingFiles.length > 0 };
  }

  /** PUT of a whole template: a fileId must be null or a file uploaded for this template (nobody points a client e-mail at a deal's documents). */
  async putTemplate(actor: Actor, type: string, body: Record<string, unknown>) {
    requireAdmin(actor);
    if (!isTemplateType(type)) throw notFound('No such template');
    const list = Array.isArray(body.attachments) ? (body.attachments as unknown[]) : [];
    const problems: { field: string; message: string }[] = [];
    for (const [i, a] of list.entries()) {
      const fileId = a && typeof a === 'object' ? (a as Record<string, unknown>).fileId : undefined;
      if (fileId === undefined || fileId === null) continue;
      const ok = typeof fileId === 'string' && !!(await this.db.selectFrom('files').select('id').where('id', '=', fileId).where('doc_key', '=', docKeyOf(type)).where('deal_id', 'is', null).executeTakeFirst());
      if (!ok) problems.push({ field: `attachments[${i}].fileId`, message: 'Not a file uploaded for this template; upload the file instead' });
    }
    if (problems.length) throw invalid(problems);
    const saved = await this.templates.putTemplate(actor, type, body);
    return { ...saved, ...(await this.state(saved.template)) };
  }

  /** Uploads (or replaces) the file of one attachment; the admin's version of the template then carries its id. */
  async upload(actor: Actor, type: string, ref: string, input: { fileName: string; contentType: string; content: Readable }) {
    requireAdmin(actor);
    let stored: { key: string; size: number; sha256: string } | null = null;
    try {
      const { template, index } = await this.locate(type, ref);
      const { name, contentType, ext } = this.checkFile(input);
      try {
        stored = await this.store.put(input.content, { maxBytes: this.maxBytes });
      } catch (err) {
        if (err instanceof FileTooLargeError) throw new ServiceError('too_large', `The file is larger than ${Math.round(this.maxBytes / 1024 / 1024)} MB`, [{ field: 'file', message: 'File is too large' }]);
        throw err;
      }
      // An empty file would reach every client as an empty attachment.
      if (stored.size === 0) {
        await this.store.delete(stored.key);
        throw invalid([{ field: 'file', message: 'The file is empty' }], 'The file is empty');
      }
      const now = this.clock.now();
      const id = randomUUID();
      const old = template.attachments![index]!;
      const attachments = template.attachments!.map((a, i) => (i === index ? { ...a, fileId: id, filename: withExtension(a.filename, ext), contentType } : a));
      const next: MailTemplate = { ...template, attachments };
      await this.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('files')
          .values({ id, deal_id: null, doc_key: docKeyOf(template.type), version: 1, name, content_type: contentType, size: stored!.size, sha256: stored!.sha256, storage_key: stored!.key, uploaded_by: actor.login, created_at: now })
          .execute();
        await this.write(trx, next, actor.login, now);
      });
      await this.dropIfUnused(old.fileId, next);
      return { type: next.type, customised: true, template: next as unknown as Record<string, unknown>, ...(await this.state(next)) };
    } catch (err) {
      if (!stored) input.content.resume();
      throw err;
    }
  }

  /** Removes the file of one attachment: the template is then incomplete again. */
  async remove(actor: Actor, type: string, ref: string) {
    requireAdmin(actor);
    const { template, index } = await this.locate(type, ref);
    const old = template.attachments![index]!;
    if (!old.fileId) throw notFound('This attachment has no uploaded file');
    const next: MailTemplate = { ...template, attachments: template.attachments!.map((a, i) => (i === index ? { ...a, fileId: null } : a)) };
    await this.write(this.db, next, actor.login, this.clock.now());
    await this.dropIfUnused(old.fileId, next);
    return { type: next.type, customised: true, template: next as unknown as Record<string, unknown>, ...(await this.state(next)) };
  }

  /** The uploaded file of one attachment, for the admin to check what clients receive. */
  async open(actor: Actor, type: string, ref: string): Promise<{ info: TemplateFileInfo; content: Readable }> {
    requireAdmin(actor);
    const { template, index } = await this.locate(type, ref);
    const fileId = template.attachments![index]!.fileId;
    const row = fileId ? await this.db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirst() : undefined;
    if (!row) throw notFound('This attachment has no uploaded file');
    return { info: toInfo(row), content: await this.store.get(row.storage_key) };
  }

  /** The template and the attachment a path names: its index (0, 1, …) or its file name. */
  private async locate(type: string, ref: string): Promise<{ template: MailTemplate; index: number }> {
    if (!isTemplateType(type)) throw notFound('No such template');
    // eslint-disable-next-line no-control-regex -- control characters are refused with the path characters
    if (/[\\/\u0000-\u001f]/.test(ref) || ref.split('.').every((p) => p === '') || ref.includes('..')) {
      throw invalid([{ field: 'attachment', message: 'Give the attachment by its number (0, 1, …) or its file name, without a path' }]);
    }
    const template = await this.templates.effectiveTemplate(type);
    const list = template?.attachments ?? [];
    const index = /^\d{1,3}$/.test(ref) ? Number(ref) : list.findIndex((a) => a.filename === ref);
    if (!template || index < 0 || index >= list.length) throw notFound(`The template has no attachment ${JSON.stringify(ref)}`);
    return { template, index };
  }

  private checkFile(input: { fileName: string; contentType: string; content: Readable }): { name: string; contentType: string; ext: string } {
    const raw = String(input.fileName ?? '');
    // eslint-disable-next-line no-control-regex -- a name with a path or control characters is refused, not silently cut
    if (/[\\/\u0000-\u001f]/.test(raw) || raw.includes('..')) throw invalid([{ field: 'file', message: 'The file name must be a plain name, without a path' }]);
    const name = safeFileName(raw);
    const ext = extensionOf(name);
    const byExt = TEMPLATE_ATTACHMENT_TYPES[ext];
    const allowed = `PDF, ${Object.keys(TEMPLATE_ATTACHMENT_TYPES).filter((e) => e !== 'pdf').join(', ')}`;
    if (!byExt) throw new ServiceError('unsupported_type', `Files like «${name}» cannot be attached to an e-mail; allowed: ${allowed}`, [{ field: 'file', message: `This file type is not accepted (allowed: ${allowed})` }]);
    const declared = input.contentType.split(';')[0]!.trim().toLowerCase();
    if (!VAGUE_TYPES.has(declared) && declared !== byExt) {
      throw new ServiceError('unsupported_type', `The file's type ${declared} does not match its name «${name}»`, [{ field: 'file', message: `The type ${declared} does not match the extension .${ext}` }]);
    }
    return { name, contentType: byExt, ext };
  }

  private async write(db: Kysely<any>, template: MailTemplate, login: string, now: number): Promise<void> {
    const checked = validateTemplate(template);
    if (!checked.ok) throw invalid(checked.problems.map((p) => ({ field: p.field, message: p.message })));
    const body = toJson(checked.template);
    await db
      .insertInto('email_templates')
      .values({ key: template.type, subject: template.subject, body, updated_by: login, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ subject: template.subject, body, updated_by: login, updated_at: now }))
      .execute();
  }

  /** A replaced or removed file goes away unless another attachment of the template still uses it. */
  private async dropIfUnused(fileId: string | null, template: MailTemplate): Promise<void> {
    if (!fileId || (template.attachments ?? []).some((a) => a.fileId === fileId)) return;
    const row = await this.db.selectFrom('files').select(['storage_key', 'doc_key']).where('id', '=', fileId).executeTakeFirst();
    if (!row || row.doc_key !== docKeyOf(template.type)) return;
    await this.db.deleteFrom('files').where('id', '=', fileId).execute();
    await this.store.delete(row.storage_key).catch(() => undefined);
  }
}

/**
 * The e-mail job's files: an attachment's `fileId` is a `files` row id (what the API
 * shows); a raw storage key (templates written before uploads existed) still works.
 */
export function templateFileSource(db: Kysely<any>, store: FileStore): FileSource {
  const missing = (err: unknown): boolean => {
    const code = (err as { code?: unknown }).code;
    return code === 'ENOENT' || code === 'NOT_FOUND' || (err as Error)?.name === 'NotFoundError';
  };
  return {
    async open(fileId) {
      const row = await db.selectFrom('files').select(['storage_key', 'content_type']).where('id', '=', fileId).executeTakeFirst();
      try {
        return row ? { content: await store.get(row.storage_key), contentType: row.content_type as string } : { content: await store.get(fileId) };
      } catch (err) {
        if (missing(err)) return null;
        throw err;
      }
    },
  };
}
