export * from './requisites.types.ts';
export * from './requisites.validator.ts';
export { innCheckDigits, ogrnCheckDigit, controlKeyOk, settlementBankNumber, correspondentBankNumber } from './check-digits.ts';
export { bannedInnWarning, type BannedInnEntry } from './banned-inn.warning.ts';
