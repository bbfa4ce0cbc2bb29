/** Instants on the API: ISO 8601 with the company's offset (POTOK_TZ, Europe/Moscow by default). */
import { DateTime } from 'luxon';

export function toIso(ms: number | null | undefined, zone: string): string | null {
  if (ms === null || ms === undefined) return null;
  return DateTime.fromMillis(Number(ms), { zone }).toISO({ suppressMilliseconds: true });
}

/** Parses an ISO instant (with an offset or Z); a date-only value is midnight in `zone`. */
export function fromIso(value: string, zone: string): number | null {
  const dt = DateTime.fromISO(value, { zone, setZone: false });
  return dt.isValid ? dt.toMillis() : null;
}
