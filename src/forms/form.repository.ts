/**
 * Where a user task's form comes from: the static forms are files under
 * processes/forms/<formId>.form; the two document forms are generated from the current
 * document-set configuration each time (the shipped .form files are the default sets'
 * output, kept for Camunda Modeler); the lawyer's review gets the document list of the same
 * sets. Every form is checked before it is used.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDocumentsForm } from '../crm/document-sets/documents-form.builder.ts';
import { REVIEW_FORM_IDS, withDocumentList } from '../crm/document-sets/documents-review.builder.ts';
import type { DocumentSets } from '../crm/document-sets/document-sets.types.ts';
import { checkFormSchema } from './form-schema.check.ts';
import type { FormSchema } from './form-schema.types.ts';

export const FORMS_DIR = fileURLToPath(new URL('../../processes/forms/', import.meta.url));

/** The user tasks of the franchise process whose form is a static file. */
export const STATIC_FORM_IDS = [
  'assign_rep', 'first_call', 'decision_call', 'meeting', 'premises_call', 'client_type', 'legal_review', 'legal_claim', 'enter_into_1c',
] as const;
export const GENERATED_FORM_IDS = ['upload_documents', 'supplement_documents'] as const;

/** `not_found`: the task has no form file; `invalid`: it has one that must be fixed (never skip validation then). */
export class FormFileError extends Error {
  override name = 'FormFileError';
  constructor(message: string, readonly reason: 'not_found' | 'invalid' = 'invalid') {
    super(message);
  }
}

/** Reads and checks processes/forms/<formId>.form (or the same name under `dir`). */
export async function loadFormFile(formId: string, dir = FORMS_DIR): Promise<FormSchema> {
  if (!/^[A-Za-z_][\w-]*$/.test(formId)) throw new FormFileError(`form id "${formId}" is not a valid form id`, 'not_found');
  const file = path.join(dir, `${formId}.form`);
  // Every task shown or completed needs its form: read and check a file once while it is
  // unchanged (a stat, not four thread-pool trips and a parse); each caller gets its own copy.
  const stat = statOrNull(file);
  const cached = stat ? checkedForms.get(file) : undefined;
  if (stat && cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return structuredClone(cached.schema);
  const schema = await readFormFile(formId, file);
  if (stat) checkedForms.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, schema: structuredClone(schema) });
  return schema;
}

const checkedForms = new Map<string, { mtimeMs: number; size: number; schema: FormSchema }>();

function statOrNull(file: string): { mtimeMs: number; size: number } | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

async function readFormFile(formId: string, file: string): Promise<FormSchema> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new FormFileError(`${file}: ${missing ? 'no such form' : (err as Error).message}`, missing ? 'not_found' : 'invalid');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new FormFileError(`${file}: not JSON: ${(err as Error).message}`);
  }
  const checked = checkFormSchema(data);
  if (!checked.ok) throw new FormFileError(`${file}: ${checked.problems.map((p) => (p.component ? `${p.component}: ${p.message}` : p.message)).join('; ')}`);
  if (checked.schema.id !== formId) throw new FormFileError(`${file}: its "id" is "${checked.schema.id}", expected "${formId}"`);
  return checked.schema;
}

/** The form a user task shows and is validated against. */
export async function loadTaskForm(formId: string, options: { documentSets: DocumentSets; dir?: string }): Promise<FormSchema> {
  if ((GENERATED_FORM_IDS as readonly string[]).includes(formId)) {
    return buildDocumentsForm(formId as (typeof GENERATED_FORM_IDS)[number], options.documentSets);
  }
  const schema = await loadFormFile(formId, options.dir);
  // The lawyer sees the same document list the rep's form asked for.
  return (REVIEW_FORM_IDS as readonly string[]).includes(formId) ? withDocumentList(schema, options.documentSets) : schema;
}
