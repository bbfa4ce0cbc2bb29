/**
 * Regenerates processes/forms/upload_documents.form and supplement_documents.form from
 * processes/document-sets.json, so the shipped files match the configuration:
 *   npx tsx src/crm/document-sets/write-document-forms.script.ts
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildDocumentsForm, formFileText } from './documents-form.builder.ts';
import { loadDocumentSetsFile } from './document-sets.loader.ts';

const sets = await loadDocumentSetsFile();
for (const kind of ['upload_documents', 'supplement_documents'] as const) {
  const file = fileURLToPath(new URL(`../../../processes/forms/${kind}.form`, import.meta.url));
  await writeFile(file, formFileText(buildDocumentsForm(kind, sets)));
  process.stdout.write(`wrote ${file}\n`);
}
