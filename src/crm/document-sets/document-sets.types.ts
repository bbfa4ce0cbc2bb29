import type { ClientType } from '../requisites/requisites.types.ts';

/** One founding document the rep must collect: its key inside `documents` and its Russian label. */
export interface DocumentSpec {
  readonly key: string;
  readonly label: string;
  /** An optional hint shown under the field (e.g. "не старше 30 дней"). */
  readonly description?: string;
}

/** The documents required per client type; an admin can change them. */
export type DocumentSets = Readonly<Record<ClientType, readonly DocumentSpec[]>>;

export interface DocumentSetsError {
  /** Where in the configuration, e.g. `ooo[2].key`. */
  readonly path: string;
  readonly code: 'NOT_AN_OBJECT' | 'UNKNOWN_PROPERTY' | 'MISSING_TYPE' | 'EMPTY_SET' | 'BAD_KEY' | 'DUPLICATE_KEY' | 'BAD_LABEL' | 'BAD_DESCRIPTION';
  readonly message: string;
}

export type DocumentSetsResult = { ok: true; sets: DocumentSets } | { ok: false; errors: DocumentSetsError[] };
