/**
 * Deal documents: uploads (every version kept: a new upload for the same document key
 * adds a version), downloads checked against the deal's visibility, and links.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { FileTooLargeError, safeFileName, type FileStore } from '../../connectors/storage/file-store.ts';
import type { Clock } from '../clock.ts';
import type { Actor } from '../roles.ts';
import { ServiceError, forbidden, invalid, notFound } from '../service-error.ts';
import type { DealService } from '../deals/deal.service.ts';
import type { TimelineRepository } from '../timeline/timeline.repository.ts';

export interface UploadPolicy {
  readonly maxBytes: number;
  /** Allowed content types; `image/*` style wildcards allowed. */
  readonly allowedTypes: readonly string[];
}

export const DEFAULT_UPLOAD_POLICY: UploadPolicy = {
  maxBytes: 20 * 1024 * 1024,
  allowedTypes: ['application/pdf', 'image/jpeg', 'image/png', 'image/heic', 'image/webp', 'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.ms-excel', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/zip', 'text/plain'],
};

export interface FileInfo {
  readonly id: string;
  readonly dealId: string | null;
  readonly docKey: string | null;
  readonly version: number;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly uploadedBy: string;
  readonly createdAt: number;
}

const toInfo = (r: any): FileInfo => ({
  id: r.id,
  dealId: r.deal_id ?? null,
  docKey: r.doc_key ?? null,
  version: Number(r.version),
  name: r.name,
  contentType: r.content_type,
  size: Number(r.size),
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  createdAt: Number(r.created_at),
});

const DOC_KEY_RE = /^[a-z][a-z0-9_]{0,63}$/;

function typeAllowed(type: string, allowed: readonly string[]): boolean {
  const t = type.toLowerCase().split(';')[0]!.trim();
  return allowed.some((a) => a === t || (a.endsWith('/*') && t.startsWith(a.slice(0, -1))));
}

export class DocumentService {
  constructor(
    private readonly db: Kysely<any>,
    private readonly store: FileStore,
    private readonly deals: DealService,
    private readonly timeline: TimelineRepository,
    private readonly policy: UploadPolicy,
    private readonly clock: Clock,
  ) {}

  get uploadPolicy(): UploadPolicy {
    return this.policy;
  }

  async upload(actor: Actor, input: { dealId: string; docKey?: string | null; fileName: string; contentType: string; content: Readable }): Promise<FileInfo> {
    const deal = await this.deals.get(actor, input.dealId);
    if (actor.role === 'director' || actor.role === 'admin') throw forbidden();
    if (input.docKey && !DOC_KEY_RE.test(input.docKey)) throw invalid([{ field: 'docKey', message: 'Document key: lower-case latin letters, digits and "_"' }]);
    if (!typeAllowed(input.contentType, this.policy.allowedTypes)) {
      input.content.resume();
      throw new ServiceError('unsupported_type', `Files of type ${input.contentType.split(';')[0]} are not accepted`, [{ field: 'file', message: 'This file type is not accepted' }]);
    }
    let stored;
    try {
      stored = await this.store.put(input.content, { maxBytes: this.policy.maxBytes });
    } catch (err) {
      if (err instanceof FileTooLargeError) throw new ServiceError('too_large', `The file is larger than ${Math.round(this.policy.maxBytes / 1024 / 1024)} MB`, [{ field: 'file', message: 'File is too large' }]);
      throw err;
    }
    const now = this.clock.now();
    const id = randomUUID();
    const name = safeFileName(input.fileName);
    const docKey = input.docKey || null;
    await this.db.transaction().execute(async (trx) => {
      let q = trx.selectFrom('files').select((eb) => eb.fn.max('version').as('v')).where('deal_id', '=', deal.id);
      q = docKey ? q.where('doc_key', '=', docKey) : q.where('doc_key', 'is', null);
      const version = Number((await q.executeTakeFirst())?.v ?? 0) + 1;
      await trx
        .insertInto('files')
        .values({ id, deal_id: deal.id, doc_key: docKey, version, name, content_type: input.contentType.split(';')[0]!.trim().toLowerCase(), size: stored.size, sha256: stored.sha256, storage_key: stored.key, uploaded_by: actor.login, created_at: now })
        .execute();
      await this.timeline.add({ dealId: deal.id, at: now, kind: 'document_uploaded', actor: actor.login, data: { fileId: id, name, docKey, version } }, trx);
    });
    return (await this.info(id))!;
  }

  private async info(id: string): Promise<FileInfo | null> {
    const r = await this.db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toInfo(r) : null;
  }

  async listOfDeal(actor: Actor, dealId: string): Promise<FileInfo[]> {
    await this.deals.get(actor, dealId);
    const rows = await this.db.selectFrom('files').selectAll().where('deal_id', '=', dealId).orderBy('doc_key').orderBy('version', 'desc').execute();
    return rows.map(toInfo);
  }

  /** A file for download, if the actor may see its deal. */
  async open(actor: Actor, id: string): Promise<{ info: FileInfo; content: Readable }> {
    const row = await this.db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('File not found');
    if (row.deal_id) await this.deals.get(actor, row.deal_id);
    else if (row.uploaded_by !== actor.login) throw forbidden();
    return { info: toInfo(row), content: await this.store.get(row.storage_key) };
  }
}
