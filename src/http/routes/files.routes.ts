import { Readable } from 'node:stream';
import type { MultipartFile, Multipart } from '@fastify/multipart';
import { Type } from 'typebox';
import { acceptOf } from '../../crm/documents/upload-content.ts';
import { ServiceError } from '../../crm/service-error.ts';
import { actorOf } from '../auth.plugin.ts';
import type { ApiContext, App } from '../context.ts';
import { fileDto } from '../dto.ts';
import { commonErrors, IdParams } from '../schemas.ts';

export function fileRoutes(app: App, { crm, zone }: ApiContext): void {
  app.post(
    '/api/deals/:id/files',
    {
      schema: {
        tags: ['documents'],
        summary: 'Upload a file for a deal (multipart/form-data, exactly one file part); its type is detected from the content; an upload for the same docKey adds a version',
        consumes: ['multipart/form-data'],
        params: IdParams,
        querystring: Type.Object({ docKey: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 201: Type.Ref('File'), ...commonErrors(413, 415, 422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!request.isMultipart()) throw new ServiceError('unsupported_type', 'Send the file as multipart/form-data');
      const parts = request.parts()[Symbol.asyncIterator]();
      const part = await firstFile(parts);
      if (!part) throw new ServiceError('validation', 'No file in the request', [{ field: 'file', message: 'Choose a file' }]);
      const info = await crm.documents.upload(actor, {
        dealId: request.params.id,
        docKey: request.query.docKey ?? null,
        fileName: part.filename,
        contentType: part.mimetype || 'application/octet-stream',
        content: onlyFile(part, parts),
      });
      return reply.status(201).send(fileDto(info, zone));
    },
  );

  app.get(
    '/api/uploads/policy',
    {
      schema: {
        tags: ['documents'],
        summary: "What a deal upload may be: the size limit, the allowed types, and the file picker's accept list",
        response: { 200: Type.Object({ maxBytes: Type.Integer(), allowedTypes: Type.Array(Type.String()), accept: Type.String() }), ...commonErrors() },
      },
    },
    async () => {
      const { maxBytes, allowedTypes } = crm.documents.uploadPolicy;
      return { maxBytes, allowedTypes: [...allowedTypes], accept: acceptOf(allowedTypes) };
    },
  );

  app.get(
    '/api/deals/:id/files',
    { schema: { tags: ['documents'], summary: "The deal's files, every version", params: IdParams, response: { 200: Type.Object({ items: Type.Array(Type.Ref('File')) }), ...commonErrors() } } },
    async (request) => ({ items: (await crm.documents.listOfDeal(actorOf(request), request.params.id)).map((f) => fileDto(f, zone)) }),
  );

  app.get(
    '/api/files/:id',
    {
      schema: {
        tags: ['documents'],
        summary: 'Download a file (only for people who may see its deal)',
        params: IdParams,
        produces: ['application/octet-stream'],
        response: { 200: Type.Unknown({ description: 'The file' }), ...commonErrors() },
      },
    },
    async (request, reply) => {
      const { info, content } = await crm.documents.open(actorOf(request), request.params.id);
      // Always a download, never rendered inline: an uploaded HTML or SVG must not run in our origin.
      reply.header('content-type', info.contentType);
      reply.header('content-disposition', `attachment; filename="${info.name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(info.name)}`);
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(content);
    },
  );
}

const oneFileOnly = (): ServiceError => new ServiceError('bad_request', 'One file per request', [{ field: 'file', message: 'Send one file per request' }]);

async function firstFile(parts: AsyncIterator<Multipart>): Promise<MultipartFile | null> {
  for (;;) {
    const next = await parts.next();
    if (next.done) return null;
    if (next.value.type === 'file') return next.value;
  }
}

/**
 * The file part's content, which fails instead of ending if the request carries another
 * file: the second one would otherwise be dropped without a word (the multipart limit of
 * one file only stops it being parsed). The check runs when the first file has been read,
 * before anything is recorded.
 */
function onlyFile(part: MultipartFile, parts: AsyncIterator<Multipart>): Readable {
  async function* content() {
    for await (const chunk of part.file) yield chunk as Buffer;
    // A file cut at the size limit: the store reports it (it reads `truncated`), and the
    // parser has nothing more to say but that same limit.
    if (part.file.truncated) return;
    for (;;) {
      let next: IteratorResult<Multipart>;
      try {
        next = await parts.next();
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'FST_FILES_LIMIT') throw oneFileOnly();
        if (code === 'FST_REQ_FILE_TOO_LARGE') return;
        throw err;
      }
      if (next.done) return;
      if (next.value.type === 'file') {
        next.value.file.resume();
        throw oneFileOnly();
      }
    }
  }
  const stream = Readable.from(content(), { objectMode: false });
  // The store reads `truncated` to tell a file cut at the size limit.
  Object.defineProperty(stream, 'truncated', { get: () => part.file.truncated });
  return stream;
}
