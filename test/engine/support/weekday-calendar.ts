/**
 * A weekday-only WorkingCalendar for engine tests (Monday–Friday, 09:00–18:00 in
 * Europe/Moscow, no holidays). The real production calendar lives in src/calendar.
 */
import { DateTime } from 'luxon';
import type { DayKind, LocalDate, Millis, WorkingCalendar } from '../../../src/calendar/types.ts';

const ZONE = 'Europe/Moscow';
const START = 9;
const END = 18;

function local(at: Millis): DateTime {
  return DateTime.fromMillis(at, { zone: ZONE });
}

function isWeekday(date: LocalDate): boolean {
  return DateTime.fromISO(date, { zone: ZONE }).weekday <= 5;
}

export const weekdayCalendar: WorkingCalendar = {
  zone: ZONE,
  dayKind: (date) => (isWeekday(date) ? 'working' : 'off') as DayKind,
  isWorkingDay: isWeekday,
  isWorkingTime(at) {
    const t = local(at);
    return isWeekday(t.toISODate()!) && t.hour >= START && t.hour < END;
  },
  addWorkingMinutes(at, minutes) {
    let t = local(at);
    let left = minutes;
    while (left > 0) {
      if (!isWeekday(t.toISODate()!) || t.hour >= END) {
        t = t.plus({ days: 1 }).set({ hour: START, minute: 0, second: 0, millisecond: 0 });
        continue;
      }
      if (t.hour < START) t = t.set({ hour: START, minute: 0, second: 0, millisecond: 0 });
      const endOfDay = t.set({ hour: END, minute: 0, second: 0, millisecond: 0 });
      const step = Math.min(left, endOfDay.diff(t, 'minutes').minutes);
      t = t.plus({ minutes: step });
      left -= step;
    }
    return t.toMillis();
  },
  addWorkingDays(at, days) {
    let t = local(at);
    let left = days;
    while (left > 0) {
      t = t.plus({ days: 1 });
      if (isWeekday(t.toISODate()!)) left--;
    }
    return t.toMillis();
  },
  nextWorkingDay(at) {
    let t = local(at).plus({ days: 1 }).startOf('day');
    while (!isWeekday(t.toISODate()!)) t = t.plus({ days: 1 });
    return t.set({ hour: START }).toMillis();
  },
  startOfWorkingDay: (date) => DateTime.fromISO(date, { zone: ZONE }).set({ hour: START }).toMillis(),
  endOfWorkingDay: (date) => DateTime.fromISO(date, { zone: ZONE }).set({ hour: END }).toMillis(),
  workingMinutesBetween(from, to) {
    if (to < from) return -this.workingMinutesBetween(to, from);
    let minutes = 0;
    for (let t = from; t < to; t += 60_000) if (this.isWorkingTime(t)) minutes++;
    return minutes;
  },
  knownYears: () => [],
};

/** `add working days(date, n)` over the stub calendar, for specs of FEEL with env.feelFunctions. */
export const stubFeelFunctions = {
  'add working days': Object.assign(
    (date: unknown, days: unknown) => {
      const at = DateTime.isDateTime(date) ? date.toMillis() : null;
      if (at === null || typeof days !== 'number') return null;
      return DateTime.fromMillis(weekdayCalendar.addWorkingDays(at, days), { zone: ZONE });
    },
    { $args: ['date', 'days'] },
  ),
};
