import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { checkFormSchema, loadFormFile, loadTaskForm, STATIC_FORM_IDS, GENERATED_FORM_IDS, FORMS_DIR } from '../../src/forms/index.ts';
import type { FormComponent, FormSchema } from '../../src/forms/index.ts';
import { buildDocumentsForm, formFileText, DEFAULT_DOCUMENT_SETS, loadDocumentSetsFile } from '../../src/crm/document-sets/index.ts';
import { importInFormJs } from './support/form-js.harness.ts';

const readForm = (id: string): FormSchema => JSON.parse(readFileSync(`${FORMS_DIR}/${id}.form`, 'utf8'));

function flatten(components: readonly FormComponent[]): FormComponent[] {
  return components.flatMap((c) => [c, ...flatten(c.components ?? [])]);
}
const field = (schema: FormSchema, key: string) => flatten(schema.components).find((c) => c.key === key);
const choices = (schema: FormSchema, key: string) => field(schema, key)?.values?.map((o) => [o.value, o.label]);

// The user tasks of the spec's contract table and their answer variables.
const CONTRACT: Record<string, string[]> = {
  assign_rep: ['salesRep'],
  first_call: ['callResult'],
  decision_call: ['decision', 'lostReason', 'meetingAt', 'meetingEnd', 'meetingPlace'],
  meeting: ['meetingAt', 'meetingEnd', 'meetingPlace', 'meetingHeld'],
  premises_call: ['premisesFound', 'premisesAddress'],
  client_type: ['clientType'],
  upload_documents: ['documents', 'requisites'],
  legal_review: ['legalDecision', 'legalComment'],
  legal_claim: ['legalClaim'],
  supplement_documents: ['documents', 'requisites'],
  enter_into_1c: ['onecRef'],
};

describe('the shipped form files', () => {
  it('given processes/forms, when listed, then there is exactly one form per user task of the contract', () => {
    const files = readdirSync(FORMS_DIR).filter((f) => f.endsWith('.form')).map((f) => f.replace(/\.form$/, '')).sort();
    expect(files).toEqual(Object.keys(CONTRACT).sort());
    expect([...STATIC_FORM_IDS, ...GENERATED_FORM_IDS].sort()).toEqual(Object.keys(CONTRACT).sort());
  });

  it.each(Object.keys(CONTRACT))('given %s.form, when imported by the real form-js viewer, then it imports and binds exactly the contract\'s answer variables', async (id) => {
    const schema = readForm(id);
    expect(schema).toMatchObject({ id, type: 'default' });
    expect(schema.schemaVersion).toBeGreaterThanOrEqual(16);
    expect(checkFormSchema(schema)).toEqual({ ok: true, schema });
    const form = await importInFormJs(schema);
    const roots = [...new Set(form.fields.map((f) => f.path.split('.')[0]))].sort();
    expect(roots).toEqual([...CONTRACT[id]].sort());
  });

  it.each(Object.keys(CONTRACT))('given %s.form, when read, then every field people see is labelled in Russian', (id) => {
    for (const c of flatten(readForm(id).components)) {
      const text = c.label ?? c.dateLabel ?? c.text;
      if (c.type === 'group' && !c.label) continue;
      expect(text, `${id}: ${c.id}`).toMatch(/[А-Яа-яЁё]/);
    }
  });

  it('given first_call, then the call result offers the spec\'s two answers', () => {
    expect(choices(readForm('first_call'), 'callResult')).toEqual([
      ['meeting', 'Можно планировать встречу'],
      ['think', 'Клиенту нужно время, чтобы подумать'],
    ]);
  });

  it('given legal_review, then the decision offers the spec\'s four answers and a comment shown for return and ban', () => {
    const schema = readForm('legal_review');
    expect(choices(schema, 'legalDecision')).toEqual([
      ['approve', 'Утверждаю'],
      ['approve_return', 'Утверждаю с возвратом на стадию "Сбор учредительных документов"'],
      ['approve_more_docs', 'Утверждаю с добором документов'],
      ['ban', 'Запрет на работу'],
    ]);
    expect(field(schema, 'legalComment')).toMatchObject({ type: 'textarea', validate: { required: true } });
    expect(flatten(schema.components).some((c) => c.type === 'text' && c.text?.includes('{{bannedInnWarning}}'))).toBe(true);
  });

  it('given the other choice fields, then their values are the contract\'s', () => {
    expect(choices(readForm('decision_call'), 'decision')?.map(([v]) => v)).toEqual(['positive', 'negative']);
    expect(choices(readForm('client_type'), 'clientType')?.map(([v]) => v)).toEqual(['ip', 'ooo']);
    expect(field(readForm('assign_rep'), 'salesRep')).toMatchObject({ type: 'select', valuesKey: 'salesRepOptions', validate: { required: true } });
    expect(field(readForm('premises_call'), 'premisesFound')?.type).toBe('checkbox');
    expect(field(readForm('meeting'), 'meetingHeld')).toMatchObject({ type: 'checkbox', validate: { required: true } });
  });

  it('given enter_into_1c, then it shows 1C\'s error and the requisites, and asks for onecRef', () => {
    const schema = readForm('enter_into_1c');
    const texts = flatten(schema.components).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
    expect(texts).toContain('{{onecError}}');
    expect(texts).toContain('{{requisites.inn}}');
    expect(field(schema, 'onecRef')).toMatchObject({ validate: { required: true } });
  });

  it.each(['client_type', 'upload_documents'])('given %s after an "approve with return", then it shows the lawyer\'s comment (hidden when there is none)', (id) => {
    const text = flatten(readForm(id).components).find((c) => c.type === 'text' && c.text?.includes('{{legalComment}}'));
    expect(text?.conditional?.hide).toBe('=legalComment = null or legalComment = ""');
  });

  it('given supplement_documents, then it shows the lawyer\'s claim bound to legalClaim', () => {
    const texts = flatten(readForm('supplement_documents').components).filter((c) => c.type === 'text').map((c) => c.text);
    expect(texts.some((t) => t?.includes('{{legalClaim}}'))).toBe(true);
  });

  it.each(GENERATED_FORM_IDS)('given the shipped %s.form, when compared with the form generated from processes/document-sets.json, then they are the same', async (id) => {
    const sets = await loadDocumentSetsFile();
    expect(sets).toEqual(DEFAULT_DOCUMENT_SETS);
    expect(readFileSync(`${FORMS_DIR}/${id}.form`, 'utf8')).toBe(formFileText(buildDocumentsForm(id, sets)));
  });

  it('given a form id, when loaded for a task, then static forms come from their files and document forms from the configuration', async () => {
    expect(await loadTaskForm('first_call', { documentSets: DEFAULT_DOCUMENT_SETS })).toEqual(readForm('first_call'));
    const changed = { ...DEFAULT_DOCUMENT_SETS, ip: [{ key: 'passport', label: 'Паспорт' }] };
    const form = await loadTaskForm('upload_documents', { documentSets: changed });
    expect(field(form, 'egrip_record')).toBeUndefined();
    await expect(loadFormFile('no_such_form')).rejects.toThrow(/no_such_form\.form: no such form/);
    await expect(loadFormFile('no_such_form')).rejects.toMatchObject({ reason: 'not_found' });
    await expect(loadFormFile('../etc/passwd')).rejects.toThrow(/not a valid form id/);
  });
});

describe('checking a form schema', () => {
  const base = readForm('decision_call');
  const withComponents = (components: unknown[]) => ({ ...base, components });

  it('given a schema version below 16 and a wrong type, when checked, then both are named', () => {
    const result = checkFormSchema({ ...base, schemaVersion: 8, type: 'form' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.message)).toEqual([
      'the form\'s "type" must be "default"',
      '"schemaVersion" must be a number, 16 or higher',
    ]);
  });

  it('given two fields bound to the same value, an unsupported type, a bad pattern and bad FEEL, when checked, then each is named by its component', () => {
    const result = checkFormSchema(withComponents([
      { id: 'a', type: 'textfield', key: 'x' },
      { id: 'b', type: 'textarea', key: 'x' },
      { id: 'c', type: 'filepicker', key: 'f' },
      { id: 'd', type: 'textfield', key: 'p', validate: { pattern: '([' } },
      { id: 'e', type: 'textfield', key: 'q', conditional: { hide: '=decision = ' } },
      { id: 'f', type: 'radio', key: 'r' },
      { id: 'g', type: 'datetime', key: 's' },
    ]));
    expect(!result.ok && result.problems.map((p) => p.component)).toEqual(['b', 'c', 'd', 'e', 'f', 'g']);
  });
});

describe('a broken form file', () => {
  it('given a form file that is not JSON or not a valid form, when loaded, then it is refused as invalid, naming the file and the component', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/potok-forms-`);
    writeFileSync(`${dir}/broken.form`, '{ "id": ');
    writeFileSync(`${dir}/bad.form`, JSON.stringify({ id: 'bad', type: 'default', schemaVersion: 16, components: [{ id: 'x', type: 'radio', key: 'r' }] }));
    writeFileSync(`${dir}/other.form`, JSON.stringify({ id: 'another', type: 'default', schemaVersion: 16, components: [] }));
    await expect(loadFormFile('broken', dir)).rejects.toMatchObject({ reason: 'invalid', message: expect.stringMatching(/broken\.form: not JSON/) });
    await expect(loadFormFile('bad', dir)).rejects.toMatchObject({ reason: 'invalid', message: expect.stringMatching(/bad\.form: x: a choice field needs/) });
    await expect(loadFormFile('other', dir)).rejects.toThrow(/its "id" is "another", expected "other"/);
  });
});
