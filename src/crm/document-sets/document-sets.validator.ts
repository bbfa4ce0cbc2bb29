/**
 * Checks a document-set configuration an admin changed: both client types present, at
 * least one document each, keys of [a-z0-9_], no duplicate key within a type, non-empty
 * Russian labels that stay plain text in a form, nothing unknown. Every error names the entry it is about. Pure.
 */
import { CLIENT_TYPES, type ClientType } from '../requisites/requisites.types.ts';
import type { DocumentSets, DocumentSetsError, DocumentSetsResult, DocumentSpec } from './document-sets.types.ts';

const KEY = /^[a-z0-9_]{1,64}$/;
const TYPE_NAMES: Record<ClientType, string> = { ip: 'ИП', ooo: 'ООО' };
const ENTRY_PROPERTIES = new Set(['key', 'label', 'description']);

const CYRILLIC = /[А-Яа-яЁё]/;
const MAX_LABEL = 200;
const MAX_DESCRIPTION = 500;

/**
 * Labels and descriptions end up in form-js JSON, where a leading `=` makes a FEEL
 * expression and `{{ }}` a template: an admin's text must stay plain text.
 */
function textProblem(text: string, max: number, what: 'название' | 'описание'): string | null {
  const t = text.trim();
  if (t.length > max) return `${what} длиннее ${max} символов`;
  if (t.startsWith('=')) return `${what} не может начинаться с «=»`;
  if (t.includes('{{') || t.includes('}}')) return `${what} не может содержать «{{» или «}}»`;
  return null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function describeEntry(type: ClientType, index: number, entry: unknown): string {
  const label = isObject(entry) && typeof entry.label === 'string' && entry.label.trim() ? ` («${entry.label.trim()}»)` : '';
  return `${TYPE_NAMES[type]}, документ ${index + 1}${label}`;
}

function checkEntry(type: ClientType, index: number, entry: unknown, seen: Set<string>, errors: DocumentSetsError[]): DocumentSpec | null {
  const path = `${type}[${index}]`;
  const where = describeEntry(type, index, entry);
  if (!isObject(entry)) {
    errors.push({ path, code: 'NOT_AN_OBJECT', message: `${where}: ожидается объект { "key", "label" }` });
    return null;
  }
  const before = errors.length;
  for (const property of Object.keys(entry)) {
    if (!ENTRY_PROPERTIES.has(property)) errors.push({ path: `${path}.${property}`, code: 'UNKNOWN_PROPERTY', message: `${where}: неизвестное свойство «${property}» (допустимы key, label, description)` });
  }
  const { key, label, description } = entry;
  if (typeof key !== 'string' || !KEY.test(key)) {
    errors.push({ path: `${path}.key`, code: 'BAD_KEY', message: `${where}: ключ должен состоять из латинских строчных букв, цифр и «_» (до 64 символов), получено ${JSON.stringify(key ?? null)}` });
  } else if (seen.has(key)) {
    errors.push({ path: `${path}.key`, code: 'DUPLICATE_KEY', message: `${where}: ключ «${key}» уже есть в наборе ${TYPE_NAMES[type]}` });
  } else {
    seen.add(key);
  }
  if (typeof label !== 'string' || label.trim() === '') {
    errors.push({ path: `${path}.label`, code: 'BAD_LABEL', message: `${where}: название документа не может быть пустым` });
  } else {
    const problem = textProblem(label, MAX_LABEL, 'название') ?? (CYRILLIC.test(label) ? null : 'название документа пишется по-русски');
    if (problem) errors.push({ path: `${path}.label`, code: 'BAD_LABEL', message: `${where}: ${problem}` });
  }
  if (description !== undefined && typeof description !== 'string') {
    errors.push({ path: `${path}.description`, code: 'BAD_DESCRIPTION', message: `${where}: описание должно быть текстом` });
  } else if (typeof description === 'string') {
    const problem = textProblem(description, MAX_DESCRIPTION, 'описание');
    if (problem) errors.push({ path: `${path}.description`, code: 'BAD_DESCRIPTION', message: `${where}: ${problem}` });
  }
  if (errors.length > before) return null;
  const spec: DocumentSpec = { key: key as string, label: (label as string).trim() };
  return typeof description === 'string' && description.trim() ? { ...spec, description: description.trim() } : spec;
}

/** Validates an admin's document-set configuration (already parsed from JSON). */
export function parseDocumentSets(input: unknown): DocumentSetsResult {
  if (!isObject(input)) {
    return { ok: false, errors: [{ path: '', code: 'NOT_AN_OBJECT', message: 'Наборы документов: ожидается объект { "ip": [...], "ooo": [...] }' }] };
  }
  const errors: DocumentSetsError[] = [];
  for (const property of Object.keys(input)) {
    if (!(CLIENT_TYPES as readonly string[]).includes(property)) {
      errors.push({ path: property, code: 'UNKNOWN_PROPERTY', message: `Наборы документов: неизвестный тип клиента «${property}» (допустимы ip и ooo)` });
    }
  }
  const sets: Partial<Record<ClientType, DocumentSpec[]>> = {};
  for (const type of CLIENT_TYPES) {
    const list = input[type];
    if (!Array.isArray(list)) {
      errors.push({ path: type, code: 'MISSING_TYPE', message: `Набор ${TYPE_NAMES[type]}: ожидается список документов` });
      continue;
    }
    if (list.length === 0) {
      errors.push({ path: type, code: 'EMPTY_SET', message: `Набор ${TYPE_NAMES[type]}: нужен хотя бы один документ` });
      continue;
    }
    const seen = new Set<string>();
    sets[type] = list.map((entry, index) => checkEntry(type, index, entry, seen, errors)).filter((e): e is DocumentSpec => e !== null);
  }
  return errors.length ? { ok: false, errors } : { ok: true, sets: sets as DocumentSets };
}

/**
 * Every document key of either type, merged so that each type's own order is kept
 * wherever the two orders agree (one form shows both sets; each type sees its documents
 * in the admin's order).
 */
export function allDocumentKeys(sets: DocumentSets): string[] {
  const a = sets.ip.map((d) => d.key);
  const b = sets.ooo.map((d) => d.key);
  const out: string[] = [];
  const seen = new Set<string>();
  const emit = (key: string) => {
    seen.add(key);
    out.push(key);
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x !== undefined && seen.has(x)) i++;
    else if (y !== undefined && seen.has(y)) j++;
    else if (x === undefined) emit(b[j++]);
    else if (y === undefined || x === y) {
      emit(x);
      i++;
      if (x === y) j++;
    } else if (b.indexOf(x, j) !== -1) emit(b[j++]); // x comes later in the ООО list: its earlier items first
    else emit(a[i++]);
  }
  return out;
}

export type { DocumentSets };
