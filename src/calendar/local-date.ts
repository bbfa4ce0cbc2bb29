/**
 * Local calendar dates ('YYYY-MM-DD') as plain values. Day arithmetic works on day
 * numbers (days since 1970-01-01 of the proleptic Gregorian calendar), which is
 * independent of any time zone: a local date has no zone until it is given a clock
 * time in one.
 */
import { CalendarError } from './calendar-error.ts';
import type { LocalDate } from './types.ts';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function daysInMonth(year: number, month: number): number {
  // Date.UTC is pure arithmetic (no clock, no zone): day 0 of the next month.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidDateParts(year: number, month: number, day: number): boolean {
  // Four-digit years only: Date.UTC maps years 0–99 to 1900–1999.
  return Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day)
    && year >= 1000 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Parses a local date, refusing impossible ones (2026-02-30) with a message naming `field`. */
export function parseLocalDate(value: unknown, field = 'date'): DateParts {
  const match = typeof value === 'string' ? DATE_PATTERN.exec(value) : null;
  if (!match) {
    throw new CalendarError('INVALID_DATE', `${field} must be a date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isValidDateParts(year, month, day)) {
    throw new CalendarError('INVALID_DATE', `${field} ${value} is not a date of the calendar`);
  }
  return { year, month, day };
}

export function formatLocalDate(parts: DateParts): LocalDate {
  return `${String(parts.year).padStart(4, '0')}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
}

export function toDayNumber(parts: DateParts): number {
  return Math.round(Date.UTC(parts.year, parts.month - 1, parts.day) / MS_PER_DAY);
}

export function fromDayNumber(dayNumber: number): DateParts {
  const d = new Date(dayNumber * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function dayNumberOf(date: LocalDate): number {
  return toDayNumber(parseLocalDate(date));
}

export function dateOfDayNumber(dayNumber: number): LocalDate {
  return formatLocalDate(fromDayNumber(dayNumber));
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(dayNumber: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(dayNumber: number): boolean {
  return isoWeekday(dayNumber) >= 6;
}

export function yearOfDayNumber(dayNumber: number): number {
  return fromDayNumber(dayNumber).year;
}

/** All dates of a year, in order. */
export function datesOfYear(year: number): LocalDate[] {
  const first = toDayNumber({ year, month: 1, day: 1 });
  const last = toDayNumber({ year, month: 12, day: 31 });
  const dates: LocalDate[] = [];
  for (let n = first; n <= last; n++) dates.push(dateOfDayNumber(n));
  return dates;
}

/** Expands 'YYYY-MM-DD' or an inclusive range 'YYYY-MM-DD..YYYY-MM-DD' into dates. */
export function expandDates(spec: string): LocalDate[] {
  const [from, to = from] = spec.split('..');
  const first = dayNumberOf(from);
  const last = dayNumberOf(to);
  if (last < first) throw new CalendarError('INVALID_CALENDAR_DATA', `the range ${spec} ends before it starts`);
  const dates: LocalDate[] = [];
  for (let n = first; n <= last; n++) dates.push(dateOfDayNumber(n));
  return dates;
}
