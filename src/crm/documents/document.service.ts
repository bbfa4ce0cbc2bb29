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
import { documentKeysOfDeals, type DocumentKeysPort } from './document-keys.ts';
import { SAMPLE_BYTES, allowedExtensions, checkUploadContent, type ContentVerdict } from './upload-content.ts';
import { discard, readHead } from './stream-head.ts';

export interface UploadPolicy {
  readonly maxBytes: number;
  /** Allowed content types, checked against the detected content (upload-content.ts); `image/*` style wildcards allowed. */
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

/** The refusal of an upload whose content is not what the policy accepts. */
function contentRefusal(verdict: Exclude<ContentVerdict, { ok: true }>, allowedTypes: readonly string[]): ServiceError {
  const file = (message: string) => [{ field: 'file', message }];
  switch (verdict.reason) {
    case 'empty':
      return invalid(file('The file is empty'), 'The file is empty');
    case 'not_allowed':
      return new ServiceError('unsupported_type', `Files of type ${verdict.detected} are not accepted`, file(`This file type is not accepted (allowed: ${allowedExtensions(allowedTypes)})`));
    case 'name_mismatch':
      return new ServiceError('unsupported_type', `The file is named .${verdict.ext} but its content is ${verdict.detected}`, file('The file name does not match its content'));
    case 'declared_mismatch':
      return new ServiceError('unsupported_type', `The file was sent as ${verdict.declared} but its content is ${verdict.detected}`, file('The file type does not match its content'));
  }
}

export class DocumentService {
  constructor(
    private readonly db: Kysely<any>,
    private readonly store: FileStore,
    private readonly deals: DealService,
    private readonly timeline: TimelineRepository,
    private readonly policy: UploadPolicy,
    private readonly clock: Clock,
    private readonly documentKeys: DocumentKeysPort = documentKeysOfDeals(db),
  ) {}

  private tooLarge(): ServiceError {
    const max = this.policy.maxBytes;
    const limit = max >= 1024 * 1024 ? `The file is larger than ${Math.round(max / 1024 / 1024)} MB` : `The file is larger than ${Math.ceil(max / 1024)} KB`;
    return new ServiceError('too_large', limit, [{ field: 'file', message: limit }]);
  }

  get uploadPolicy(): UploadPolicy {
    return this.policy;
  }

  async upload(actor: Actor, input: { dealId: string; docKey?: string | null; fileName: string; contentType: string; content: Readable }): Promise<FileInfo> {
    const deal = await this.deals.get(actor, input.dealId);
    if (actor.role === 'director' || actor.role === 'admin') throw forbidden();
    if (input.docKey && !DOC_KEY_RE.test(input.docKey)) {
      discard(input.content);
      throw invalid([{ field: 'docKey', message: 'Document key: lower-case latin letters, digits and "_"' }]);
    }
    if (input.docKey && !(await this.documentKeys(deal.id)).has(input.docKey)) {
      discard(input.content);
      throw invalid([{ field: 'docKey', message: `"${input.docKey}" is not a document of the deal's document set` }], 'Unknown document key');
    }
    const { head, whole } = await readHead(input.content, SAMPLE_BYTES);
    // A file cut at the multipart limit within the sample is "too large", whatever its first bytes are.
    if ((whole as { truncated?: boolean }).truncated) {
      discard(whole);
      throw this.tooLarge();
    }
    const verdict = await checkUploadContent(head, input.fileName, input.contentType, this.policy.allowedTypes);
    if (!verdict.ok) {
      discard(whole);
      throw contentRefusal(verdict, this.policy.allowedTypes);
    }
    let stored;
    try {
      stored = await this.store.put(whole, { maxBytes: this.policy.maxBytes });
    } catch (err) {
      if (err instanceof FileTooLargeError) throw this.tooLarge();
      throw err;
    }
    const now = this.clock.now();
    const id = randomUUID();
    const name = safeFileName(input.fileName);
    const docKey = input.docKey || null;
    await this.db.transaction().execute(async (trx) => {
      // Versions count uploads for one document key; files without a key are unrelated to each other (each is version 1).
      const version = docKey
        ? Number((await trx.selectFrom('files').select((eb) => eb.fn.max('version').as('v')).where('deal_id', '=', deal.id).where('doc_key', '=', docKey).executeTakeFirst())?.v ?? 0) + 1
        : 1;
      await trx
        .insertInto('files')
        .values({ id, deal_id: deal.id, doc_key: docKey, version, name, content_type: verdict.contentType, size: stored.size, sha256: stored.sha256, storage_key: stored.key, uploaded_by: actor.login, created_at: now })
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
    try {
      return { info: toInfo(row), content: await this.store.get(row.storage_key) };
    } catch (err) {
      // The row is in the shared database but the bytes are not in this server's file store:
      // several servers need one shared files directory (docs/operating.md, several nodes).
      if ((err as { code?: string }).code === 'ENOENT') throw notFound('The file content is not in this server\'s file store (several servers need a shared files directory)');
      throw err;
    }
  }
}
