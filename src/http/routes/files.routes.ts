import { Type } from 'typebox';
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
        summary: 'Upload a file for a deal (multipart/form-data, one part named "file"); an upload for the same docKey adds a version',
        consumes: ['multipart/form-data'],
        params: IdParams,
        querystring: Type.Object({ docKey: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 201: Type.Ref('File'), ...commonErrors(413, 415, 422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (!request.isMultipart()) throw new ServiceError('unsupported_type', 'Send the file as multipart/form-data');
      const part = await request.file();
      if (!part) throw new ServiceError('validation', 'No file in the request', [{ field: 'file', message: 'Choose a file' }]);
      const info = await crm.documents.upload(actor, {
        dealId: request.params.id,
        docKey: request.query.docKey ?? null,
        fileName: part.filename,
        contentType: part.mimetype || 'application/octet-stream',
        content: part.file,
      });
      return reply.status(201).send(fileDto(info, zone));
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
