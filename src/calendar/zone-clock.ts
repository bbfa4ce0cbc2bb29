/**
 * Local wall-clock time of one IANA zone, as plain numbers: a "wall" time is epoch-style
 * milliseconds of the local clock (as if the local time were UTC), so that local day
 * numbers are wall / 86 400 000.
 */
import { IANAZone } from 'luxon';
import type { Millis } from './types.ts';

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;
const MAX_CACHED_DAYS = 50_000;

export interface ZoneClock {
  /** The local wall time of an instant. */
  wallOf(at: Millis): number;
  /** The local day number (days since 1970-01-01) of an instant. */
  localDayNumber(at: Millis): number;
  /** The instant of a local wall time; a time inside a summer-time gap moves forward, as in luxon. */
  instantOf(wall: number): Millis;
}

export function createZoneClock(zone: string): ZoneClock {
  const rules = IANAZone.create(zone);
  const offsetsByUtcDay = new Map<number, number | null>();

  /**
   * The UTC offset in minutes at an instant. Asking Intl is slow, and offsets change a few
   * times a year at most: a UTC day with the same offset at both ends is remembered.
   */
  function offsetAt(at: Millis): number {
    const utcDay = Math.floor(at / MS_PER_DAY);
    let offset = offsetsByUtcDay.get(utcDay);
    if (offset === undefined) {
      const first = rules.offset(utcDay * MS_PER_DAY);
      offset = first === rules.offset((utcDay + 1) * MS_PER_DAY - 1) ? first : null;
      if (offsetsByUtcDay.size >= MAX_CACHED_DAYS) offsetsByUtcDay.clear();
      offsetsByUtcDay.set(utcDay, offset);
    }
    return offset ?? rules.offset(at);
  }

  const wallOf = (at: Millis) => at + offsetAt(at) * MS_PER_MINUTE;

  return {
    wallOf,
    localDayNumber: (at) => Math.floor(wallOf(at) / MS_PER_DAY),
    instantOf(wall) {
      // luxon's own method: guess with the offset at the wall time, correct once for a change.
      const o1 = offsetAt(wall);
      let guess = wall - o1 * MS_PER_MINUTE;
      const o2 = offsetAt(guess);
      if (o1 === o2) return guess;
      guess -= (o2 - o1) * MS_PER_MINUTE;
      const o3 = offsetAt(guess);
      if (o2 === o3) return guess;
      return wall - Math.min(o2, o3) * MS_PER_MINUTE;
    },
  };
}
