/**
 * How requests are checked before a route runs:
 * - bodies strictly: no unknown properties (an object schema without
 *   `additionalProperties` gets `false`), no type coercion (`"title": 123` is refused);
 * - query strings, params and headers with coercion (`?limit=10` is a number);
 * - no NUL character anywhere in a JSON body, the query string or the path params
 *   (PostgreSQL cannot store it; SQLite would): 400 naming the field on both databases;
 * - one clear message per field out of Ajv's errors.
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyInstance, FastifyRequest } from 'fastify';

type Schema = Record<string, unknown>;
type ValidatorFactory = (externalSchemas: unknown, options: any) => (route: { schema: any; method: string; url: string; httpPart?: string }) => any;

/** A copy of a body schema in which every object with declared properties allows no others. */
export function strictBodySchema<T>(schema: T): T {
  const copy = JSON.parse(JSON.stringify(schema)) as unknown;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    const s = node as Schema;
    if (s.type === 'object' && s.properties && s.additionalProperties === undefined && s.patternProperties === undefined) s.additionalProperties = false;
    for (const key of ['properties', 'patternProperties', '$defs', 'definitions'] as const) {
      const map = s[key];
      if (map && typeof map === 'object') Object.values(map as Schema).forEach(visit);
    }
    for (const key of ['items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf', 'not', 'if', 'then', 'else'] as const) visit(s[key]);
  };
  visit(copy);
  return copy as T;
}

/** Fastify's validator factory, with a strict Ajv (no coercion, no unknown properties) for bodies. */
export function strictBodyValidatorFactory(): ValidatorFactory {
  const pool = AjvCompiler() as unknown as ValidatorFactory;
  return (externalSchemas, options) => {
    const custom = options?.customOptions ?? {};
    const loose = pool(externalSchemas, options);
    const strict = pool(externalSchemas, { ...options, customOptions: { ...custom, coerceTypes: false, removeAdditional: false } });
    return (route) => (route.httpPart === 'body' ? strict({ ...route, schema: strictBodySchema(route.schema) }) : loose(route));
  };
}

// --- one message per field ----------------------------------------------------

interface AjvError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, any>;
}

const SUMMARY = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'not']);

function fieldOf(e: AjvError, fallback: string): string {
  const base = String(e.instancePath ?? '')
    .replace(/^\//, '')
    .split('/')
    .filter((p) => p !== '')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
  const child = (e.params?.missingProperty ?? e.params?.additionalProperty) as string | undefined;
  if (child !== undefined) return base ? `${base}.${child}` : child;
  return base || fallback;
}

function messageOf(errors: AjvError[]): string {
  const own = errors.filter((e) => !SUMMARY.has(e.keyword ?? ''));
  if (own.length === 0) return errors[0]?.message ?? 'is not valid';
  const specific = own.find((e) => !['type', 'const', 'enum'].includes(e.keyword ?? ''));
  if (specific) {
    if (specific.keyword === 'additionalProperties') return 'is not a known field';
    return specific.message ?? 'is not valid';
  }
  // A union of literals and/or types: say once what would do.
  const allowed: string[] = [];
  for (const e of own) {
    if (e.keyword === 'const') allowed.push(JSON.stringify(e.params?.allowedValue));
    else if (e.keyword === 'enum') for (const v of e.params?.allowedValues ?? []) allowed.push(JSON.stringify(v));
    else if (e.keyword === 'type') allowed.push(String(e.params?.type ?? '').replace(/,/g, ' or '));
  }
  const unique = [...new Set(allowed)];
  const hasValues = own.some((e) => e.keyword !== 'type');
  return hasValues ? `must be one of: ${unique.join(', ')}` : `must be ${unique.join(' or ')}`;
}

/** Ajv's errors → `[{ field, message }]`, one per field, in the order they were found. */
export function fieldsOfValidation(errors: readonly AjvError[], fallback: string): { field: string; message: string }[] {
  const byField = new Map<string, AjvError[]>();
  for (const e of errors) {
    const field = fieldOf(e, fallback);
    byField.set(field, [...(byField.get(field) ?? []), e]);
  }
  return [...byField].map(([field, list]) => ({ field, message: messageOf(list) }));
}

// --- NUL ------------------------------------------------------------------------

export const NUL_MESSAGE = 'Недопустимый символ (NUL)';
const NUL = String.fromCharCode(0);
const MAX_REPORTED = 20;

/** Paths (e.g. `data.requisites.fullName`, `ids[2]`) of strings or keys holding a NUL character. */
export function nulPaths(value: unknown, root = ''): string[] {
  const found: string[] = [];
  const stack: { v: unknown; path: string }[] = [{ v: value, path: root }];
  while (stack.length && found.length < MAX_REPORTED) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes(NUL)) found.push(path);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: `${path}[${i}]` });
    } else if (v && typeof v === 'object' && !ArrayBuffer.isView(v) && typeof (v as { pipe?: unknown }).pipe !== 'function') {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, child] = entries[i]!;
        const childPath = path ? `${path}.${k.replaceAll(NUL, '\\u0000')}` : k.replaceAll(NUL, '\\u0000');
        if (k.includes(NUL)) found.push(childPath);
        else stack.push({ v: child, path: childPath });
      }
    }
  }
  return found;
}

/** Refuses a NUL character in the path params, the query string and a JSON body (before the schema, so on every route). */
export function installNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest, reply) => {
    const paths = [...nulPaths(request.params), ...nulPaths(request.query), ...nulPaths(request.body)];
    if (paths.length === 0) return;
    return reply.status(400).send({
      code: 'validation',
      message: 'The text contains a NUL character (\\u0000), which cannot be stored',
      fields: [...new Set(paths)].slice(0, MAX_REPORTED).map((field) => ({ field: field || 'body', message: NUL_MESSAGE })),
    });
  });
}
