/** Instants on the API: ISO 8601 with the company's offset (POTOK_TZ, Europe/Moscow by default). */
import { DateTime, Info, type Zone } from 'luxon';

const QUARTER_HOUR = 15 * 60_000;

/**
 * A zone's UTC offset by quarter hour. Asking the zone (Intl's formatToParts under
 * luxon) costs microseconds per date, and an API page carries hundreds of dates. A
 * quarter hour whose first and last millisecond have the same offset is remembered
 * (offsets change at most at one instant in it); one with a change in it is asked each time.
 */
class OffsetCache {
  readonly #zone: Zone;
  readonly #byQuarter = new Map<number, number>();
  constructor(zone: Zone) {
    this.#zone = zone;
  }
  offset(ms: number): number {
    const quarter = Math.floor(ms / QUARTER_HOUR);
    const minutes = this.#byQuarter.get(quarter);
    if (minutes !== undefined) return minutes;
    const first = this.#zone.offset(quarter * QUARTER_HOUR);
    const last = this.#zone.offset((quarter + 1) * QUARTER_HOUR - 1);
    if (first !== last) return this.#zone.offset(ms);
    if (this.#byQuarter.size >= 100_000) this.#byQuarter.clear();
    this.#byQuarter.set(quarter, first);
    return first;
  }
}

const zones = new Map<string, { cache: OffsetCache; utcLetter: boolean } | null>();

function zoneEntry(name: string) {
  let entry = zones.get(name);
  if (entry === undefined) {
    const zone = Info.normalizeZone(name);
    // An unknown zone name: luxon's own formatting says so (an invalid DateTime).
    entry = zone.isValid ? { cache: new OffsetCache(zone), utcLetter: zone.isUniversal && zone.offset(0) === 0 } : null;
    zones.set(name, entry);
  }
  return entry;
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + n;

/**
 * `2026-03-03T10:00:00+03:00` (milliseconds only when there are any): what luxon's
 * `toISO({ suppressMilliseconds: true })` gives, and tested against it.
 */
export function toIso(ms: number | null | undefined, zone: string): string | null {
  if (ms === null || ms === undefined) return null;
  const at = Number(ms);
  const entry = zoneEntry(zone);
  const minutes = entry?.cache.offset(at);
  const local = minutes === undefined ? null : new Date(at + minutes * 60_000);
  const year = local?.getUTCFullYear();
  // Local mean time before standard zones has offsets in seconds: luxon's own text then.
  if (!entry || !local || minutes === undefined || !Number.isInteger(minutes) || !Number.isFinite(at) || year === undefined || year < 0 || year > 9999) {
    return DateTime.fromMillis(at, { zone }).toISO({ suppressMilliseconds: true });
  }
  const text = local.toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ in local wall time
  const base = local.getUTCMilliseconds() === 0 ? text.slice(0, 19) : text.slice(0, 23);
  if (minutes === 0 && entry.utcLetter) return `${base}Z`;
  const abs = Math.abs(minutes);
  return `${base}${minutes < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** Parses an ISO instant (with an offset or Z); a date-only value is midnight in `zone`. */
export function fromIso(value: string, zone: string): number | null {
  const dt = DateTime.fromISO(value, { zone, setZone: false });
  return dt.isValid ? dt.toMillis() : null;
}
