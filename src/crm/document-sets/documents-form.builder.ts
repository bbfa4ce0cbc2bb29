/**
 * Generates the `upload_documents` and `supplement_documents` forms from the admin's
 * document-set configuration: one `potok-document` field per document (a link or an
 * uploaded file, all required), then the requisites. Both client types share one form;
 * a document only one type needs is hidden for the other (form-js cannot bind two fields
 * to the same value, so a document both types need is one field).
 */
import { CLIENT_TYPES, type ClientType } from '../requisites/requisites.types.ts';
import { REQUISITE_LABELS } from '../requisites/requisites.validator.ts';
import { DOCUMENT_FIELD_TYPE, type FormComponent, type FormSchema } from '../../forms/form-schema.types.ts';
import { allDocumentKeys } from './document-sets.validator.ts';
import type { DocumentSets, DocumentSpec } from './document-sets.types.ts';

export type DocumentsFormKind = 'upload_documents' | 'supplement_documents';

export const FORM_SCHEMA_VERSION = 16;
export const FORM_HEADER = {
  type: 'default',
  schemaVersion: FORM_SCHEMA_VERSION,
  executionPlatform: 'Camunda Cloud',
  executionPlatformVersion: '8.6.0',
  exporter: { name: 'Potok', version: '0.1.0' },
} as const;

const feelString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** `=clientType != "ip"` style hide conditions: shown only for the listed types. */
function hideUnlessType(types: readonly ClientType[]): { hide: string } | undefined {
  if (types.length === CLIENT_TYPES.length) return undefined;
  return { hide: `=${types.map((t) => `clientType != ${feelString(t)}`).join(' and ')}` };
}

function documentField(key: string, sets: DocumentSets): FormComponent {
  const specs = CLIENT_TYPES.map((type) => [type, sets[type].find((d) => d.key === key)] as const).filter(
    (entry): entry is readonly [ClientType, DocumentSpec] => entry[1] !== undefined,
  );
  const labels = [...new Set(specs.map(([, d]) => d.label))];
  // Same key, different labels per type: a FEEL label picks the type's own.
  const label = labels.length === 1 ? labels[0] : `=if clientType = "ip" then ${feelString(specs.find(([t]) => t === 'ip')![1].label)} else ${feelString(specs.find(([t]) => t === 'ooo')![1].label)}`;
  const description = specs.map(([, d]) => d.description).find((d) => d);
  const conditional = hideUnlessType(specs.map(([t]) => t));
  return {
    id: `Document_${key}`,
    type: DOCUMENT_FIELD_TYPE,
    key,
    label,
    ...(description ? { description } : {}),
    validate: { required: true },
    ...(conditional ? { conditional } : {}),
  };
}

const OOO_ONLY = { hide: '=clientType != "ooo"' };
const BY_TYPE = (ip: string | number, ooo: string | number) =>
  `=if clientType = "ip" then ${typeof ip === 'string' ? feelString(ip) : ip} else ${typeof ooo === 'string' ? feelString(ooo) : ooo}`;

function requisiteFields(): FormComponent[] {
  const text = (key: keyof typeof REQUISITE_LABELS, extra: Partial<FormComponent> = {}): FormComponent => ({
    id: `Requisite_${key}`,
    type: 'textfield',
    key,
    label: REQUISITE_LABELS[key],
    ...extra,
    validate: { required: true, ...(extra.validate ?? {}) },
  });
  return [
    text('fullName', { description: 'Как в ЕГРЮЛ / ЕГРИП' }),
    text('inn', {
      validate: { pattern: '^\\d{10}(\\d{2})?$', patternErrorMessage: 'ИНН: 10 цифр для ООО, 12 для ИП', minLength: BY_TYPE(12, 10), maxLength: BY_TYPE(12, 10) },
    }),
    text('ogrn', {
      label: BY_TYPE('ОГРНИП', 'ОГРН'),
      validate: { pattern: '^\\d{13}(\\d{2})?$', patternErrorMessage: 'ОГРН — 13 цифр, ОГРНИП — 15', minLength: BY_TYPE(15, 13), maxLength: BY_TYPE(15, 13) },
    }),
    text('kpp', { conditional: OOO_ONLY, validate: { pattern: '^\\d{4}[\\dA-Z]{2}\\d{3}$', patternErrorMessage: 'КПП: 9 символов, например 773601001' } }),
    { ...text('legalAddress'), type: 'textarea' },
    text('directorName', { conditional: OOO_ONLY }),
    text('bankName'),
    text('bik', { validate: { pattern: '^\\d{9}$', patternErrorMessage: 'БИК: 9 цифр' } }),
    text('account', { validate: { pattern: '^\\d{20}$', patternErrorMessage: 'Расчётный счёт: 20 цифр' } }),
    text('corrAccount', { validate: { pattern: '^30101\\d{15}$', patternErrorMessage: 'Корреспондентский счёт: 20 цифр, начинается с 30101' } }),
  ];
}

const BANNED_WARNING: FormComponent = {
  id: 'Text_bannedInnWarning',
  type: 'text',
  text: '**⚠ Внимание:** {{bannedInnWarning}}',
  conditional: { hide: '=bannedInnWarning = null or bannedInnWarning = ""' },
};

function intro(kind: DocumentsFormKind): FormComponent[] {
  if (kind === 'supplement_documents') {
    return [
      { id: 'Text_intro', type: 'text', text: '## Дополнение документов\n\nЮрист просит дополнить или исправить документы клиента. Исправьте их и завершите задачу — документы снова уйдут на проверку.' },
      // The lawyer's claim, bound to the process variable `legalClaim`.
      { id: 'Text_legalClaim', type: 'text', text: '### Замечания юриста\n\n{{legalClaim}}' },
    ];
  }
  return [
    { id: 'Text_intro', type: 'text', text: '## Документы клиента\n\nДля каждого документа дайте ссылку на облачное хранилище или загрузите файл. Все поля обязательны.' },
    // Shown after «Утверждаю с возвратом»: the lawyer's comment for the rep.
    { id: 'Text_legalComment', type: 'text', text: '### Комментарий юриста\n\n{{legalComment}}', conditional: { hide: '=legalComment = null or legalComment = ""' } },
  ];
}

/** Builds the form for `upload_documents` or `supplement_documents` from a document-set configuration. */
export function buildDocumentsForm(kind: DocumentsFormKind, documentSets: DocumentSets): FormSchema {
  return {
    id: kind,
    ...FORM_HEADER,
    components: [
      ...intro(kind),
      BANNED_WARNING,
      { id: 'Group_documents', type: 'group', label: 'Документы', path: 'documents', showOutline: true, components: allDocumentKeys(documentSets).map((key) => documentField(key, documentSets)) },
      { id: 'Group_requisites', type: 'group', label: 'Реквизиты', path: 'requisites', showOutline: true, components: requisiteFields() },
    ],
  };
}

/** A form as the file Potok ships it (2-space JSON with a final newline). */
export function formFileText(schema: FormSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
