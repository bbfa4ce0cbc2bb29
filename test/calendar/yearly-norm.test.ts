import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../src/calendar/index.ts';

describe('yearly norms', () => {
  it.each([2025, 2026, 2027])('given the shipped %i, then it has 247 working days and a norm of 1972 hours', (year) => {
    const norm = createWorkingCalendar().yearNorm(year);
    expect(norm).toMatchObject({ year, hasData: true, workingDays: 247, hoursNorm: 1972, calendarDays: 365, nonWorkingDays: 118 });
  });

  it('given other office hours (10:00–19:00), then the official norm is still 1972 hours', () => {
    expect(createWorkingCalendar({ workdayStart: '10:00', workdayEnd: '19:00' }).yearNorm(2026).hoursNorm).toBe(1972);
  });

  it('given 2027, then it lists its days off, shortened days and the working Saturday', () => {
    const norm = createWorkingCalendar().yearNorm(2027);
    expect(norm.shortenedDays).toEqual(['2027-02-20', '2027-04-30', '2027-06-11', '2027-11-03']);
    expect(norm.workingWeekendDays).toEqual(['2027-02-20']);
    expect(norm.daysOff).toContain('2027-01-09'); // a Saturday inside the New Year block is listed
    expect(norm.daysOff).not.toContain('2027-01-16'); // an ordinary Saturday is not
    expect(norm.daysOff).toHaveLength(10 + 3 + 3 + 3 + 3 + 3 + 4 + 1);
  });

  it('given 2025, then Nov 1 is both a working Saturday and a shortened day', () => {
    const norm = createWorkingCalendar().yearNorm(2025);
    expect(norm.workingWeekendDays).toEqual(['2025-11-01']);
    expect(norm.shortenedDays).toEqual(['2025-03-07', '2025-04-30', '2025-06-11', '2025-11-01']);
  });

  it('given 2026, then there is no working weekend day', () => {
    const norm = createWorkingCalendar().yearNorm(2026);
    expect(norm.workingWeekendDays).toEqual([]);
    expect(norm.shortenedDays).toEqual(['2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03']);
  });

  it('given a year without data (2028, a leap year), then Monday–Friday gives 260 days and 2080 hours, marked as without data', () => {
    expect(createWorkingCalendar().yearNorm(2028)).toMatchObject({
      hasData: false, calendarDays: 366, workingDays: 260, hoursNorm: 2080, daysOff: [], shortenedDays: [],
    });
  });

  it('given an admin correction, then the norm follows it', () => {
    const calendar = createWorkingCalendar({ corrections: [{ date: '2026-12-30', kind: 'off', note: 'company day' }] });
    expect(calendar.yearNorm(2026)).toMatchObject({ workingDays: 246, hoursNorm: 1964 });
    expect(calendar.yearNorm(2026).daysOff).toContain('2026-12-30');
  });
});
