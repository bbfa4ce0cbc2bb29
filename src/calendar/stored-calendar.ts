/**
 * Building the company's calendar from what is stored: the shipped years, years an admin
 * imported (xmlcalendar) or defined, and an admin's day corrections. The store and the API
 * keep these rows; this module only turns them into a calendar, and checks a correction
 * before it is stored.
 */
import { CalendarError } from './calendar-error.ts';
import { parseLocalDate } from './local-date.ts';
import { RUSSIAN_PRODUCTION_CALENDAR } from './production-calendar.data.ts';
import type { DayCorrection, DayKind, ProductionCalendar, YearCalendarData } from './types.ts';
import { createWorkingCalendar, type WorkingCalendarOptions } from './working-calendar.ts';
import { yearExceptions } from './day-table.ts';

export interface StoredCalendar {
  /** Imported years; each replaces the shipped data of its year. */
  readonly importedYears?: readonly YearCalendarData[];
  /**
   * Years an admin declared complete without an import: Monday–Friday plus that year's
   * corrections, with no "missing year" warning.
   */
  readonly definedYears?: readonly number[];
  readonly corrections?: readonly DayCorrection[];
}

export type StoredCalendarOptions = Omit<WorkingCalendarOptions, 'years' | 'corrections'>;

const DAY_KINDS: readonly DayKind[] = ['working', 'shortened', 'off'];

/** The shipped years, then the imported ones over them, then empty defined years where nothing else exists. */
export function effectiveYears(stored: StoredCalendar): YearCalendarData[] {
  const byYear = new Map<number, YearCalendarData>();
  for (const data of [...RUSSIAN_PRODUCTION_CALENDAR, ...(stored.importedYears ?? [])]) byYear.set(data.year, data);
  for (const year of stored.definedYears ?? []) {
    if (!byYear.has(year)) {
      byYear.set(year, { year, daysOff: [], shortenedDays: [], workingWeekendDays: [], source: 'defined by an admin' });
    }
  }
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

export function calendarFromStore(stored: StoredCalendar, options: StoredCalendarOptions = {}): ProductionCalendar {
  return createWorkingCalendar({ ...options, years: effectiveYears(stored), corrections: stored.corrections ?? [] });
}

/** Checks one correction from the API; throws a CalendarError naming the field. */
export function validateDayCorrection(value: unknown): DayCorrection {
  if (typeof value !== 'object' || value === null) {
    throw new CalendarError('INVALID_CALENDAR_DATA', 'a correction must be an object { date, kind, note }');
  }
  const { date, kind, note } = value as Record<string, unknown>;
  parseLocalDate(date, 'date');
  if (!DAY_KINDS.includes(kind as DayKind)) {
    throw new CalendarError('INVALID_CALENDAR_DATA', `kind must be one of ${DAY_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  }
  if (note !== undefined && typeof note !== 'string') {
    throw new CalendarError('INVALID_CALENDAR_DATA', 'note must be a text');
  }
  return { date: date as string, kind: kind as DayKind, ...(note === undefined ? {} : { note }) };
}

/** Checks a year's data (e.g. an import's result before storing it); throws a CalendarError. */
export function validateYearData(data: YearCalendarData): YearCalendarData {
  yearExceptions(data);
  return data;
}
