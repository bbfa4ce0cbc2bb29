/**
 * The lawyer's view of the documents: the legal_review form gets, after its intro, the
 * list of the client type's documents from the same document sets the rep's upload form
 * was built from, each with the link or "file" the rep gave (or "не приложен").
 */
import { CLIENT_TYPES, type ClientType } from '../requisites/requisites.types.ts';
import type { FormComponent, FormSchema } from '../../forms/form-schema.types.ts';
import type { DocumentSets } from './document-sets.types.ts';

/** The forms that show the document list. */
export const REVIEW_FORM_IDS = ['legal_review'] as const;

// Labels are plain text (the validator refuses `=` and `{{`); markdown must not read them as markup.
const markdownText = (s: string) => s.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);

function documentLine(key: string, label: string): string {
  const v = `documents.${key}`;
  // One FEEL expression per line: a false {{#if}} block would also swallow the line break after it.
  return (
    `- **${markdownText(label)}**: ` +
    `{{if ${v} = null then "не приложен" else if ${v}.url != null then "[" + ${v}.url + "](" + ${v}.url + ")" else "файл в карточке сделки"}}`
  );
}

function listFor(type: ClientType, sets: DocumentSets): FormComponent {
  return {
    id: `Text_documents_${type}`,
    type: 'text',
    text: ['### Документы клиента', '', ...sets[type].map((d) => documentLine(d.key, d.label))].join('\n'),
    conditional: { hide: `=clientType != "${type}"` },
  };
}

/** The form with the document list inserted after its intro (or first, without one). */
export function withDocumentList(schema: FormSchema, sets: DocumentSets): FormSchema {
  const lists = CLIENT_TYPES.map((type) => listFor(type, sets));
  const components = [...schema.components];
  const intro = components.findIndex((c) => c.id === 'Text_intro');
  components.splice(intro + 1, 0, ...lists);
  return { ...schema, components };
}
