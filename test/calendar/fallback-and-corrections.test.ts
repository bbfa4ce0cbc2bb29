import { describe, expect, it } from 'vitest';
import {
  calendarFromStore, CalendarError, createWorkingCalendar, effectiveYears, validateDayCorrection, validateYearData,
} from '../../src/calendar/index.ts';
import { at, local } from './calendar-test-helpers.ts';

describe('a year without calendar data', () => {
  it('given 2028, when working days are used, then Monday–Friday applies and the missing year is reported once', () => {
    const missing: number[] = [];
    const calendar = createWorkingCalendar({ onMissingYear: (year) => missing.push(year) });
    expect(local(calendar.addWorkingDays(at('2028-03-03T10:00'), 1))).toBe('2028-03-06T10:00'); // Fri → Mon
    expect(calendar.isWorkingDay('2028-01-03')).toBe(true); // no New Year holidays known
    expect(calendar.isWorkingDay('2028-01-01')).toBe(false); // a Saturday
    calendar.yearNorm(2028);
    expect(missing).toEqual([2028]);
  });

  it('given two calendars, then each reports the missing year once', () => {
    const missing: number[] = [];
    const report = (year: number) => missing.push(year);
    createWorkingCalendar({ onMissingYear: report }).isWorkingDay('2024-06-03');
    const second = createWorkingCalendar({ onMissingYear: report });
    second.isWorkingDay('2024-06-03');
    second.isWorkingDay('2030-06-03');
    second.isWorkingDay('2024-06-04');
    expect(missing).toEqual([2024, 2024, 2030]);
  });

  it('given arithmetic inside known years, then no missing year is reported', () => {
    const missing: number[] = [];
    const calendar = createWorkingCalendar({ onMissingYear: (year) => missing.push(year) });
    calendar.addWorkingDays(at('2026-03-03T10:00'), 20);
    calendar.workingMinutesBetween(at('2025-01-01T00:00'), at('2027-12-31T12:00'));
    expect(missing).toEqual([]);
    expect(calendar.knownYears()).toEqual([2025, 2026, 2027]);
  });
});

describe("an admin's corrections", () => {
  const corrections = [
    { date: '2026-12-30', kind: 'off', note: 'corporate holiday' },
    { date: '2027-01-09', kind: 'working', note: 'stock-taking Saturday' },
    { date: '2026-12-29', kind: 'shortened', note: 'New Year party' },
  ] as const;
  const calendar = createWorkingCalendar({ corrections });

  it('given a day made off, then working days skip it', () => {
    expect(local(calendar.addWorkingDays(at('2026-12-29T10:00'), 1))).toBe('2027-01-09T10:00');
  });

  it('given a holiday made working, then it is a full working day', () => {
    expect(calendar.dayKind('2027-01-09')).toBe('working');
    expect(local(calendar.endOfWorkingDay('2027-01-09'))).toBe('2027-01-09T18:00');
  });

  it('given a day made shortened, then it ends at 17:00', () => {
    expect(local(calendar.addWorkingMinutes(at('2026-12-29T16:50'), 30))).toBe('2027-01-09T09:20');
  });

  it('given a correction in a year without data, then it applies over Monday–Friday', () => {
    const c = createWorkingCalendar({ corrections: [{ date: '2028-01-03', kind: 'off' }] });
    expect(c.isWorkingDay('2028-01-03')).toBe(false);
    expect(c.isWorkingDay('2028-01-04')).toBe(true);
  });

  it('given a bad correction, then the calendar is refused with the field named', () => {
    expect(() => createWorkingCalendar({ corrections: [{ date: '2026-02-30', kind: 'off' }] })).toThrow(/corrections\[0\]\.date/);
    expect(() => createWorkingCalendar({ corrections: [{ date: '2026-02-03', kind: 'holiday' as never }] })).toThrow(/corrections\[0\]\.kind/);
  });

  it('given a correction from the API, then validateDayCorrection accepts it or names the bad field', () => {
    expect(validateDayCorrection({ date: '2026-05-04', kind: 'off', note: 'x' })).toEqual({ date: '2026-05-04', kind: 'off', note: 'x' });
    expect(() => validateDayCorrection({ date: '04.05.2026', kind: 'off' })).toThrow(CalendarError);
    expect(() => validateDayCorrection({ date: '2026-05-04', kind: 'holiday' })).toThrow(/kind/);
    expect(() => validateDayCorrection({ date: '2026-05-04', kind: 'off', note: 5 })).toThrow(/note/);
  });
});

describe('a calendar built from what is stored', () => {
  const imported2028 = {
    year: 2028, daysOff: ['2028-01-01', '2028-01-02', '2028-01-03', '2028-01-04', '2028-01-05', '2028-01-06', '2028-01-07', '2028-01-08'],
    shortenedDays: [], workingWeekendDays: [],
  };

  it('given an imported year, then it is known and its holidays apply, with no missing-year report', () => {
    const missing: number[] = [];
    const calendar = calendarFromStore({ importedYears: [imported2028] }, { onMissingYear: (y) => missing.push(y) });
    expect(calendar.knownYears()).toEqual([2025, 2026, 2027, 2028]);
    expect(local(calendar.nextWorkingDay(at('2027-12-30T10:00')))).toBe('2028-01-10T09:00');
    expect(missing).toEqual([]);
  });

  it('given an import of a shipped year, then it replaces the shipped data of that year only', () => {
    const years = effectiveYears({ importedYears: [{ year: 2026, daysOff: [], shortenedDays: [], workingWeekendDays: [] }] });
    const calendar = calendarFromStore({ importedYears: [{ year: 2026, daysOff: [], shortenedDays: [], workingWeekendDays: [] }] });
    expect(years.map((y) => y.year)).toEqual([2025, 2026, 2027]);
    expect(calendar.isWorkingDay('2026-01-05')).toBe(true);
    expect(calendar.isWorkingDay('2027-01-05')).toBe(false);
  });

  it('given a year an admin defined by corrections, then it is known and the corrections are its holidays', () => {
    const missing: number[] = [];
    const calendar = calendarFromStore(
      { definedYears: [2029], corrections: [{ date: '2029-01-01', kind: 'off', note: 'New Year' }] },
      { zone: 'Asia/Yekaterinburg', onMissingYear: (y) => missing.push(y) },
    );
    expect(calendar.hasYear(2029)).toBe(true);
    expect(calendar.yearNorm(2029)).toMatchObject({ hasData: true, daysOff: ['2029-01-01'] });
    expect(calendar.zone).toBe('Asia/Yekaterinburg');
    expect(missing).toEqual([]);
  });

  it('given contradicting year data, then it is refused', () => {
    expect(() => validateYearData({ year: 2028, daysOff: ['2028-03-08'], shortenedDays: ['2028-03-08'], workingWeekendDays: [] }))
      .toThrow(/both as a day off and as a shortened day/);
    expect(() => validateYearData({ year: 2028, daysOff: ['2029-03-08'], shortenedDays: [], workingWeekendDays: [] }))
      .toThrow(/not in the year 2028/);
    expect(() => validateYearData({ year: 2028, daysOff: [], shortenedDays: [], workingWeekendDays: ['2028-03-08'] }))
      .toThrow(/not a Saturday or Sunday/);
  });
});
