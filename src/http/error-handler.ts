/**
 * The one error format of the API: `{ code, message, fields? }`. HTTP status is decided
 * here, once, from the service's typed code; anything unexpected is a 500 whose details
 * go to the log only.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ServiceError, type ServiceErrorCode } from '../crm/service-error.ts';
import { fieldsOfValidation } from './request-validation.ts';
import { RuntimeError, toRuntimeError } from '../runtime/errors.ts';

export const STATUS: Record<ServiceErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  validation: 422,
  confirmation_required: 422,
  bad_request: 400,
  conflict: 409,
  locked: 429,
  too_large: 413,
  unsupported_type: 415,
  unavailable: 503,
};

export interface ApiErrorBody {
  code: string;
  message: string;
  fields?: { field: string; message: string }[];
}

function schemaFields(err: FastifyError): { field: string; message: string }[] {
  return fieldsOfValidation((err.validation ?? []) as any[], err.validationContext ?? 'body');
}

/** One message per field: the first (a form's own message before a domain rule's). */
function oneMessagePerField(fields: readonly { field: string; message: string }[]): { field: string; message: string }[] {
  const seen = new Set<string>();
  return fields.filter((f) => !seen.has(f.field) && !!seen.add(f.field)).map((f) => ({ field: f.field, message: f.message }));
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ServiceError) {
      const body: ApiErrorBody = { code: err.code, message: err.message };
      if (err.fields?.length) body.fields = oneMessagePerField(err.fields);
      return reply.status(STATUS[err.code]).send(body);
    }
    if (err.validation) {
      return reply.status(400).send({ code: 'bad_request', message: 'The request is not valid', fields: schemaFields(err) });
    }
    if (err.statusCode === 429) return reply.status(429).send({ code: 'rate_limited', message: 'Too many requests; try again later' });
    if (err.code === 'FST_REQ_FILE_TOO_LARGE' || err.statusCode === 413) return reply.status(413).send({ code: 'too_large', message: 'The request is too large' });
    if (err.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || err.statusCode === 415) return reply.status(415).send({ code: 'unsupported_type', message: 'Unsupported content type' });
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ code: 'bad_request', message: err.statusCode === 400 ? 'The request is not valid' : 'The request was refused' });
    }
    // The database went away (PostgreSQL restarting, a full disk): nothing was written; try again.
    const runtime = toRuntimeError(err);
    if (runtime instanceof RuntimeError && runtime.code === 'DATABASE_UNAVAILABLE') {
      request.log.warn({ err }, 'database unavailable');
      return reply.status(503).header('retry-after', '5').send({ code: 'unavailable', message: 'The database is not available right now; nothing was changed. Try again in a moment' });
    }
    request.log.error({ err }, 'request failed');
    return reply.status(500).send({ code: 'internal', message: 'Something went wrong on the server; the details are in its log' });
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ code: 'not_found', message: 'Not found' }));
}
