/**
 * A phone number a person can dial: digits with the usual separators (spaces, dashes,
 * brackets, a leading +), 10 to 15 digits — a Russian number with or without +7/8, or an
 * international one (E.164 allows 15). «+7 (900) 1» or «12-34» are typos, not numbers.
 */
export function isPhoneNumber(text: string): boolean {
  const s = text.trim();
  if (!/^\+?[\d\s().-]+$/.test(s)) return false;
  const digits = s.replace(/\D/g, '').length;
  return digits >= 10 && digits <= 15;
}
