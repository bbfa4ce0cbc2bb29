import { DateTime } from 'luxon';
import type { Millis } from '../../src/calendar/types.ts';

/** An instant from a local date-time written in a zone (default Moscow), e.g. '2026-12-30T10:00'. */
export function at(local: string, zone = 'Europe/Moscow'): Millis {
  const parsed = DateTime.fromISO(local, { zone });
  if (!parsed.isValid) throw new Error(`bad test date ${local}`);
  return parsed.toMillis();
}

/** An instant as local 'YYYY-MM-DDTHH:mm' in a zone (seconds only when present). */
export function local(ms: Millis, zone = 'Europe/Moscow'): string {
  const dt = DateTime.fromMillis(ms, { zone });
  return dt.toFormat(dt.second || dt.millisecond ? "yyyy-MM-dd'T'HH:mm:ss.SSS" : "yyyy-MM-dd'T'HH:mm");
}
