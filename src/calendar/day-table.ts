/**
 * What kind of day a date is: an admin's correction first, then the year's data, then
 * the Monday–Friday rule. Year data and corrections are checked once, when a calendar
 * is built, so that arithmetic never meets contradictory facts.
 */
import { CalendarError } from './calendar-error.ts';
import { isWeekend, parseLocalDate, toDayNumber, yearOfDayNumber } from './local-date.ts';
import type { DayCorrection, DayKind, YearCalendarData } from './types.ts';

const DAY_KINDS: readonly DayKind[] = ['working', 'shortened', 'off'];

export interface DayTable {
  /** Kind of a day by its day number, and whether the year had data. */
  kindOf(dayNumber: number): { kind: DayKind; hasData: boolean; corrected: boolean };
  hasYear(year: number): boolean;
  knownYears(): readonly number[];
  /** Explicitly listed days off of a day's year data or corrections (not ordinary weekends). */
  isListedOff(dayNumber: number): boolean;
}

function dayNumberInYear(date: unknown, year: number, field: string): number {
  const parts = parseLocalDate(date, field);
  if (parts.year !== year) {
    throw new CalendarError('INVALID_CALENDAR_DATA', `${field} ${String(date)} is not in the year ${year}`);
  }
  return toDayNumber(parts);
}

/** The days of one year that differ from Monday–Friday, checked for contradictions. */
export function yearExceptions(data: YearCalendarData): Map<number, DayKind> {
  if (!Number.isInteger(data.year) || data.year < 1000 || data.year > 9999) {
    throw new CalendarError('INVALID_CALENDAR_DATA', `year must be a four-digit year, got ${JSON.stringify(data.year)}`);
  }
  const kinds = new Map<number, DayKind>();
  for (const date of data.daysOff) kinds.set(dayNumberInYear(date, data.year, 'day off'), 'off');
  for (const date of data.shortenedDays) {
    const n = dayNumberInYear(date, data.year, 'shortened day');
    if (kinds.get(n) === 'off') {
      throw new CalendarError('INVALID_CALENDAR_DATA', `${date} is listed both as a day off and as a shortened day`);
    }
    kinds.set(n, 'shortened');
  }
  for (const date of data.workingWeekendDays) {
    const n = dayNumberInYear(date, data.year, 'working weekend day');
    if (!isWeekend(n)) {
      throw new CalendarError('INVALID_CALENDAR_DATA', `${date} is listed as a working weekend day but is not a Saturday or Sunday`);
    }
    if (kinds.get(n) === 'off') {
      throw new CalendarError('INVALID_CALENDAR_DATA', `${date} is listed both as a day off and as a working weekend day`);
    }
    if (!kinds.has(n)) kinds.set(n, 'working');
  }
  return kinds;
}

function correctionTable(corrections: readonly DayCorrection[]): Map<number, DayCorrection> {
  const table = new Map<number, DayCorrection>();
  corrections.forEach((correction, i) => {
    const parts = parseLocalDate(correction?.date, `corrections[${i}].date`);
    const n = toDayNumber(parts);
    if (!DAY_KINDS.includes(correction.kind)) {
      throw new CalendarError('INVALID_CALENDAR_DATA', `corrections[${i}].kind must be one of ${DAY_KINDS.join(', ')}, got ${JSON.stringify(correction.kind)}`);
    }
    // Later corrections of the same date replace earlier ones (the store keeps one per date).
    table.set(n, correction);
  });
  return table;
}

export function buildDayTable(years: readonly YearCalendarData[], corrections: readonly DayCorrection[]): DayTable {
  // Later year data replaces earlier data of the same year (an import over the shipped year).
  const byYear = new Map<number, Map<number, DayKind>>();
  for (const data of years) byYear.set(data.year, yearExceptions(data));
  const corrected = correctionTable(corrections);
  const sortedYears = Object.freeze([...byYear.keys()].sort((a, b) => a - b));

  return {
    kindOf(dayNumber) {
      const correction = corrected.get(dayNumber);
      const yearData = byYear.get(yearOfDayNumber(dayNumber));
      if (correction) return { kind: correction.kind, hasData: yearData !== undefined, corrected: true };
      const listed = yearData?.get(dayNumber);
      const kind: DayKind = listed ?? (isWeekend(dayNumber) ? 'off' : 'working');
      return { kind, hasData: yearData !== undefined, corrected: false };
    },
    hasYear: (year) => byYear.has(year),
    knownYears: () => sortedYears,
    isListedOff(dayNumber) {
      const correction = corrected.get(dayNumber);
      if (correction) return correction.kind === 'off';
      return byYear.get(yearOfDayNumber(dayNumber))?.get(dayNumber) === 'off';
    },
  };
}
