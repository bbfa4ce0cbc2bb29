import { describe, it, expect } from 'vitest';
import { validateRequisites, type ClientType, type Requisites } from '../../src/crm/requisites/index.ts';

// Real public requisites. Sber's settlement account is the one printed on its published
// invoices; Raiffeisenbank's account comes from a published bank statement sample.
const SBERBANK: Requisites = {
  fullName: 'ПАО Сбербанк',
  inn: '7707083893',
  kpp: '773601001',
  ogrn: '1027700132195',
  legalAddress: '117312, г. Москва, ул. Вавилова, д. 19',
  directorName: 'Греф Герман Оскарович',
  bankName: 'ПАО Сбербанк',
  bik: '044525225',
  account: '40702810238720001420',
  corrAccount: '30101810400000000225',
};
const RAIFFEISEN_ACCOUNT = { bik: '044525700', account: '40702810800001400002', corrAccount: '30101810200000000700' };
const REAL_COMPANIES = [
  { name: 'Газпром', inn: '7736050003', ogrn: '1027700070518' },
  { name: 'Яндекс', inn: '7736207543', ogrn: '1027700229193' },
  { name: 'Сбербанк', inn: '7707083893', ogrn: '1027700132195' },
  { name: 'РЖД', inn: '7708503727', ogrn: '1037739877295' },
  { name: 'Аэрофлот', inn: '7712040126', ogrn: '1027700092661' },
];
const REAL_BANKS = [
  { name: 'Сбербанк', bik: '044525225', corrAccount: '30101810400000000225' },
  { name: 'ВТБ', bik: '044525187', corrAccount: '30101810700000000187' },
  { name: 'Т-Банк', bik: '044525974', corrAccount: '30101810145250000974' },
  { name: 'Альфа-Банк', bik: '044525593', corrAccount: '30101810200000000593' },
  { name: 'Райффайзенбанк', bik: '044525700', corrAccount: '30101810200000000700' },
  { name: 'Северо-Западный банк Сбербанка', bik: '044030653', corrAccount: '30101810500000000653' },
];
// The ИП example published in DaData's documentation and used by many validators.
const SOLE_PROPRIETOR: Requisites = {
  fullName: 'Индивидуальный предприниматель Иванов Иван Иванович',
  inn: '500100732259',
  ogrn: '304500116000157',
  legalAddress: '143000, Московская обл., г. Одинцово, ул. Маршала Жукова, д. 1',
  bankName: 'АО «Райффайзенбанк»',
  ...RAIFFEISEN_ACCOUNT,
};

// --- an independent oracle: the official algorithms written out again, plainly ---
const sumWith = (digits: string, weights: number[]) => weights.reduce((s, w, i) => s + w * Number(digits[i]), 0);
function oracleInn(inn: string): boolean {
  if (inn.length === 10) return (sumWith(inn, [2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10 === Number(inn[9]);
  const c11 = (sumWith(inn, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10;
  const c12 = (sumWith(inn, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11) % 10;
  return c11 === Number(inn[10]) && c12 === Number(inn[11]);
}
function oracleOgrn(ogrn: string): boolean {
  const m = ogrn.length === 13 ? 11n : 13n;
  return (BigInt(ogrn.slice(0, -1)) % m) % 10n === BigInt(ogrn.slice(-1));
}
function oracleKey(prefix: string, account: string): boolean {
  const d = prefix + account;
  let s = 0;
  for (let i = 0; i < 23; i++) s += Number(d[i]) * [7, 1, 3][i % 3];
  return s % 10 === 0;
}

function singleDigitChanges(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i++)
    for (let d = 0; d <= 9; d++) if (String(d) !== value[i]) out.push(value.slice(0, i) + d + value.slice(i + 1));
  return out;
}
function adjacentTranspositions(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < value.length; i++)
    if (value[i] !== value[i + 1]) out.push(value.slice(0, i) + value[i + 1] + value[i] + value.slice(i + 2));
  return out;
}
function typos(value: string): string[] {
  return [...singleDigitChanges(value), ...adjacentTranspositions(value)];
}

function errorsOf(requisites: Requisites, type: ClientType) {
  return validateRequisites(requisites, type);
}

describe('requisites of real companies and banks', () => {
  it('given Sberbank\'s own requisites as an ООО, when validated, then nothing is refused', () => {
    expect(errorsOf(SBERBANK, 'ooo')).toEqual([]);
  });

  it('given the public ИП example with a Raiffeisenbank account, when validated as an ИП, then nothing is refused', () => {
    expect(errorsOf(SOLE_PROPRIETOR, 'ip')).toEqual([]);
  });

  it.each(REAL_COMPANIES)('given the ИНН and ОГРН of $name, when validated as an ООО, then they pass', ({ inn, ogrn }) => {
    expect(errorsOf({ ...SBERBANK, inn, ogrn }, 'ooo')).toEqual([]);
  });

  it.each(REAL_BANKS)('given the БИК and correspondent account of $name, when validated, then they pass', ({ bik, corrAccount }) => {
    const errors = errorsOf({ ...SBERBANK, bik, corrAccount }, 'ooo').filter((e) => e.field !== 'requisites.account');
    expect(errors).toEqual([]);
  });
});

describe('required fields', () => {
  it('given an empty ООО, when validated, then every required field is named once with REQUIRED', () => {
    const errors = errorsOf({}, 'ooo');
    expect(errors.map((e) => e.field).sort()).toEqual(
      ['account', 'bankName', 'bik', 'corrAccount', 'directorName', 'fullName', 'inn', 'kpp', 'legalAddress', 'ogrn'].map((f) => `requisites.${f}`).sort(),
    );
    expect(errors.every((e) => e.code === 'REQUIRED')).toBe(true);
    expect(errors.find((e) => e.field === 'requisites.directorName')?.message).toBe('ФИО директора: обязательное поле');
  });

  it('given an ИП without КПП and director, when validated, then they are not asked for', () => {
    const { kpp: _k, directorName: _d, ...rest } = SOLE_PROPRIETOR;
    expect(errorsOf(rest, 'ip')).toEqual([]);
  });

  it('given an ИП with a nonsense КПП, when validated, then the КПП is ignored', () => {
    expect(errorsOf({ ...SOLE_PROPRIETOR, kpp: 'xx' }, 'ip')).toEqual([]);
  });

  it('given blank text in the full name and a number as the ИНН, when validated, then both are named', () => {
    const errors = errorsOf({ ...SBERBANK, fullName: '   ', inn: 7707083893 as unknown as string }, 'ooo');
    expect(errors).toEqual([
      { field: 'requisites.fullName', code: 'REQUIRED', message: 'Полное наименование: обязательное поле' },
      { field: 'requisites.inn', code: 'NOT_TEXT', message: 'ИНН: ожидается текст' },
    ]);
  });
});

describe('formats', () => {
  it('given a 12-digit ИНН for an ООО, when validated, then the ИНН is refused with its length', () => {
    expect(errorsOf({ ...SBERBANK, inn: SOLE_PROPRIETOR.inn }, 'ooo')).toEqual([
      { field: 'requisites.inn', code: 'INN_FORMAT', message: 'ИНН: должен состоять из 10 цифр (ИНН организации)' },
    ]);
  });

  it('given a 10-digit ИНН and a 13-digit ОГРН for an ИП, when validated, then both are refused, the ОГРН as ОГРНИП', () => {
    const errors = errorsOf({ ...SOLE_PROPRIETOR, inn: SBERBANK.inn, ogrn: SBERBANK.ogrn }, 'ip');
    expect(errors.map((e) => [e.field, e.code])).toEqual([['requisites.inn', 'INN_FORMAT'], ['requisites.ogrn', 'OGRN_FORMAT']]);
    expect(errors[1].message).toBe('ОГРНИП: должен состоять из 15 цифр');
  });

  it.each(['77360100', '7736010011', '773601 01', '7736ab001', '77A601001'])('given the КПП %s, when validated, then it is refused', (kpp) => {
    expect(errorsOf({ ...SBERBANK, kpp }, 'ooo')).toEqual([
      { field: 'requisites.kpp', code: 'KPP_FORMAT', message: expect.stringMatching(/^КПП: 9 символов/) },
    ]);
  });

  it('given a КПП with letters in positions 5–6 (a major taxpayer code), when validated, then it passes', () => {
    expect(errorsOf({ ...SBERBANK, kpp: '7736AB001' }, 'ooo')).toEqual([]);
  });

  it('given a БИК of 8 digits, when validated, then the БИК is refused and the accounts are checked for format only', () => {
    expect(errorsOf({ ...SBERBANK, bik: '04452522' }, 'ooo')).toEqual([
      { field: 'requisites.bik', code: 'BIK_FORMAT', message: 'БИК: должен состоять из 9 цифр' },
    ]);
  });

  it('given a settlement account of 19 digits, when validated, then the account is refused', () => {
    expect(errorsOf({ ...SBERBANK, account: '4070281023872000142' }, 'ooo').map((e) => e.code)).toEqual(['ACCOUNT_FORMAT']);
  });

  it('given a correspondent account not starting with 30101, when validated, then it is refused with the prefix rule', () => {
    expect(errorsOf({ ...SBERBANK, corrAccount: '40101810400000000225' }, 'ooo')).toEqual([
      { field: 'requisites.corrAccount', code: 'CORR_ACCOUNT_PREFIX', message: 'Корреспондентский счёт: должен начинаться с 30101' },
    ]);
  });

  it('given Sber\'s Moscow accounts with the БИК of its St Petersburg bank, when validated, then both accounts are refused against the БИК', () => {
    const errors = errorsOf({ ...SBERBANK, bik: '044030653' }, 'ooo');
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['requisites.account', 'ACCOUNT_CHECKSUM'],
      ['requisites.corrAccount', 'CORR_ACCOUNT_CHECKSUM'],
    ]);
    expect(errors[0].message).toBe('Расчётный счёт: не сходится контрольный ключ с БИК 044030653');
  });
});

describe('every typo the official check digits detect is refused, naming the field', () => {
  type Case = { field: keyof Requisites; base: Requisites; type: ClientType; oracle: (v: string) => boolean; minDetected: number };
  const cases: Case[] = [
    { field: 'inn', base: SBERBANK, type: 'ooo', oracle: oracleInn, minDetected: 0.85 },
    { field: 'inn', base: SOLE_PROPRIETOR, type: 'ip', oracle: oracleInn, minDetected: 0.85 },
    { field: 'ogrn', base: SBERBANK, type: 'ooo', oracle: oracleOgrn, minDetected: 0.85 },
    { field: 'ogrn', base: SOLE_PROPRIETOR, type: 'ip', oracle: oracleOgrn, minDetected: 0.85 },
    { field: 'account', base: SBERBANK, type: 'ooo', oracle: (v) => oracleKey('225', v), minDetected: 0.95 },
    { field: 'account', base: SOLE_PROPRIETOR, type: 'ip', oracle: (v) => oracleKey('700', v), minDetected: 0.95 },
    { field: 'corrAccount', base: SBERBANK, type: 'ooo', oracle: (v) => v.startsWith('30101') && oracleKey('025', v), minDetected: 0.95 },
  ];

  it.each(cases)('given each single-digit change and adjacent transposition of the $type $field, when validated, then the detected ones fail on that field and the others pass', ({ field, base, type, oracle, minDetected }) => {
    const original = base[field] as string;
    expect(oracle(original)).toBe(true);
    const variants = typos(original);
    let detected = 0;
    for (const variant of variants) {
      const errors = errorsOf({ ...base, [field]: variant }, type);
      if (oracle(variant)) {
        expect(errors, `${field}=${variant}`).toEqual([]);
      } else {
        detected++;
        expect(errors.map((e) => e.field), `${field}=${variant}`).toEqual([`requisites.${field}`]);
      }
    }
    // The algorithms are meant to catch nearly all typos; a broken oracle would catch few.
    expect(detected / variants.length).toBeGreaterThanOrEqual(minDetected);
  });

  it('given the Sber БИК with one digit changed, when validated, then the account or corr. account no longer match it', () => {
    for (const bik of singleDigitChanges(SBERBANK.bik!).filter((b) => b.slice(4) !== SBERBANK.bik!.slice(4))) {
      const fields = errorsOf({ ...SBERBANK, bik }, 'ooo').map((e) => e.field);
      expect(fields.length, bik).toBeGreaterThan(0);
    }
  });
});

describe('the banned-ИНН warning', () => {
  it('given a banned ИНН with the lawyer\'s reason, when the warning is built, then it names the ИНН, the deal and the reason', async () => {
    const { bannedInnWarning } = await import('../../src/crm/requisites/index.ts');
    expect(bannedInnWarning({ inn: '7707083893', reason: ' Фиктивный адрес ', dealTitle: 'Пивной двор' })).toBe(
      'ИНН 7707083893 в списке запрета на работу — юрист запретил работу с этим клиентом (сделка «Пивной двор»): Фиктивный адрес',
    );
    expect(bannedInnWarning({ inn: '7707083893', reason: 'Фиктивный адрес', dealNumber: 12, bannedOn: '03.03.2026' })).toBe(
      'ИНН 7707083893 в списке запрета на работу — юрист запретил работу с этим клиентом 03.03.2026 (сделка №12): Фиктивный адрес',
    );
    expect(bannedInnWarning(null)).toBeNull();
  });
});
