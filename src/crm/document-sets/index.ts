export * from './document-sets.types.ts';
export { DEFAULT_DOCUMENT_SETS } from './default-document-sets.ts';
export { parseDocumentSets, allDocumentKeys } from './document-sets.validator.ts';
export { loadDocumentSetsFile, parseDocumentSetsJson, DocumentSetsConfigError, DEFAULT_DOCUMENT_SETS_FILE } from './document-sets.loader.ts';
export { buildDocumentsForm, formFileText, FORM_HEADER, FORM_SCHEMA_VERSION, type DocumentsFormKind } from './documents-form.builder.ts';
