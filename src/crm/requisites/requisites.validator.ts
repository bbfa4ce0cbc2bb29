/**
 * Checks the requisites of a franchise client (block 5 of the spec) and says, per field,
 * what is wrong: one error per field, with a stable code and a Russian message that
 * names the field. Pure: no IO.
 */
import {
  controlKeyOk,
  correspondentBankNumber,
  innChecksumOk,
  ogrnChecksumOk,
  settlementBankNumber,
} from './check-digits.ts';
import type { ClientType, RequisiteError, RequisiteErrorCode, RequisiteField, Requisites } from './requisites.types.ts';

export const REQUISITE_LABELS: Readonly<Record<RequisiteField, string>> = {
  fullName: 'Полное наименование',
  inn: 'ИНН',
  ogrn: 'ОГРН',
  kpp: 'КПП',
  legalAddress: 'Юридический адрес',
  directorName: 'ФИО директора',
  bankName: 'Наименование банка',
  bik: 'БИК',
  account: 'Расчётный счёт',
  corrAccount: 'Корреспондентский счёт',
};

/** The label of a field for a client type (an ИП has an ОГРНИП, not an ОГРН). */
export function requisiteLabel(field: RequisiteField, clientType: ClientType): string {
  return field === 'ogrn' && clientType === 'ip' ? 'ОГРНИП' : REQUISITE_LABELS[field];
}

/** Which fields a client type must fill; КПП and the director belong to an ООО only (ignored for an ИП). */
export function requiredRequisites(clientType: ClientType): readonly RequisiteField[] {
  const common: RequisiteField[] = ['fullName', 'inn', 'ogrn', 'legalAddress', 'bankName', 'bik', 'account', 'corrAccount'];
  return clientType === 'ooo' ? [...common, 'kpp', 'directorName'] : common;
}

type Problem = { code: RequisiteErrorCode; detail: string } | null;

const DIGITS = /^\d+$/;
const KPP = /^\d{4}[\dA-Z]{2}\d{3}$/;

export function innProblem(inn: string, clientType: ClientType): Problem {
  const length = clientType === 'ip' ? 12 : 10;
  if (!DIGITS.test(inn) || inn.length !== length) {
    return { code: 'INN_FORMAT', detail: `должен состоять из ${length} цифр${clientType === 'ip' ? ' (ИНН индивидуального предпринимателя)' : ' (ИНН организации)'}` };
  }
  return innChecksumOk(inn) ? null : { code: 'INN_CHECKSUM', detail: 'неверная контрольная сумма' };
}

export function ogrnProblem(ogrn: string, clientType: ClientType): Problem {
  const length = clientType === 'ip' ? 15 : 13;
  if (!DIGITS.test(ogrn) || ogrn.length !== length) return { code: 'OGRN_FORMAT', detail: `должен состоять из ${length} цифр` };
  return ogrnChecksumOk(ogrn) ? null : { code: 'OGRN_CHECKSUM', detail: 'неверное контрольное число' };
}

export function kppProblem(kpp: string): Problem {
  return KPP.test(kpp) ? null : { code: 'KPP_FORMAT', detail: '9 символов в формате NNNNPPNNN (цифры; 5-й и 6-й символы — цифры или заглавные латинские буквы)' };
}

export function bikProblem(bik: string): Problem {
  return /^\d{9}$/.test(bik) ? null : { code: 'BIK_FORMAT', detail: 'должен состоять из 9 цифр' };
}

/** A settlement account needs a valid БИК to be checked; without one only its format is checked. */
export function accountProblem(account: string, bik: string | undefined): Problem {
  if (!/^\d{20}$/.test(account)) return { code: 'ACCOUNT_FORMAT', detail: 'должен состоять из 20 цифр' };
  if (bik === undefined || bikProblem(bik)) return null;
  return controlKeyOk(settlementBankNumber(bik), account)
    ? null
    : { code: 'ACCOUNT_CHECKSUM', detail: `не сходится контрольный ключ с БИК ${bik}` };
}

export function corrAccountProblem(corrAccount: string, bik: string | undefined): Problem {
  if (!/^\d{20}$/.test(corrAccount)) return { code: 'CORR_ACCOUNT_FORMAT', detail: 'должен состоять из 20 цифр' };
  if (!corrAccount.startsWith('30101')) return { code: 'CORR_ACCOUNT_PREFIX', detail: 'должен начинаться с 30101' };
  if (bik === undefined || bikProblem(bik)) return null;
  return controlKeyOk(correspondentBankNumber(bik), corrAccount)
    ? null
    : { code: 'CORR_ACCOUNT_CHECKSUM', detail: `не сходится контрольный ключ с БИК ${bik}` };
}

/**
 * Validates the requisites of a client of the given type. `fieldPrefix` names the object
 * in the submission (`requisites` by default), so errors read `requisites.inn`.
 * Values are trimmed before checking; a field not required for the type (КПП and the
 * director for an ИП) is not checked at all.
 */
export function validateRequisites(
  requisites: Readonly<Record<string, unknown>> | Requisites | undefined,
  clientType: ClientType,
  fieldPrefix = 'requisites',
): RequisiteError[] {
  const source = (requisites ?? {}) as Record<string, unknown>;
  const errors: RequisiteError[] = [];
  const texts: Partial<Record<RequisiteField, string>> = {};
  const fail = (field: RequisiteField, code: RequisiteErrorCode, detail: string) =>
    errors.push({ field: fieldPrefix ? `${fieldPrefix}.${field}` : field, code, message: `${requisiteLabel(field, clientType)}: ${detail}` });

  for (const field of requiredRequisites(clientType)) {
    const raw = source[field];
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) fail(field, 'REQUIRED', 'обязательное поле');
    else if (typeof raw !== 'string') fail(field, 'NOT_TEXT', 'ожидается текст');
    else texts[field] = raw.trim();
  }

  const bik = texts.bik !== undefined && !bikProblem(texts.bik) ? texts.bik : undefined;
  const checks: Array<[RequisiteField, (value: string) => Problem]> = [
    ['inn', (v) => innProblem(v, clientType)],
    ['ogrn', (v) => ogrnProblem(v, clientType)],
    ['kpp', kppProblem],
    ['bik', bikProblem],
    ['account', (v) => accountProblem(v, bik)],
    ['corrAccount', (v) => corrAccountProblem(v, bik)],
  ];
  for (const [field, check] of checks) {
    const value = texts[field];
    if (value === undefined) continue;
    const problem = check(value);
    if (problem) fail(field, problem.code, problem.detail);
  }
  return errors;
}
