import { describe, expect, it } from 'vitest';
import { CalendarError, createWorkingCalendar } from '../../src/calendar/index.ts';
import { at, local } from './calendar-test-helpers.ts';

const calendar = createWorkingCalendar();

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof CalendarError ? err.code : 'not a CalendarError';
  }
  return undefined;
}

describe('zero, negative and fractional amounts', () => {
  it('given 0 working minutes or days, then the answer is the same instant, even on a Saturday night', () => {
    expect(calendar.addWorkingMinutes(at('2026-12-12T23:00'), 0)).toBe(at('2026-12-12T23:00'));
    expect(calendar.addWorkingDays(at('2026-12-12T23:00'), 0)).toBe(at('2026-12-12T23:00'));
  });

  it.each([
    ['2026-12-09T09:30', -30, '2026-12-09T09:00'],
    ['2026-12-09T09:20', -30, '2026-12-08T17:50'],
    ['2026-12-09T20:00', -30, '2026-12-09T17:30'],
    ['2026-12-14T08:00', -30, '2026-12-11T17:30'],
    ['2027-02-24T09:10', -30, '2027-02-20T16:40'],
    ['2027-01-11T09:00', -1, '2026-12-30T17:59'],
  ])('given T = %s, when %i working minutes are added, then they count backwards to %s', (from, minutes, expected) => {
    expect(local(calendar.addWorkingMinutes(at(from), minutes))).toBe(expected);
  });

  it.each([
    ['2027-01-11T10:00', -1, '2026-12-30T10:00'],
    ['2026-12-14T20:00', -1, '2026-12-11T20:00'],
    ['2026-12-13T10:00', -2, '2026-12-10T10:00'],
  ])('given T = %s, when %i working days are added, then the answer is %s', (from, days, expected) => {
    expect(local(calendar.addWorkingDays(at(from), days))).toBe(expected);
  });

  it('given 1.5 working hours (90 minutes), then they are counted to the second', () => {
    expect(local(calendar.addWorkingMinutes(at('2026-12-08T17:00'), 90))).toBe('2026-12-09T09:30');
    expect(local(calendar.addWorkingMinutes(at('2026-12-08T10:00'), 0.5))).toBe('2026-12-08T10:00:30.000');
  });

  it('given working days between two dates, then it is the inverse of adding working days', () => {
    expect(calendar.workingDaysBetween('2026-12-30', '2027-01-12')).toBe(2);
    expect(calendar.workingDaysBetween('2027-01-12', '2026-12-30')).toBe(-2);
    expect(calendar.workingDaysBetween('2026-12-12', '2026-12-12')).toBe(0);
    expect(calendar.workingDaysBetween('2026-12-12', '2026-12-14')).toBe(1);
  });
});

describe('bad input', () => {
  it.each([
    ['NaN minutes', 'INVALID_NUMBER', () => calendar.addWorkingMinutes(at('2026-12-08T10:00'), NaN)],
    ['Infinity minutes', 'INVALID_NUMBER', () => calendar.addWorkingMinutes(at('2026-12-08T10:00'), Infinity)],
    ['1.5 days', 'INVALID_NUMBER', () => calendar.addWorkingDays(at('2026-12-08T10:00'), 1.5)],
    ['NaN days', 'INVALID_NUMBER', () => calendar.addWorkingDays(at('2026-12-08T10:00'), NaN)],
    ['a NaN instant', 'INVALID_INSTANT', () => calendar.nextWorkingDay(NaN)],
    ['a date that does not exist', 'INVALID_DATE', () => calendar.dayKind('2026-02-30')],
    ['a date written the Russian way', 'INVALID_DATE', () => calendar.isWorkingDay('30.12.2026')],
    ['an unknown zone', 'INVALID_ZONE', () => createWorkingCalendar({ zone: 'Europe/Atlantis' })],
    ['a bad start time', 'INVALID_TIME', () => createWorkingCalendar({ workdayStart: '9:00' })],
    ['an end before the start', 'INVALID_WORKDAY', () => createWorkingCalendar({ workdayStart: '18:00', workdayEnd: '09:00' })],
    ['a one-hour working day', 'INVALID_WORKDAY', () => createWorkingCalendar({ workdayStart: '09:00', workdayEnd: '10:00' })],
    ['an instant in the year 999', 'OUT_OF_RANGE', () => calendar.addWorkingDays(Date.UTC(999, 5, 1), 1)],
    ['a billion working days', 'OUT_OF_RANGE', () => calendar.addWorkingDays(at('2026-12-08T10:00'), 1e9)],
  ] as [string, string, () => unknown][])('given %s, then a CalendarError with code %s is thrown', (_what, code, fn) => {
    expect(codeOf(fn)).toBe(code);
  });
});

describe('other zones and office hours', () => {
  const yekaterinburg = createWorkingCalendar({ zone: 'Asia/Yekaterinburg' });
  const y = (s: string) => at(s, 'Asia/Yekaterinburg');
  const ly = (ms: number) => local(ms, 'Asia/Yekaterinburg');

  it('given Asia/Yekaterinburg, then the rules apply on its local clock', () => {
    expect(ly(yekaterinburg.addWorkingMinutes(y('2026-12-08T17:50'), 30))).toBe('2026-12-09T09:20');
    expect(ly(yekaterinburg.addWorkingDays(y('2026-12-30T10:00'), 2))).toBe('2027-01-12T10:00');
    expect(ly(yekaterinburg.nextWorkingDay(y('2026-12-30T23:30')))).toBe('2027-01-11T09:00');
    expect(ly(yekaterinburg.endOfWorkingDay('2027-02-20'))).toBe('2027-02-20T17:00');
  });

  it('given an instant that is still Dec 30 in Moscow but already Dec 31 in Yekaterinburg, then the local date decides', () => {
    const moment = at('2026-12-30T22:30'); // 00:30 on Dec 31 in Yekaterinburg
    expect(local(calendar.addWorkingDays(moment, 1))).toBe('2027-01-11T22:30');
    expect(ly(yekaterinburg.addWorkingDays(moment, 1))).toBe('2027-01-11T00:30');
    expect(new Date(yekaterinburg.addWorkingDays(moment, 1)).toISOString()).toBe('2027-01-10T19:30:00.000Z');
  });

  it('given a Moscow instant at 16:00 (18:00 in Yekaterinburg), then Yekaterinburg counts from its next morning', () => {
    expect(ly(yekaterinburg.addWorkingMinutes(at('2026-12-08T16:00'), 30))).toBe('2026-12-09T09:30');
    expect(yekaterinburg.isWorkingTime(at('2026-12-08T16:00'))).toBe(false);
    expect(calendar.isWorkingTime(at('2026-12-08T16:00'))).toBe(true);
  });

  it('given a zone with summer time (Europe/Berlin), then working hours follow its local clock across the change', () => {
    const berlin = createWorkingCalendar({ zone: 'Europe/Berlin' });
    const b = (s: string) => at(s, 'Europe/Berlin');
    // 2026-03-29 is the switch to summer time (a Sunday).
    expect(local(berlin.addWorkingMinutes(b('2026-03-27T17:50'), 30), 'Europe/Berlin')).toBe('2026-03-30T09:20');
    expect(local(berlin.addWorkingDays(b('2026-03-27T10:00'), 1), 'Europe/Berlin')).toBe('2026-03-30T10:00');
    expect(berlin.workingMinutesBetween(b('2026-03-27T17:00'), b('2026-03-30T10:00'))).toBe(120);
  });

  it('given a clock time that does not exist on the answer day (summer-time gap), then it moves forward by the gap', () => {
    const berlin = createWorkingCalendar({ zone: 'Europe/Berlin', corrections: [{ date: '2026-03-29', kind: 'working' }] });
    const b = (s: string) => at(s, 'Europe/Berlin');
    expect(local(berlin.addWorkingDays(b('2026-03-27T02:30'), 1), 'Europe/Berlin')).toBe('2026-03-29T03:30');
  });

  it('given office hours 10:00–19:00, then days run 10:00–19:00 and shortened days end at 18:00', () => {
    const late = createWorkingCalendar({ workdayStart: '10:00', workdayEnd: '19:00' });
    expect(local(late.addWorkingMinutes(at('2026-12-08T18:50'), 30))).toBe('2026-12-09T10:20');
    expect(local(late.endOfWorkingDay('2026-04-30'))).toBe('2026-04-30T18:00');
    expect(local(late.nextWorkingDay(at('2026-12-08T12:00')))).toBe('2026-12-09T10:00');
  });

  it('given a day off, then its start and end are the office hours of that date', () => {
    expect(local(calendar.startOfWorkingDay('2027-01-05'))).toBe('2027-01-05T09:00');
    expect(local(calendar.endOfWorkingDay('2027-01-05'))).toBe('2027-01-05T18:00');
  });
});
