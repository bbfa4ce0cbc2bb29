/**
 * Admin: the files attached to e-mail templates (the presentation PDF). An attachment is
 * named by its number in the template (0, 1, …) or its file name.
 */
import { Type } from 'typebox';
import { forbidden, ServiceError } from '../../crm/service-error.ts';
import type { TemplateFilesState } from '../../crm/admin/template-attachment.service.ts';
import { toIso } from '../../crm/time-format.ts';
import { actorOf } from '../auth.plugin.ts';
import type { ApiContext, App } from '../context.ts';
import { commonErrors, Nullable } from '../schemas.ts';

const FileInfo = Type.Object({ id: Type.String(), name: Type.String(), contentType: Type.String(), size: Type.Integer(), uploadedBy: Type.String(), uploadedAt: Type.String() });

/** The files part of a template entry, added to GET /api/admin/templates and returned by these routes. */
export const TemplateFilesSchema = {
  attachments: Type.Array(
    Type.Object({ index: Type.Integer(), filename: Type.String({ description: 'the name the client sees' }), title: Nullable(Type.String()), contentType: Nullable(Type.String()), file: Nullable(FileInfo) }),
  ),
  missingFiles: Type.Array(Type.Object({ index: Type.Integer(), filename: Type.String(), title: Nullable(Type.String()) }), { description: 'attachments with no uploaded file: e-mails from this template fail until it is uploaded' }),
  incomplete: Type.Boolean({ description: 'true while an attachment has no file' }),
};

export const TemplateEntrySchema = Type.Object({ type: Type.String(), customised: Type.Boolean(), template: Type.Record(Type.String(), Type.Unknown()), ...TemplateFilesSchema });

export function templateFilesDto(state: TemplateFilesState, zone: string) {
  return {
    ...state,
    attachments: state.attachments.map((a) => ({ ...a, file: a.file ? { ...a.file, uploadedAt: toIso(a.file.uploadedAt, zone)! } : null })),
  };
}

export function templateFileRoutes(app: App, { crm, zone }: ApiContext): void {
  const service = crm.templateAttachments;
  const Params = Type.Object({ type: Type.String({ maxLength: 60 }), attachment: Type.String({ minLength: 1, maxLength: 200, description: 'the attachment\'s number (0, 1, …) or its file name' }) });
  const path = '/api/admin/templates/:type/attachments/:attachment/file';
  const entry = (r: Awaited<ReturnType<typeof service.remove>>) => ({ ...r, ...templateFilesDto(r, zone) });

  app.post(
    path,
    {
      schema: {
        tags: ['admin'],
        summary: "Upload or replace the file of a template's attachment (multipart/form-data, one part named \"file\"; PDF, PowerPoint, Word, Excel, images, zip, text)",
        consumes: ['multipart/form-data'],
        params: Params,
        response: { 201: TemplateEntrySchema, ...commonErrors(413, 415, 422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      if (actor.role !== 'admin') throw forbidden();
      if (!request.isMultipart()) throw new ServiceError('unsupported_type', 'Send the file as multipart/form-data', [{ field: 'file', message: 'Send the file as multipart/form-data' }]);
      const part = await request.file();
      if (!part) throw new ServiceError('validation', 'No file in the request', [{ field: 'file', message: 'Choose a file' }]);
      const r = await service.upload(actor, request.params.type, request.params.attachment, { fileName: part.filename, contentType: part.mimetype || 'application/octet-stream', content: part.file });
      return reply.status(201).send(entry(r));
    },
  );

  app.delete(
    path,
    { schema: { tags: ['admin'], summary: "Remove the file of a template's attachment (e-mails from the template then fail until a file is uploaded)", params: Params, response: { 200: TemplateEntrySchema, ...commonErrors() } } },
    async (request) => entry(await service.remove(actorOf(request), request.params.type, request.params.attachment)),
  );

  app.get(
    path,
    {
      schema: {
        tags: ['admin'],
        summary: "Download the file of a template's attachment",
        params: Params,
        produces: ['application/octet-stream'],
        response: { 200: Type.Unknown({ description: 'The file' }), ...commonErrors() },
      },
    },
    async (request, reply) => {
      const { info, content } = await service.open(actorOf(request), request.params.type, request.params.attachment);
      // Always a download, never rendered inline (as for deal files).
      reply.header('content-type', info.contentType);
      reply.header('content-disposition', `attachment; filename="${info.name.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(info.name)}`);
      reply.header('x-content-type-options', 'nosniff');
      return reply.send(content);
    },
  );
}
