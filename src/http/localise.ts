/**
 * The API's error messages in the caller's language. Messages are written in English
 * (docs/api.md); a request whose `Accept-Language` prefers Russian gets the error body's
 * `message` and each `fields[].message` in Russian. The web UI sends its own language.
 * `code` and `field` never change. A message with no Russian falls back to the Russian
 * for its `code` (or a generic field message), so no English reaches a Russian reader.
 */
import type { FastifyInstance } from 'fastify';
import { RU_BY_CODE, RU_FIELD_FALLBACK, RU_MESSAGES } from './messages.ru.ts';

export type Language = 'en' | 'ru';

/** The first of `ru`/`en` the header names with q > 0; English when it names neither. */
export function preferredLanguage(header: string | string[] | undefined): Language {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  const ranked = value
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((x) => x !== undefined);
      return { lang: tag.split('-')[0], q: q === undefined ? 1 : Number(q), i };
    })
    .filter((x) => x.q > 0 && (x.lang === 'ru' || x.lang === 'en'))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (ranked[0]?.lang as Language | undefined) ?? 'en';
}

interface Compiled {
  readonly re: RegExp;
  readonly names: readonly string[];
  readonly ru: string;
}

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const exact = new Map<string, string>();
const patterns: Compiled[] = [];
for (const [en, ru] of RU_MESSAGES) {
  const names: string[] = [];
  let source = '';
  let last = 0;
  for (const m of en.matchAll(PLACEHOLDER)) {
    source += `${escape(en.slice(last, m.index))}(.+?)`;
    names.push(m[1]);
    last = m.index + m[0].length;
  }
  if (!names.length) exact.set(en, ru);
  else patterns.push({ re: new RegExp(`^${source}${escape(en.slice(last))}$`, 's'), names, ru });
}

const CYRILLIC = /[А-Яа-яЁё]/;
const LATIN_WORDS = /[A-Za-z]{2,}(?:\s+[A-Za-z]{2,})/;

/** The Russian of one English message, or null when the catalogue has none. */
export function toRussian(message: string): string | null {
  const hit = exact.get(message);
  if (hit !== undefined) return hit;
  for (const p of patterns) {
    const m = p.re.exec(message);
    if (!m) continue;
    const parts = new Map(p.names.map((n, i) => [n, m[i + 1]]));
    return p.ru.replace(PLACEHOLDER, (whole, name: string) => (parts.has(name) ? (exact.get(parts.get(name)!) ?? parts.get(name)!) : whole));
  }
  return null;
}

/** True when a text reads as Russian already (Cyrillic and no run of English words). */
export function readsAsRussian(text: string): boolean {
  return CYRILLIC.test(text) && !LATIN_WORDS.test(text.replace(/«[^»]*»|\{\{[^}]*\}\}|https?:\S+/g, ''));
}

function messageIn(message: string, fallback: string): string {
  if (readsAsRussian(message)) return message;
  return toRussian(message) ?? fallback;
}

interface ErrorBody {
  code: string;
  message: string;
  fields?: { field: string; message: string }[];
  [key: string]: unknown;
}

const isErrorBody = (payload: unknown): payload is ErrorBody =>
  !!payload && typeof payload === 'object' && typeof (payload as any).code === 'string' && typeof (payload as any).message === 'string';

/** The error body in the language; the same object when the language is English. */
export function localiseError<T extends ErrorBody>(body: T, language: Language): T {
  if (language === 'en') return body;
  const out: T = { ...body, message: messageIn(body.message, RU_BY_CODE[body.code] ?? RU_BY_CODE.bad_request) };
  if (Array.isArray(body.fields)) out.fields = body.fields.map((f) => ({ ...f, message: typeof f.message === 'string' ? messageIn(f.message, RU_FIELD_FALLBACK) : f.message }));
  return out;
}

/** Localises every error reply (status ≥ 400 with `{ code, message }`) by the request's Accept-Language. */
export function installLocalisedErrors(app: FastifyInstance): void {
  app.addHook('preSerialization', async (request, reply, payload) => {
    if (reply.statusCode < 400 || !isErrorBody(payload)) return payload;
    return localiseError(payload, preferredLanguage(request.headers['accept-language']));
  });
}
