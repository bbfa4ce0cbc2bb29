/**
 * What a document task does with a banned ИНН (spec block 6, «Запрет на работу»): the rep
 * sees the warning while typing (GET /api/tasks/:id/inn-check), a submission carrying
 * it is refused once with the warning on the ИНН field, and goes through when it says
 * the rep saw it (`confirmBannedInn: true`). Pure helpers; the service does the IO.
 */
import { DateTime } from 'luxon';
import { innChecksumOk } from '../requisites/check-digits.ts';
import { bannedInnWarning } from '../requisites/banned-inn.warning.ts';
import type { BannedInn } from './banned-inn.repository.ts';

/** The submission flag by which the rep confirms sending a banned ИНН on. */
export const CONFIRM_BANNED_INN = 'confirmBannedInn';

/** A complete ИНН: 10 digits (organisation) or 12 (person), with the official check digits. */
export function isCompleteInn(inn: string): boolean {
  return /^(\d{10}|\d{12})$/.test(inn) && innChecksumOk(inn);
}

/** The dotted value path of the form's ИНН field (`requisites.inn` in the document forms), or null when it has none. */
export function innFieldPath(schema: unknown): string | null {
  const walk = (components: unknown, prefix: string): string | null => {
    if (!Array.isArray(components)) return null;
    for (const c of components as { key?: unknown; path?: unknown; type?: unknown; components?: unknown }[]) {
      if (c?.key === 'inn' && c.type === 'textfield') return prefix + 'inn';
      const found = walk(c?.components, typeof c?.path === 'string' && c.path ? `${prefix}${c.path}.` : prefix);
      if (found) return found;
    }
    return null;
  };
  return schema && typeof schema === 'object' ? walk((schema as { components?: unknown }).components, '') : null;
}

/** The value at a dotted path of a submission. */
export function valueAt(values: Readonly<Record<string, unknown>>, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), values);
}

/** The warning text with the ban's day in the company's zone. */
export function warningOf(ban: BannedInn, zone: string): string {
  return bannedInnWarning({ inn: ban.inn, reason: ban.comment, dealNumber: ban.dealNumber, bannedOn: DateTime.fromMillis(ban.createdAt, { zone }).toFormat('dd.MM.yyyy') })!;
}
