/**
 * Converting between FEEL values (luxon DateTime/Duration, feelin ranges and functions)
 * and the JSON the engine stores, and reading instants and durations out of them.
 */
import { DateTime, Duration } from 'luxon';
import type { Json, Millis } from '../api.ts';

/** A FEEL result as storable JSON: temporals become ISO strings, functions and ranges null. */
export function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (DateTime.isDateTime(value)) return temporalJson(value);
  if (Duration.isDuration(value)) return value.toISO();
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toJson(v);
    return out;
  }
  return null;
}

/**
 * feelin marks a local date-time (no offset, no zone) with luxon's system zone and a
 * date with midnight UTC. Stored, a local date-time keeps no offset (the machine's
 * zone must not leak in) and a date is a plain ISO date.
 */
function temporalJson(value: DateTime): string | null {
  if (!value.isValid) return null;
  if (value.zone.type === 'system') return value.toISO({ includeOffset: false });
  if (isFeelDate(value)) return value.toISODate();
  return value.toISO();
}

function isFeelDate(value: DateTime): boolean {
  return value.zone.type === 'fixed' && value.offset === 0 && value.hour === 0 && value.minute === 0 && value.second === 0 && value.millisecond === 0;
}

/** A local date-time from FEEL means that wall-clock time in the company's zone. */
function inZone(value: DateTime, zone: string): DateTime {
  return value.zone.type === 'system' ? value.setZone(zone, { keepLocalTime: true }) : value;
}

/**
 * An instant from a FEEL value or an ISO string. A date-time without offset and a bare
 * date are read in the calendar's zone (a bare date = its midnight). Null when not a time.
 */
export function toInstant(value: unknown, zone: string): Millis | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (DateTime.isDateTime(value)) {
    if (!value.isValid) return null;
    // A FEEL date (midnight UTC by feelin's convention) means that day's midnight in the company's zone.
    if (isFeelDate(value)) return DateTime.fromISO(value.toISODate()!, { zone }).toMillis();
    return inZone(value, zone).toMillis();
  }
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim();
  const zoned = text.includes('@') ? text.split('@') : null;
  const parsed = zoned
    ? DateTime.fromISO(zoned[0], { zone: zoned[1] })
    : DateTime.fromISO(text, { zone, setZone: false });
  return parsed.isValid ? parsed.toMillis() : null;
}

/** Milliseconds after `from` for a FEEL duration or ISO duration string (calendar units in the zone). */
export function addDuration(from: Millis, value: unknown, zone: string): Millis | null {
  const duration = Duration.isDuration(value) ? value : typeof value === 'string' ? parseDuration(value.trim()) : null;
  if (!duration || !duration.isValid) return null;
  // Hours and smaller are plain clock time; only days and longer need the zone's calendar (and cost a zone lookup).
  if (!duration.years && !duration.quarters && !duration.months && !duration.weeks && !duration.days) return from + duration.toMillis();
  const due = DateTime.fromMillis(from, { zone }).plus(duration);
  return due.isValid ? due.toMillis() : null;
}

const durationCache = new Map<string, Duration>();

/** Models repeat the same few literals (PT1H, P1D): parse each once. */
function parseDuration(text: string): Duration {
  let duration = durationCache.get(text);
  if (!duration) {
    duration = Duration.fromISO(text);
    if (durationCache.size < 1000) durationCache.set(text, duration);
  }
  return duration;
}

/** A plain string for ids, names, keys: numbers become their decimal form. */
export function toText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return null;
}

/** A list of strings from a FEEL list, or a comma-separated string. */
export function toTextList(value: unknown): string[] | null {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) {
    const items = value.map(toText);
    return items.every((i): i is string => i !== null) ? items : null;
  }
  if (typeof value === 'string') return splitList(value);
  return null;
}

export function splitList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
