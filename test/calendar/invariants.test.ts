/** Properties that must hold on every day of the shipped years, not just the hand-picked ones. */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../src/calendar/index.ts';

const calendar = createWorkingCalendar();
const zone = 'Europe/Moscow';
const days: string[] = [];
for (let d = DateTime.fromISO('2025-01-01', { zone }); d.year <= 2027; d = d.plus({ days: 1 })) days.push(d.toISODate()!);
// The last days of 2027 reach into 2028, which has no data: keep the checks inside the known years.
const inside = days.filter((d) => d <= '2027-12-20');

describe('invariants over every day of 2025–2027', () => {
  it('given any date and 1 or 5 working days, then the answer keeps the clock time, lands on a working day, and counts back to N', () => {
    for (const date of inside) {
      const from = DateTime.fromISO(`${date}T10:15`, { zone });
      for (const n of [1, 5]) {
        const result = DateTime.fromMillis(calendar.addWorkingDays(from.toMillis(), n), { zone });
        expect(result.toFormat('HH:mm')).toBe('10:15');
        expect(calendar.isWorkingDay(result.toISODate()!), `${date} + ${n}`).toBe(true);
        expect(calendar.workingDaysBetween(date, result.toISODate()!), `${date} + ${n}`).toBe(n);
      }
    }
  });

  it('given any moment and 30 working minutes, then the end lies in the working hours of a working day (its close included)', () => {
    for (const date of inside) {
      for (const time of ['08:00', '17:50']) {
        const from = DateTime.fromISO(`${date}T${time}`, { zone }).toMillis();
        const end = calendar.addWorkingMinutes(from, 30);
        const endDate = DateTime.fromMillis(end, { zone }).toISODate()!;
        expect(calendar.isWorkingDay(endDate)).toBe(true);
        expect(end).toBeGreaterThan(calendar.startOfWorkingDay(endDate));
        expect(end).toBeLessThanOrEqual(calendar.endOfWorkingDay(endDate));
        expect(calendar.workingMinutesBetween(from, end)).toBe(30);
      }
    }
  });

  it('given any date, then the next working day is a working day at its start, with only days off in between', () => {
    for (const date of inside) {
      const next = calendar.nextWorkingDay(DateTime.fromISO(`${date}T12:00`, { zone }).toMillis());
      const nextDate = DateTime.fromMillis(next, { zone }).toISODate()!;
      expect(next).toBe(calendar.startOfWorkingDay(nextDate));
      expect(nextDate > date).toBe(true);
      expect(calendar.workingDaysBetween(date, nextDate)).toBe(1);
    }
  });
});
