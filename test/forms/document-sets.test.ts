import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DEFAULT_DOCUMENT_SETS, buildDocumentsForm, loadDocumentSetsFile, parseDocumentSets, parseDocumentSetsJson, DocumentSetsConfigError,
  type DocumentSets,
} from '../../src/crm/document-sets/index.ts';
import { checkFormSchema, validateSubmission } from '../../src/forms/index.ts';
import { IP_DOCUMENTS, IP_REQUISITES, OOO_DOCUMENTS, OOO_REQUISITES } from './fixtures.ts';
import { importInFormJs } from './support/form-js.harness.ts';

const errorsOf = (input: unknown) => {
  const result = parseDocumentSets(input);
  return result.ok ? [] : result.errors.map((e) => [e.path, e.code, e.message]);
};

describe('the default document sets', () => {
  it('given the shipped configuration, when loaded, then it holds the spec\'s keys and labels', async () => {
    const sets = await loadDocumentSetsFile();
    expect(sets.ip.map((d) => [d.key, d.label])).toEqual([
      ['passport', 'Паспорт (разворот с фото и прописка)'],
      ['inn_certificate', 'Свидетельство ИНН / уведомление о постановке на учёт'],
      ['egrip_record', 'Лист записи ЕГРИП (ОГРНИП)'],
      ['egrip_extract', 'Выписка из ЕГРИП (не старше 30 дней)'],
      ['bank_card', 'Карточка банковских реквизитов'],
      ['premises_lease', 'Договор аренды или право собственности на помещение'],
    ]);
    expect(sets.ooo.map((d) => [d.key, d.label])).toEqual([
      ['charter', 'Устав'],
      ['egrul_record', 'Лист записи ЕГРЮЛ (ОГРН)'],
      ['inn_kpp_certificate', 'Свидетельство ИНН/КПП'],
      ['director_decision', 'Решение / протокол о назначении директора'],
      ['director_order', 'Приказ о вступлении директора в должность'],
      ['egrul_extract', 'Выписка из ЕГРЮЛ (не старше 30 дней)'],
      ['director_passport', 'Паспорт директора'],
      ['bank_card', 'Карточка банковских реквизитов'],
      ['premises_lease', 'Договор аренды или право собственности на помещение'],
    ]);
  });
});

describe('an admin\'s changed configuration, when checked', () => {
  const ooo = DEFAULT_DOCUMENT_SETS.ooo;

  it('given a key with capitals or Cyrillic, then the entry is named with its position and label', () => {
    expect(errorsOf({ ooo, ip: [{ key: 'Паспорт', label: 'Паспорт' }] })).toEqual([
      ['ip[0].key', 'BAD_KEY', 'ИП, документ 1 («Паспорт»): ключ должен состоять из латинских строчных букв, цифр и «_» (до 64 символов), получено "Паспорт"'],
    ]);
  });

  it('given the same key twice in one set, then the second is refused as a duplicate', () => {
    expect(errorsOf({ ip: DEFAULT_DOCUMENT_SETS.ip, ooo: [...ooo, { key: 'charter', label: 'Устав (новая редакция)' }] })).toEqual([
      ['ooo[9].key', 'DUPLICATE_KEY', 'ООО, документ 10 («Устав (новая редакция)»): ключ «charter» уже есть в наборе ООО'],
    ]);
  });

  it('given an empty label, a misspelt property and a description that is not text, then each is named', () => {
    expect(errorsOf({ ooo, ip: [{ key: 'passport', label: '  ' }, { key: 'snils', lable: 'СНИЛС', label: 'СНИЛС', description: 5 }] }).map(([p, c]) => [p, c])).toEqual([
      ['ip[0].label', 'BAD_LABEL'],
      ['ip[1].lable', 'UNKNOWN_PROPERTY'],
      ['ip[1].description', 'BAD_DESCRIPTION'],
    ]);
  });

  it('given an empty set, a missing set and an unknown client type, then each is named', () => {
    expect(errorsOf({ ip: [], zao: [] }).map(([p, c]) => [p, c])).toEqual([
      ['zao', 'UNKNOWN_PROPERTY'],
      ['ip', 'EMPTY_SET'],
      ['ooo', 'MISSING_TYPE'],
    ]);
  });

  it('given a file that is not JSON, then loading names the file', () => {
    expect(() => parseDocumentSetsJson('{ ip: ', 'admin.json')).toThrow(DocumentSetsConfigError);
    expect(() => parseDocumentSetsJson('{ ip: ', 'admin.json')).toThrow(/^admin\.json: не JSON/);
  });

  it('given labels with spaces around them and a description, then they are trimmed and kept', () => {
    const result = parseDocumentSets({ ooo, ip: [{ key: 'passport', label: ' Паспорт ', description: ' разворот с фото ' }] });
    expect(result.ok && result.sets.ip).toEqual([{ key: 'passport', label: 'Паспорт', description: 'разворот с фото' }]);
  });
});

describe('the document forms, generated from an admin\'s configuration', () => {
  // The admin adds СНИЛС for an ИП, drops the ЕГРИП extract, and renames the ООО bank card.
  const changed: DocumentSets = {
    ip: [...DEFAULT_DOCUMENT_SETS.ip.filter((d) => d.key !== 'egrip_extract'), { key: 'snils', label: 'СНИЛС', description: 'Скан или фото' }],
    ooo: DEFAULT_DOCUMENT_SETS.ooo.map((d) => (d.key === 'bank_card' ? { ...d, label: 'Карточка банковских реквизитов (с печатью)' } : d)),
  };
  const { egrip_extract: _dropped, ...ipDocuments } = IP_DOCUMENTS;

  it('given the changed sets, when a file is written and loaded, then the loader accepts it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'potok-sets-'));
    writeFileSync(path.join(dir, 'sets.json'), JSON.stringify(changed));
    expect(await loadDocumentSetsFile(path.join(dir, 'sets.json'))).toEqual(changed);
  });

  it.each(['upload_documents', 'supplement_documents'] as const)('given the changed sets, when %s is generated, then it imports in form-js with one field per document', async (kind) => {
    const schema = buildDocumentsForm(kind, changed);
    expect(checkFormSchema(schema).ok).toBe(true);
    const form = await importInFormJs(schema);
    const documents = form.fields.map((f) => f.path).filter((p) => p.startsWith('documents.')).map((p) => p.slice('documents.'.length));
    expect(documents.sort()).toEqual([...new Set([...changed.ip, ...changed.ooo].map((d) => d.key))].sort());
    expect(form.visiblePaths({ clientType: 'ip' }).filter((p) => p.startsWith('documents.'))).toEqual(changed.ip.map((d) => `documents.${d.key}`));
    expect(form.visiblePaths({ clientType: 'ooo' }).filter((p) => p.startsWith('documents.'))).toEqual(changed.ooo.map((d) => `documents.${d.key}`));
  });

  it('given an ИП without the new СНИЛС, when submitted, then СНИЛС is required and the dropped extract is not asked for', () => {
    const result = validateSubmission(buildDocumentsForm('upload_documents', changed), { documents: ipDocuments, requisites: IP_REQUISITES }, { variables: { clientType: 'ip' } });
    expect(result.ok ? [] : result.errors).toEqual([{ field: 'documents.snils', code: 'REQUIRED', message: 'СНИЛС: обязательное поле' }]);
  });

  it('given an ИП with СНИЛС, when submitted, then it is accepted', () => {
    const result = validateSubmission(buildDocumentsForm('upload_documents', changed), { documents: { ...ipDocuments, snils: { fileId: 'f-snils' } }, requisites: IP_REQUISITES }, { variables: { clientType: 'ip' } });
    expect(result.ok).toBe(true);
  });

  it('given a key both types share with different labels, when a field is missing, then each type sees its own label', () => {
    const schema = buildDocumentsForm('upload_documents', changed);
    const { bank_card: _b, ...oooDocs } = OOO_DOCUMENTS;
    const { bank_card: _c, ...ipDocs } = ipDocuments;
    const oooResult = validateSubmission(schema, { documents: oooDocs, requisites: OOO_REQUISITES }, { variables: { clientType: 'ooo' } });
    const ipResult = validateSubmission(schema, { documents: { ...ipDocs, snils: { fileId: 'x' } }, requisites: IP_REQUISITES }, { variables: { clientType: 'ip' } });
    expect(!oooResult.ok && oooResult.errors[0].message).toBe('Карточка банковских реквизитов (с печатью): обязательное поле');
    expect(!ipResult.ok && ipResult.errors[0].message).toBe('Карточка банковских реквизитов: обязательное поле');
  });
});
