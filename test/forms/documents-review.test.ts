import { describe, it, expect } from 'vitest';
import { evaluate } from 'feelers';
import { DEFAULT_DOCUMENT_SETS } from '../../src/crm/document-sets/index.ts';
import { checkFormSchema, loadTaskForm } from '../../src/forms/index.ts';
import { OOO_REQUISITES } from './fixtures.ts';
import { importInFormJs } from './support/form-js.harness.ts';

const SETS = {
  ip: [{ key: 'passport', label: 'Паспорт *главная* страница [1]' }],
  ooo: [...DEFAULT_DOCUMENT_SETS.ooo.slice(0, 2), { key: 'snils', label: 'СНИЛС директора' }],
};
const render = (text: string, values: Record<string, unknown>) => evaluate(text, values, { debug: false, strict: true } as never);

describe("the lawyer's document list on legal_review", () => {
  it('given changed sets, when the review form is loaded, then it still checks and imports in form-js, with one list per client type after the intro', async () => {
    const schema = await loadTaskForm('legal_review', { documentSets: SETS });
    expect(checkFormSchema(schema).ok).toBe(true);
    expect(schema.components.map((c) => c.id).slice(0, 3)).toEqual(['Text_intro', 'Text_documents_ip', 'Text_documents_ooo']);
    const form = await importInFormJs(schema);
    expect(form.errors({ clientType: 'ooo', legalDecision: 'approve' })).toEqual({});
  });

  it('given an ООО with a link, a file and a missing document, when the list is rendered, then each line says which', async () => {
    const schema = await loadTaskForm('legal_review', { documentSets: SETS });
    const text = schema.components.find((c) => c.id === 'Text_documents_ooo')!.text!;
    const rendered = render(text, {
      clientType: 'ooo',
      requisites: OOO_REQUISITES,
      documents: { charter: { url: 'https://disk.yandex.ru/d/charter' }, egrul_record: { fileId: 'f1' } },
    });
    expect(rendered.split('\n').slice(2)).toEqual([
      '- **Устав**: [https://disk.yandex.ru/d/charter](https://disk.yandex.ru/d/charter)',
      '- **Лист записи ЕГРЮЛ (ОГРН)**: файл в карточке сделки',
      '- **СНИЛС директора**: не приложен',
    ]);
    expect(schema.components.find((c) => c.id === 'Text_documents_ooo')!.conditional).toEqual({ hide: '=clientType != "ooo"' });
  });

  it('given a title with markdown characters, when rendered, then they are escaped, not markup', async () => {
    const schema = await loadTaskForm('legal_review', { documentSets: SETS });
    const rendered = render(schema.components.find((c) => c.id === 'Text_documents_ip')!.text!, { clientType: 'ip', documents: null });
    expect(rendered).toContain('- **Паспорт \\*главная\\* страница \\[1\\]**: не приложен');
  });
});
