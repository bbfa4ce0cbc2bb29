/**
 * The yearly norm a production calendar reports. The hours norm is the official one for
 * a 40-hour week — 8 hours a working day, 7 on a shortened day — a property of the
 * calendar, not of the configured office hours.
 */
import { CalendarError } from './calendar-error.ts';
import { dateOfDayNumber, isWeekend, toDayNumber } from './local-date.ts';
import type { DayKind, YearNorm } from './types.ts';

const HOURS_PER_WORKING_DAY = 8;
const HOURS_PER_SHORTENED_DAY = 7;

export interface YearNormSource {
  kindOf(dayNumber: number): DayKind;
  hasData: boolean;
  isListedOff(dayNumber: number): boolean;
}

export function computeYearNorm(year: number, source: YearNormSource): YearNorm {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new CalendarError('INVALID_NUMBER', `year must be a four-digit year, got ${String(year)}`);
  }
  const first = toDayNumber({ year, month: 1, day: 1 });
  const last = toDayNumber({ year, month: 12, day: 31 });
  const daysOff: string[] = [];
  const shortenedDays: string[] = [];
  const workingWeekendDays: string[] = [];
  let workingDays = 0;
  let hoursNorm = 0;
  for (let day = first; day <= last; day++) {
    const kind = source.kindOf(day);
    const date = dateOfDayNumber(day);
    if (kind === 'off') {
      // Ordinary weekends are not listed; holidays are, even on a weekend inside a block.
      if (!isWeekend(day) || source.isListedOff(day)) daysOff.push(date);
      continue;
    }
    workingDays++;
    if (isWeekend(day)) workingWeekendDays.push(date);
    if (kind === 'shortened') shortenedDays.push(date);
    hoursNorm += kind === 'shortened' ? HOURS_PER_SHORTENED_DAY : HOURS_PER_WORKING_DAY;
  }
  const calendarDays = last - first + 1;
  return {
    year,
    hasData: source.hasData,
    daysOff,
    shortenedDays,
    workingWeekendDays,
    calendarDays,
    workingDays,
    nonWorkingDays: calendarDays - workingDays,
    hoursNorm,
  };
}
