/** The two client types of the franchise process: sole proprietor (ИП) and limited company (ООО). */
export type ClientType = 'ip' | 'ooo';

export const CLIENT_TYPES: readonly ClientType[] = ['ip', 'ooo'];

/** The `requisites` object of the process (field names fixed by the spec's contract table). */
export interface Requisites {
  fullName?: string;
  inn?: string;
  ogrn?: string;
  kpp?: string;
  legalAddress?: string;
  directorName?: string;
  bankName?: string;
  bik?: string;
  account?: string;
  corrAccount?: string;
}

export type RequisiteField = keyof Requisites;

/** Stable codes a client can rely on; the message is for people. */
export type RequisiteErrorCode =
  | 'REQUIRED'
  | 'NOT_TEXT'
  | 'INN_FORMAT'
  | 'INN_CHECKSUM'
  | 'OGRN_FORMAT'
  | 'OGRN_CHECKSUM'
  | 'KPP_FORMAT'
  | 'BIK_FORMAT'
  | 'ACCOUNT_FORMAT'
  | 'ACCOUNT_CHECKSUM'
  | 'CORR_ACCOUNT_FORMAT'
  | 'CORR_ACCOUNT_PREFIX'
  | 'CORR_ACCOUNT_CHECKSUM';

export interface RequisiteError {
  /** The field's path in the submission, e.g. `requisites.inn`. */
  readonly field: string;
  readonly code: RequisiteErrorCode;
  readonly message: string;
}
