/**
 * Reads the admin-editable document-set configuration (processes/document-sets.json by
 * default). A file that does not parse or does not validate is refused as a whole, with
 * every problem named, so a half-valid configuration never reaches a form.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseDocumentSets } from './document-sets.validator.ts';
import type { DocumentSets, DocumentSetsError } from './document-sets.types.ts';

export const DEFAULT_DOCUMENT_SETS_FILE = fileURLToPath(new URL('../../../processes/document-sets.json', import.meta.url));

export class DocumentSetsConfigError extends Error {
  override name = 'DocumentSetsConfigError';
  constructor(readonly file: string, readonly errors: readonly DocumentSetsError[]) {
    super(`${file}: ${errors.map((e) => e.message).join('; ')}`);
  }
}

export function parseDocumentSetsJson(text: string, source = 'document-sets.json'): DocumentSets {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new DocumentSetsConfigError(source, [{ path: '', code: 'NOT_AN_OBJECT', message: `не JSON: ${(err as Error).message}` }]);
  }
  const result = parseDocumentSets(data);
  if (!result.ok) throw new DocumentSetsConfigError(source, result.errors);
  return result.sets;
}

export async function loadDocumentSetsFile(file = DEFAULT_DOCUMENT_SETS_FILE): Promise<DocumentSets> {
  return parseDocumentSetsJson(await readFile(file, 'utf8'), file);
}
