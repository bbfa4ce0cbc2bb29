/**
 * Potok's custom `potok-document` field: a founding document given either as a link to a
 * cloud store or as a file uploaded to Potok before. Exactly one of the two, nothing else.
 */
import type { DocumentValue } from './form-schema.types.ts';

export type DocumentProblem = { code: 'DOCUMENT_SHAPE' | 'DOCUMENT_URL' | 'DOCUMENT_URL_SCHEME' | 'DOCUMENT_FILE_UNKNOWN'; detail: string };

/** `host.tld/…` without a scheme gets https://; anything else is left as it is. */
export function withImpliedScheme(text: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(text) || !/^[^\s/?#.]+(\.[^\s/?#.]+)+(?:[/?#]|$)/.test(text) ? text : `https://${text}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a non-empty document value; `isKnownFile` (optional) confirms an uploaded file exists. */
export function checkDocumentValue(value: unknown, isKnownFile?: (fileId: string) => boolean): { value: DocumentValue } | { problem: DocumentProblem } {
  const shape: DocumentProblem = { code: 'DOCUMENT_SHAPE', detail: 'укажите ссылку или загрузите файл' };
  if (!isObject(value)) return { problem: shape };
  const keys = Object.keys(value);
  if (keys.length !== 1) return { problem: shape };
  if (keys[0] === 'fileId') {
    const fileId = value.fileId;
    if (typeof fileId !== 'string' || fileId.trim() === '') return { problem: shape };
    if (isKnownFile && !isKnownFile(fileId.trim())) return { problem: { code: 'DOCUMENT_FILE_UNKNOWN', detail: 'файл не найден, загрузите его заново' } };
    return { value: { fileId: fileId.trim() } };
  }
  if (keys[0] === 'url') {
    if (typeof value.url !== 'string' || value.url.trim() === '') return { problem: shape };
    // «disk.yandex.ru/d/…» as copied from a phone's address bar: the https:// is implied.
    const text = withImpliedScheme(value.url.trim());
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { problem: { code: 'DOCUMENT_URL', detail: 'ссылка не похожа на адрес (пример: https://disk.yandex.ru/…)' } };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { problem: { code: 'DOCUMENT_URL_SCHEME', detail: 'допустимы только ссылки http:// и https://' } };
    }
    if (!url.hostname) return { problem: { code: 'DOCUMENT_URL', detail: 'в ссылке нет адреса сайта' } };
    return { value: { url: text } };
  }
  return { problem: shape };
}

export function isEmptyDocument(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  if (keys.length === 0) return true;
  // The UI sends `{ url: "" }` for an untouched link field.
  return keys.length === 1 && (keys[0] === 'url' || keys[0] === 'fileId') && (value[keys[0]] === '' || value[keys[0]] === null);
}

/**
 * The form-js field config of `potok-document` (what `FormFields.register(type, …)` needs
 * besides the renderer): a keyed input whose empty value is null. The web UI registers
 * its renderer with this config; tests register it to import the forms in form-js.
 */
export const DOCUMENT_FIELD_CONFIG = {
  type: 'potok-document',
  keyed: true,
  label: 'Документ (ссылка или файл)',
  group: 'basic-input',
  emptyValue: null,
  sanitizeValue: ({ value }: { value: unknown }) => value,
  create: (options: Record<string, unknown> = {}) => ({ ...options }),
} as const;
