/**
 * Admin → Documents: the founding documents the rep collects per client type.
 * GET the sets in effect (the admin's version, else the shipped file), PUT a new version,
 * DELETE to go back to the shipped default. A change applies to document tasks created
 * after it; a task already open keeps the documents it showed.
 */
import { Type } from 'typebox';
import { DocumentSetsAdminService, type DocumentSetsView } from '../../crm/document-sets/document-sets-admin.service.ts';
import { DocumentSetsStore, shippedDocumentSets } from '../../crm/document-sets/document-sets.store.ts';
import type { DocumentSets } from '../../crm/document-sets/document-sets.types.ts';
import { toIso } from '../../crm/time-format.ts';
import { actorOf } from '../auth.plugin.ts';
import type { ApiContext, App } from '../context.ts';
import { commonErrors, IsoTime, Nullable } from '../schemas.ts';

const DocumentSpecSchema = Type.Object({
  key: Type.String({ description: 'latin lower-case letters, digits and _ (up to 64); unique within the client type; the key under `documents` on the task and the deal' }),
  label: Type.String({ description: 'the Russian title the rep and the lawyer see' }),
  description: Type.Optional(Type.String({ description: 'a hint under the field' })),
});
const SetsSchema = Type.Object(
  { ip: Type.Array(DocumentSpecSchema, { description: 'ИП (sole proprietor)' }), ooo: Type.Array(DocumentSpecSchema, { description: 'ООО (limited company)' }) },
  { description: 'The documents per client type, in the order the form shows them. Every document is required; the rep gives a link or uploads a file.' },
);
const ViewSchema = Type.Object({
  source: Type.Union([Type.Literal('admin'), Type.Literal('shipped')], { description: "'admin': an admin's saved version; 'shipped': processes/document-sets.json" }),
  sets: SetsSchema,
  updatedBy: Nullable(Type.String({ description: 'who saved or reset last' })),
  updatedAt: Nullable(IsoTime),
  defaults: SetsSchema,
});

export function documentSetsRoutes(app: App, ctx: ApiContext): void {
  const service = new DocumentSetsAdminService(new DocumentSetsStore(ctx.crm.repositories.settings), shippedDocumentSets, ctx.crm.clock);
  const copy = (s: DocumentSets) => ({ ip: [...s.ip], ooo: [...s.ooo] });
  const dto = (v: DocumentSetsView) => ({ ...v, sets: copy(v.sets), defaults: copy(v.defaults), updatedAt: v.updatedAt === null ? null : toIso(v.updatedAt, ctx.zone)! });

  const store = new DocumentSetsStore(ctx.crm.repositories.settings);
  app.get(
    '/api/document-labels',
    {
      schema: {
        tags: ['documents'],
        summary: "Titles of the deal documents' keys (every key of the shipped and the admins' document sets): how a deal card names its documents",
        response: { 200: Type.Object({ labels: Type.Record(Type.String(), Type.String()) }), ...commonErrors() },
      },
    },
    async (request) => {
      actorOf(request);
      return { labels: await store.labels() };
    },
  );
  app.get(
    '/api/admin/document-sets',
    { schema: { tags: ['admin'], summary: 'The document sets new document tasks get, and where they come from', response: { 200: ViewSchema, ...commonErrors() } } },
    async (request) => dto(await service.get(actorOf(request))),
  );
  app.put(
    '/api/admin/document-sets',
    {
      schema: {
        tags: ['admin'],
        summary: 'Save a new version of the document sets (checked as a whole; errors name the field, e.g. sets.ooo[3].key)',
        // `sets` is checked by the service, so that every problem comes back in Russian with its path (422).
        body: Type.Object({ sets: Type.Unknown({ description: '{ "ip": [ { key, label, description? } ], "ooo": [ … ] }' }) }),
        response: { 200: ViewSchema, ...commonErrors(422) },
      },
    },
    async (request) => dto(await service.put(actorOf(request), request.body.sets)),
  );
  app.delete(
    '/api/admin/document-sets',
    { schema: { tags: ['admin'], summary: 'Go back to the shipped document sets', response: { 200: ViewSchema, ...commonErrors() } } },
    async (request) => dto(await service.reset(actorOf(request))),
  );
}
