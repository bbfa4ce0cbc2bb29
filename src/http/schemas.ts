/** Request and response schemas shared by the routes (TypeBox → JSON Schema → OpenAPI). */
import { Type, type Static, type TSchema, type TUnsafe } from 'typebox';

/**
 * A value of `t` or null. A schema with one `type` gets `type: [t, 'null']` rather than
 * `anyOf`: for `anyOf` fast-json-stringify validates every value against each branch
 * before writing it (with formats: a date-time regex per date), which cost ~1 ms on a
 * 50-task page; with a type list it only checks `=== null`. OpenAPI 3.0 shows both as
 * `nullable: true`. Other schemas (a union of literals) keep `anyOf`.
 */
export function Nullable<T extends TSchema>(t: T): TUnsafe<Static<T> | null> {
  const type = (t as { type?: unknown }).type;
  if (typeof type === 'string' && type !== 'null' && !('anyOf' in t)) return Type.Unsafe<Static<T> | null>({ ...t, type: [type, 'null'] });
  return Type.Unsafe<Static<T> | null>(Type.Union([t, Type.Null()]));
}
export const IsoTime = Type.String({ format: 'date-time', description: 'ISO 8601 with the company offset' });

export const ErrorBody = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'ErrorBody', description: 'The one error format of the API' },
);

/** Standard error responses for a route. */
export function errors(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  for (const s of statuses) out[s] = Type.Ref('ErrorBody');
  return out;
}
export const commonErrors = (...extra: number[]) => errors(400, 401, 403, 404, ...extra);

export const PageQuery = {
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
};
export const page = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer(), offset: Type.Integer(), limit: Type.Integer() });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
export const Ok = Type.Object({ ok: Type.Boolean() });

export const RoleSchema = Type.Union(['admin', 'manager', 'sales_rep', 'lawyer', 'director'].map((r) => Type.Literal(r)));
export const NotificationKindSchema = Type.String();

export const UserSchema = Type.Object(
  {
    login: Type.String(),
    name: Type.String(),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    role: Type.String(),
    active: Type.Boolean(),
    isGeneralDirector: Type.Boolean(),
    emailKinds: Type.Array(Type.String()),
    hasPassword: Type.Boolean(),
  },
  { $id: 'User' },
);

export const DealSchema = Type.Object(
  {
    id: Type.String(),
    number: Type.Integer(),
    title: Type.String(),
    contactName: Type.String(),
    phone: Type.String(),
    email: Type.String(),
    city: Nullable(Type.String()),
    source: Nullable(Type.String()),
    comment: Nullable(Type.String()),
    owner: Type.String(),
    salesRep: Nullable(Type.String()),
    stage: Type.String(),
    lostReason: Nullable(Type.String()),
    lostComment: Nullable(Type.String()),
    instanceId: Nullable(Type.String()),
    clientType: Nullable(Type.String()),
    premisesAddress: Nullable(Type.String()),
    requisites: Nullable(Type.Record(Type.String(), Type.Unknown())),
    documents: Nullable(Type.Record(Type.String(), Type.Unknown())),
    onecRef: Nullable(Type.String()),
    createdAt: IsoTime,
    updatedAt: IsoTime,
    stageChangedAt: IsoTime,
    closedAt: Nullable(IsoTime),
  },
  { $id: 'Deal' },
);

export const DealFactsSchema = Nullable(
  Type.Object({
    id: Type.String(),
    number: Type.Integer(),
    title: Type.String(),
    contactName: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    stage: Nullable(Type.String()),
    city: Nullable(Type.String()),
  }),
);

export const TaskSchema = Type.Object(
  {
    id: Type.String(),
    dealId: Nullable(Type.String()),
    elementId: Type.String(),
    title: Type.String(),
    kind: Nullable(Type.String()),
    author: Nullable(Type.String()),
    assignee: Nullable(Type.String()),
    candidateGroups: Type.Array(Type.String()),
    dueAt: Nullable(IsoTime),
    plannedAt: Nullable(IsoTime),
    overdue: Type.Boolean(),
    status: Type.String(),
    createdAt: IsoTime,
    endedAt: Nullable(IsoTime),
    completedBy: Nullable(Type.String()),
    deal: Type.Optional(DealFactsSchema),
  },
  { $id: 'Task' },
);

export const TimelineEntrySchema = Type.Object(
  { id: Type.String(), at: IsoTime, kind: Type.String(), actor: Nullable(Type.String()), data: Type.Record(Type.String(), Type.Unknown()) },
  { $id: 'TimelineEntry' },
);

export const NotificationSchema = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    title: Type.String(),
    body: Nullable(Type.String()),
    dealId: Nullable(Type.String()),
    taskId: Nullable(Type.String()),
    createdAt: IsoTime,
    readAt: Nullable(IsoTime),
  },
  { $id: 'Notification' },
);

export const FileSchema = Type.Object(
  {
    id: Type.String(),
    dealId: Nullable(Type.String()),
    docKey: Nullable(Type.String()),
    version: Type.Integer(),
    name: Type.String(),
    contentType: Type.String(),
    size: Type.Integer(),
    sha256: Type.String(),
    uploadedBy: Type.String(),
    createdAt: IsoTime,
    url: Type.String(),
  },
  { $id: 'File' },
);

export const SHARED_SCHEMAS = [ErrorBody, UserSchema, DealSchema, TaskSchema, TimelineEntrySchema, NotificationSchema, FileSchema];
