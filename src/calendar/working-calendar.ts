/**
 * Working-time arithmetic over a production calendar, exactly as the "Time rules" table
 * of the franchise specification defines it. Pure: instants come in as arguments; the
 * only callback (`onMissingYear`) is the caller's.
 *
 * Decisions beyond the table (documented in docs/working-time.md):
 * - 0 working minutes/days: the same instant (a zero delay does not wait for office hours).
 * - Negative minutes count backwards through working time (an end exactly at the start of
 *   a working day stays there); negative days give the N-th working day before T's date.
 * - Minutes may be fractional (1.5 working hours); days must be whole numbers.
 * - NaN, Infinity and non-numbers are refused with a CalendarError.
 * - start/end of the working day of a day off: the configured office hours of that date.
 */
import { IANAZone } from 'luxon';
import { createZoneClock, MS_PER_DAY, MS_PER_MINUTE } from './zone-clock.ts';
import { CalendarError } from './calendar-error.ts';
import { buildDayTable, type DayTable } from './day-table.ts';
import { dateOfDayNumber, fromDayNumber, parseLocalDate, toDayNumber } from './local-date.ts';
import { RUSSIAN_PRODUCTION_CALENDAR } from './production-calendar.data.ts';
import type { DayCorrection, DayKind, LocalDate, Millis, ProductionCalendar, YearCalendarData } from './types.ts';
import { computeYearNorm } from './yearly-norm.ts';

export const DEFAULT_ZONE = 'Europe/Moscow';
export const DEFAULT_WORKDAY_START = '09:00';
export const DEFAULT_WORKDAY_END = '18:00';
/** A shortened (pre-holiday) day ends this much earlier. */
export const SHORTENING_MINUTES = 60;
/** No computation walks further than this: a runaway input is refused, not looped over. */
const MAX_SCAN_DAYS = 200 * 366;
/** Enough for decades of days; a calendar that outgrows it simply starts over. */
const MAX_CACHED_DAYS = 50_000;
const FIRST_SUPPORTED_DAY = toDayNumber({ year: 1000, month: 1, day: 1 });
const LAST_SUPPORTED_DAY = toDayNumber({ year: 9999, month: 12, day: 31 });

export interface WorkingCalendarOptions {
  /** IANA zone of the company, default Europe/Moscow. */
  readonly zone?: string;
  /** Office hours 'HH:MM', default 09:00–18:00. */
  readonly workdayStart?: string;
  readonly workdayEnd?: string;
  /** Production-calendar years, default the shipped 2025–2027; a later entry replaces an earlier one of the same year. */
  readonly years?: readonly YearCalendarData[];
  /** An admin's corrections, layered over the years (a later one replaces an earlier one of the same date). */
  readonly corrections?: readonly DayCorrection[];
  /** Called once per year per calendar when a date of a year without data is used (Monday–Friday fallback). */
  readonly onMissingYear?: (year: number) => void;
}

/** Minutes since midnight of an 'HH:MM' clock time (00:00–23:59). */
export function parseClockTime(value: unknown, field: string): number {
  const match = typeof value === 'string' ? /^(\d{2}):(\d{2})$/.exec(value) : null;
  const hours = match ? Number(match[1]) : NaN;
  const minutes = match ? Number(match[2]) : NaN;
  if (!match || hours > 23 || minutes > 59) {
    throw new CalendarError('INVALID_TIME', `${field} must be a clock time HH:MM between 00:00 and 23:59, got ${JSON.stringify(value)}`);
  }
  return hours * 60 + minutes;
}

export function assertZone(zone: unknown, field = 'zone'): string {
  if (typeof zone !== 'string' || !IANAZone.isValidZone(zone)) {
    throw new CalendarError('INVALID_ZONE', `${field} must be an IANA time zone such as Europe/Moscow, got ${JSON.stringify(zone)}`);
  }
  return zone;
}

function assertInstant(at: unknown, field: string): Millis {
  if (typeof at !== 'number' || !Number.isFinite(at)) {
    throw new CalendarError('INVALID_INSTANT', `${field} must be epoch milliseconds, got ${String(at)}`);
  }
  return at;
}

function assertFiniteNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new CalendarError('INVALID_NUMBER', `${field} must be a finite number, got ${String(value)}`);
  }
  return value;
}

function assertWholeNumber(value: unknown, field: string): number {
  const n = assertFiniteNumber(value, field);
  if (!Number.isInteger(n)) {
    throw new CalendarError('INVALID_NUMBER', `${field} must be a whole number of days, got ${n}`);
  }
  return n;
}

export function createWorkingCalendar(options: WorkingCalendarOptions = {}): ProductionCalendar {
  const zone = assertZone(options.zone ?? DEFAULT_ZONE);
  const workdayStart = options.workdayStart ?? DEFAULT_WORKDAY_START;
  const workdayEnd = options.workdayEnd ?? DEFAULT_WORKDAY_END;
  const startMinute = parseClockTime(workdayStart, 'workdayStart');
  const endMinute = parseClockTime(workdayEnd, 'workdayEnd');
  if (endMinute - startMinute <= SHORTENING_MINUTES) {
    throw new CalendarError('INVALID_WORKDAY',
      `the working day ${workdayStart}–${workdayEnd} must be longer than one hour (a shortened day is one hour shorter)`);
  }
  const table: DayTable = buildDayTable(options.years ?? RUSSIAN_PRODUCTION_CALENDAR, options.corrections ?? []);
  const warnedYears = new Set<number>();
  const onMissingYear = options.onMissingYear;

  // Arithmetic walks the same days again and again: each day's kind and hours are
  // worked out once per calendar (luxon's zone conversions are the expensive part).
  const days = new Map<number, { kind: DayKind; start?: Millis; end?: Millis }>();
  const clock = createZoneClock(zone);

  function dayInfo(dayNumber: number): { kind: DayKind; start?: Millis; end?: Millis } {
    let info = days.get(dayNumber);
    if (!info) {
      if (dayNumber < FIRST_SUPPORTED_DAY || dayNumber > LAST_SUPPORTED_DAY) {
        throw new CalendarError('OUT_OF_RANGE', `${dateOfDayNumber(dayNumber)} is outside the supported years 1000–9999`);
      }
      const { kind, hasData } = table.kindOf(dayNumber);
      if (!hasData) reportMissingYear(fromDayNumber(dayNumber).year);
      if (days.size >= MAX_CACHED_DAYS) days.clear();
      info = { kind };
      days.set(dayNumber, info);
    }
    return info;
  }

  function reportMissingYear(year: number): void {
    if (warnedYears.has(year)) return;
    warnedYears.add(year);
    onMissingYear?.(year);
  }

  const kindOf = (dayNumber: number): DayKind => dayInfo(dayNumber).kind;
  const isWorking = (dayNumber: number) => kindOf(dayNumber) !== 'off';

  const instantAt = (dayNumber: number, minuteOfDay: number): Millis =>
    clock.instantOf(dayNumber * MS_PER_DAY + minuteOfDay * MS_PER_MINUTE);

  /** Working hours of a day as instants; on a day off, the normal office hours. */
  function hoursOf(dayNumber: number): { start: Millis; end: Millis } {
    const info = dayInfo(dayNumber);
    if (info.start === undefined || info.end === undefined) {
      info.start = instantAt(dayNumber, startMinute);
      info.end = instantAt(dayNumber, endMinute - (info.kind === 'shortened' ? SHORTENING_MINUTES : 0));
    }
    return { start: info.start, end: info.end };
  }

  const localDayNumber = clock.localDayNumber;

  function guard(steps: number): void {
    if (steps > MAX_SCAN_DAYS) {
      throw new CalendarError('OUT_OF_RANGE', 'the computation runs over more than 200 years of working time');
    }
  }

  function forward(at: Millis, ms: number): Millis {
    let remaining = ms;
    let t = at;
    for (let day = localDayNumber(at), steps = 0; ; day++, steps++) {
      guard(steps);
      if (!isWorking(day)) continue;
      const { start, end } = hoursOf(day);
      if (t < start) t = start;
      if (t < end) {
        // An end exactly at the close of the day stays there (17:30 + 30 min = 18:00).
        if (remaining <= end - t) return t + remaining;
        remaining -= end - t;
      }
      t = -Infinity;
    }
  }

  function backward(at: Millis, ms: number): Millis {
    let remaining = ms;
    let t = at;
    for (let day = localDayNumber(at), steps = 0; ; day--, steps++) {
      guard(steps);
      if (!isWorking(day)) continue;
      const { start, end } = hoursOf(day);
      if (t > end) t = end;
      if (t > start) {
        if (remaining <= t - start) return t - remaining;
        remaining -= t - start;
      }
      t = Infinity;
    }
  }

  /** The N-th working day after (N > 0) or before (N < 0) a day; the day itself never counts. */
  function stepWorkingDays(fromDay: number, days: number): number {
    const direction = Math.sign(days);
    let day = fromDay;
    for (let found = 0, steps = 0; found < Math.abs(days); steps++) {
      guard(steps);
      day += direction;
      if (isWorking(day)) found++;
    }
    return day;
  }

  function workingMsBetween(from: Millis, to: Millis): number {
    let total = 0;
    const last = localDayNumber(to);
    for (let day = localDayNumber(from), steps = 0; day <= last; day++, steps++) {
      guard(steps);
      if (!isWorking(day)) continue;
      const { start, end } = hoursOf(day);
      total += Math.max(0, Math.min(end, to) - Math.max(start, from));
    }
    return total;
  }

  const dayNumberOfDate = (date: LocalDate, field = 'date') => toDayNumber(parseLocalDate(date, field));

  return {
    zone,
    workdayStart,
    workdayEnd,

    dayKind: (date) => kindOf(dayNumberOfDate(date)),
    isWorkingDay: (date) => isWorking(dayNumberOfDate(date)),

    isWorkingTime(at) {
      assertInstant(at, 'at');
      const day = localDayNumber(at);
      if (!isWorking(day)) return false;
      const { start, end } = hoursOf(day);
      return at >= start && at < end;
    },

    addWorkingMinutes(at, minutes) {
      assertInstant(at, 'at');
      const ms = Math.round(assertFiniteNumber(minutes, 'minutes') * MS_PER_MINUTE);
      if (ms === 0) return at;
      return ms > 0 ? forward(at, ms) : backward(at, -ms);
    },

    addWorkingDays(at, days) {
      assertInstant(at, 'at');
      const n = assertWholeNumber(days, 'days');
      if (n === 0) return at;
      const fromDay = localDayNumber(at);
      const timeOfDay = clock.wallOf(at) - fromDay * MS_PER_DAY;
      // The same local clock time, unclamped: 20:00 stays 20:00 even after a shortened day.
      return clock.instantOf(stepWorkingDays(fromDay, n) * MS_PER_DAY + timeOfDay);
    },

    nextWorkingDay(at) {
      assertInstant(at, 'at');
      return hoursOf(stepWorkingDays(localDayNumber(at), 1)).start;
    },

    startOfWorkingDay: (date) => hoursOf(dayNumberOfDate(date)).start,
    endOfWorkingDay: (date) => hoursOf(dayNumberOfDate(date)).end,

    workingMinutesBetween(from, to) {
      assertInstant(from, 'from');
      assertInstant(to, 'to');
      if (to < from) return -workingMsBetween(to, from) / MS_PER_MINUTE;
      return workingMsBetween(from, to) / MS_PER_MINUTE;
    },

    workingDaysBetween(from, to) {
      const a = dayNumberOfDate(from, 'from');
      const b = dayNumberOfDate(to, 'to');
      guard(Math.abs(b - a));
      // The inverse of addWorkingDays: forwards (from, to], backwards [to, from).
      let count = 0;
      if (b >= a) for (let day = a + 1; day <= b; day++) count += isWorking(day) ? 1 : 0;
      else for (let day = b; day < a; day++) count -= isWorking(day) ? 1 : 0;
      return count;
    },

    knownYears: () => table.knownYears(),
    hasYear: (year) => table.hasYear(year),
    yearNorm: (year) => computeYearNorm(year, { kindOf, hasData: table.hasYear(year), isListedOff: table.isListedOff }),
  };
}
