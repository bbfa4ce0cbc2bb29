/**
 * Every English message the services can put in an error answer has a Russian in
 * src/http/messages.ru.ts: a new `invalid(...)`, `conflict(...)` or `message: '...'`
 * without one fails here, before a Russian reader sees English.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localiseError, preferredLanguage, readsAsRussian, toRussian } from '../../src/http/localise.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCES = ['src/crm', 'src/http', 'src/connectors/mail/smtp-config.ts', 'src/connectors/mail/template.renderer.ts', 'src/connectors/onec/onec-config.ts', 'src/calendar/workday.ts'];

function files(p: string): string[] {
  const abs = path.join(ROOT, p);
  if (statSync(abs).isFile()) return [abs];
  return readdirSync(abs).flatMap((n) => files(path.join(p, n))).filter((f) => f.endsWith('.ts') && !f.endsWith('messages.ru.ts'));
}

/** String and template literals passed as an error's message or a field's message; `${…}` becomes X. */
function messages(source: string): string[] {
  const literal = String.raw`('(?:[^'\\]|\\.)*'|\x60(?:[^\x60\\]|\\.)*\x60)`;
  const sites = [
    new RegExp(String.raw`new ServiceError\('\w+',\s*${literal}`, 'g'),
    new RegExp(String.raw`\b(?:conflict|notFound)\(${literal}`, 'g'),
    new RegExp(String.raw`\binvalid\([^;]*?\],\s*${literal}\)`, 'g'),
    new RegExp(String.raw`\bmessage:\s*${literal}`, 'g'),
  ];
  const out: string[] = [];
  for (const re of sites) for (const m of source.matchAll(re)) out.push(m[1]!.slice(1, -1).replace(/\\(.)/g, '$1').replace(/\$\{[^}]*\}/g, 'X'));
  return out;
}

describe('the Russian of the API messages', () => {
  const found = SOURCES.flatMap(files).flatMap((f) => messages(readFileSync(f, 'utf8')).map((m) => ({ file: path.relative(ROOT, f), m })));

  it('finds the messages it checks', () => {
    expect(found.length).toBeGreaterThan(80);
    expect(found.map((x) => x.m)).toContain('Too many failed attempts; try again later');
    expect(found.map((x) => x.m)).toContain('Phone number is not valid');
  });

  it('has a Russian for every English message of src/crm, src/http and the settings checks', () => {
    const english = found.filter(({ m }) => /[A-Za-z]{2,}/.test(m.replace(/X/g, '')) && !readsAsRussian(m) && toRussian(m) === null);
    expect(english).toEqual([]);
  });

  it('reads Accept-Language as a browser and the UI send it', () => {
    expect(preferredLanguage('ru')).toBe('ru');
    expect(preferredLanguage('ru-RU,ru;q=0.9,en-US;q=0.8')).toBe('ru');
    expect(preferredLanguage('en-US,en;q=0.9,ru;q=0.8')).toBe('en');
    expect(preferredLanguage('de-DE,ru;q=0.5')).toBe('ru');
    expect(preferredLanguage('ru;q=0,en')).toBe('en');
    expect(preferredLanguage(undefined)).toBe('en');
  });

  it('puts varying parts into the Russian and falls back to the code for an unknown message', () => {
    expect(toRussian('Password must have at least 10 characters')).toBe('Пароль должен быть не короче 10 символов');
    expect(toRussian('Contact person is required')).toBe('Контактное лицо: обязательное поле');
    const body = localiseError({ code: 'conflict', message: 'Something nobody translated yet', fields: [{ field: 'x', message: 'Brand new words' }, { field: 'inn', message: 'ИНН: обязательное поле' }] }, 'ru');
    expect(body).toEqual({ code: 'conflict', message: 'Действие сейчас невозможно; обновите страницу', fields: [{ field: 'x', message: 'недопустимое значение' }, { field: 'inn', message: 'ИНН: обязательное поле' }] });
  });
});
