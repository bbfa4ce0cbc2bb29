/**
 * The official check-digit algorithms of Russian requisites (ФНС for ИНН/ОГРН, the
 * Bank of Russia for account control keys). Pure functions over digit strings; they
 * assume the caller has already checked the length and that only digits are present.
 */

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const ACCOUNT_WEIGHTS = [7, 1, 3];

function weightedCheckDigit(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i] * Number(digits[i]);
  return (sum % 11) % 10;
}

/** The expected check digits of an ИНН (one for 10 digits, two for 12), as a string. */
export function innCheckDigits(inn: string): string {
  if (inn.length === 10) return String(weightedCheckDigit(inn, INN10_WEIGHTS));
  const first = weightedCheckDigit(inn, INN12_WEIGHTS_11);
  const second = weightedCheckDigit(inn.slice(0, 10) + String(first), INN12_WEIGHTS_12);
  return `${first}${second}`;
}

export function innChecksumOk(inn: string): boolean {
  return inn.slice(inn.length === 10 ? 9 : 10) === innCheckDigits(inn);
}

/**
 * ОГРН (13 digits): the last digit = (first 12 as a number mod 11) mod 10;
 * ОГРНИП (15 digits): (first 14 mod 13) mod 10. The numbers exceed 2^53, hence BigInt.
 */
export function ogrnCheckDigit(ogrn: string): string {
  const modulus = ogrn.length === 15 ? 13n : 11n;
  const body = BigInt(ogrn.slice(0, ogrn.length - 1));
  return String((body % modulus) % 10n);
}

export function ogrnChecksumOk(ogrn: string): boolean {
  return ogrn.at(-1) === ogrnCheckDigit(ogrn);
}

/** Bank of Russia control key: 23 digits (3-digit bank number + 20-digit account), weights 7 1 3, sum ≡ 0 mod 10. */
export function controlKeyOk(bankNumber: string, account: string): boolean {
  const digits = bankNumber + account;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (Number(digits[i]) * ACCOUNT_WEIGHTS[i % 3]) % 10;
  return sum % 10 === 0;
}

/**
 * The conditional bank number a settlement account is keyed with: the last three digits
 * of the БИК for a credit institution; "0" + digits 5–6 of the БИК for a division of the
 * Bank of Russia (БИК ending in 000, 001 or 002), as the official algorithm says.
 */
export function settlementBankNumber(bik: string): string {
  const tail = bik.slice(6);
  return tail === '000' || tail === '001' || tail === '002' ? `0${bik.slice(4, 6)}` : tail;
}

/** Correspondent accounts are keyed with "0" + digits 5–6 of the БИК (the Bank of Russia division). */
export function correspondentBankNumber(bik: string): string {
  return `0${bik.slice(4, 6)}`;
}
