import { describe, it, expect } from 'vitest';
import { evaluate } from 'feelers';
import { FORMS_DIR, type FormComponent } from '../../src/forms/index.ts';
import { readdirSync } from 'node:fs';
import { readForm, OOO_REQUISITES, IP_REQUISITES } from './fixtures.ts';

// The variables the forms' texts read, as the runtime provides them.
const VARIABLES = [
  { clientType: 'ooo', requisites: OOO_REQUISITES, legalClaim: 'Приложите устав', legalComment: 'Пересоберите документы', bannedInnWarning: 'ИНН 7707083893 в списке запрещённых', onecError: 'HTTP 500', onecRef: 'a1b2' },
  { clientType: 'ip', requisites: IP_REQUISITES },
];

const texts = (components: readonly FormComponent[]): FormComponent[] =>
  components.flatMap((c) => [...(c.type === 'text' ? [c] : []), ...texts(c.components ?? [])]);

describe.each(readdirSync(FORMS_DIR).filter((f) => f.endsWith('.form')).map((f) => f.replace(/\.form$/, '')))('%s.form', (id) => {
  it('given the variables the runtime provides, when every text is rendered as form-js renders templates, then it renders without errors', () => {
    for (const text of texts(readForm(id).components)) {
      for (const variables of VARIABLES) {
        const rendered = evaluate(text.text!, variables, { debug: false, strict: true } as never);
        expect(rendered, `${id}: ${text.id}`).not.toMatch(/\{\{|undefined/);
      }
    }
  });
});

describe('the requisites summary on the lawyer\'s task', () => {
  it('given an ИП, when rendered, then it says ОГРНИП and shows no КПП or director', () => {
    const summary = texts(readForm('legal_review').components).find((t) => t.id === 'Text_requisites')!;
    const rendered = evaluate(summary.text!, { clientType: 'ip', requisites: IP_REQUISITES });
    expect(rendered).toContain('ОГРНИП 304500116000157');
    expect(rendered).not.toContain('КПП');
    expect(rendered).not.toContain('Директор');
  });

  it('given an ООО, when rendered, then it shows ОГРН, КПП and the director', () => {
    const summary = texts(readForm('legal_review').components).find((t) => t.id === 'Text_requisites')!;
    const rendered = evaluate(summary.text!, { clientType: 'ooo', requisites: OOO_REQUISITES });
    expect(rendered).toContain('ОГРН 1027700132195');
    expect(rendered).toContain('КПП 773601001');
    expect(rendered).toContain('Директор: Греф Герман Оскарович');
  });
});
