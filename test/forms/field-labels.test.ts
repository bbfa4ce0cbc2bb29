/** A field's message names its field once: «БИК: 9 цифр», not «БИК: БИК: 9 цифр». */
import { describe, expect, it } from 'vitest';
import { validateSubmission, type FormSchema } from '../../src/forms/index.ts';
import { withLabel } from '../../src/forms/submission.validator.ts';
import { OOO_DOCUMENTS, OOO_REQUISITES, readForm } from './fixtures.ts';

describe('field labels in validation messages', () => {
  it('given the documents form, when БИК and ИНН break their patterns, then each message names its field once', () => {
    const r = validateSubmission(readForm('upload_documents'), { documents: OOO_DOCUMENTS, requisites: { ...OOO_REQUISITES, bik: '12', inn: '77' } }, { variables: { clientType: 'ooo' } });
    expect(r.ok).toBe(false);
    const messages = r.ok ? {} : Object.fromEntries(r.errors.map((e) => [e.field, e.message]));
    expect(messages['requisites.bik']).toBe('БИК: 9 цифр');
    expect(messages['requisites.inn']).toBe('ИНН: 10 цифр для ООО, 12 для ИП');
    for (const m of Object.values(messages)) expect(m).not.toMatch(/^([^:]+): \1:/);
  });

  it('given a pattern message that does not name the field, when refused, then the label is put before it', () => {
    const schema: FormSchema = { id: 'x', type: 'default', schemaVersion: 16, components: [{ type: 'textfield', key: 'code', label: 'Код', validate: { pattern: '^[A-Z]+$', patternErrorMessage: 'только заглавные буквы' } }] };
    const r = validateSubmission(schema, { code: 'abc' });
    expect(r.ok ? null : r.errors[0]!.message).toBe('Код: только заглавные буквы');
  });

  it('prefixes only when the detail does not begin with the label as a word', () => {
    expect(withLabel('ИНН', 'ИНН: 10 цифр')).toBe('ИНН: 10 цифр');
    expect(withLabel('ОГРН', 'ОГРН — 13 цифр')).toBe('ОГРН — 13 цифр');
    expect(withLabel('Код', 'Кодировка неверна')).toBe('Код: Кодировка неверна');
  });
});
