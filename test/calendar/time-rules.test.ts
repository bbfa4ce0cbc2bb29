/**
 * The "Time rules" table of the franchise specification, row by row, with its examples.
 * All times are Moscow local time with the default working day 09:00–18:00.
 */
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../src/calendar/index.ts';
import { at, local } from './calendar-test-helpers.ts';

const calendar = createWorkingCalendar();

describe('N working minutes/hours from T', () => {
  // [given T, minutes, then the end] — 2026-12-08 is an ordinary Tuesday.
  const cases: [string, number, string, string][] = [
    ['2026-12-08T17:50', 30, '2026-12-09T09:20', 'the spec: from 17:50 they end at 09:20 on the next working day'],
    ['2026-12-08T17:30', 30, '2026-12-08T18:00', 'the spec: from 17:30 they end at 18:00 the same day'],
    ['2026-12-08T10:00', 30, '2026-12-08T10:30', 'inside working hours they simply run'],
    ['2026-12-08T07:15', 30, '2026-12-08T09:30', 'before working hours counting starts at 09:00'],
    ['2026-12-08T09:00', 30, '2026-12-08T09:30', 'from the very start of the day'],
    ['2026-12-08T18:00', 30, '2026-12-09T09:30', 'from the close of the day counting starts the next working day'],
    ['2026-12-08T20:00', 30, '2026-12-09T09:30', 'after working hours counting starts the next working day'],
    ['2026-12-08T23:59', 1, '2026-12-09T09:01', 'one minute before midnight'],
    ['2026-12-11T17:50', 30, '2026-12-14T09:20', 'from Friday 17:50 to Monday'],
    ['2026-12-12T11:00', 30, '2026-12-14T09:30', 'a Saturday start counts from Monday 09:00'],
    ['2026-12-13T23:00', 30, '2026-12-14T09:30', 'a Sunday night start counts from Monday 09:00'],
    ['2026-12-08T09:00', 540, '2026-12-08T18:00', 'a whole working day ends at its close'],
    ['2026-12-08T09:00', 541, '2026-12-09T09:01', 'one minute more goes to the next day'],
    ['2026-12-08T12:00', 540 * 3, '2026-12-11T12:00', 'three whole working days'],
    ['2026-12-08T17:00', 120, '2026-12-09T10:00', '2 working hours from 17:00'],
  ];
  it.each(cases)('given T = %s, when %i working minutes are added, then they end at %s (%s)', (from, minutes, expected) => {
    expect(local(calendar.addWorkingMinutes(at(from), minutes))).toBe(expected);
  });

  it('given no lunch break, when 4 working hours are added at 11:00, then they end at 15:00', () => {
    expect(local(calendar.addWorkingMinutes(at('2026-12-08T11:00'), 240))).toBe('2026-12-08T15:00');
  });
});

describe('N working days after T', () => {
  const cases: [string, number, string, string][] = [
    ['2026-12-08T10:00', 1, '2026-12-09T10:00', 'the same clock time on the next working day'],
    ['2026-12-08T10:00', 2, '2026-12-10T10:00', 'the 2nd working day'],
    ['2026-12-11T10:00', 1, '2026-12-14T10:00', 'Friday + 1 is Monday'],
    ['2026-12-12T11:00', 1, '2026-12-14T11:00', "T's own date does not count, even on a Saturday"],
    ['2026-12-13T11:00', 1, '2026-12-14T11:00', 'from a Sunday the 1st working day is Monday'],
    ['2026-12-08T20:00', 1, '2026-12-09T20:00', 'no clamping: 20:00 stays 20:00'],
    ['2026-12-08T07:00', 1, '2026-12-09T07:00', 'no clamping before the start either'],
    ['2026-12-08T00:00', 4, '2026-12-14T00:00', 'midnight stays midnight'],
    ['2026-04-29T20:00', 1, '2026-04-30T20:00', 'no clamping past the end of a shortened day'],
    ['2026-12-30T10:00', 2, '2027-01-12T10:00', 'over the New Year: Dec 31 and Jan 1–10 are off'],
    ['2026-12-08T10:15:30.250', 1, '2026-12-09T10:15:30.250', 'seconds and milliseconds are kept'],
  ];
  it.each(cases)('given T = %s, when %i working days are added, then the answer is %s (%s)', (from, days, expected) => {
    expect(local(calendar.addWorkingDays(at(from), days))).toBe(expected);
  });
});

describe('start of / end of a working day', () => {
  const cases: [string, string, string][] = [
    ['2026-12-08', '2026-12-08T09:00', '2026-12-08T18:00'],
    ['2026-04-30', '2026-04-30T09:00', '2026-04-30T17:00'], // shortened
    ['2025-11-01', '2025-11-01T09:00', '2025-11-01T17:00'], // working Saturday, shortened
    ['2027-02-20', '2027-02-20T09:00', '2027-02-20T17:00'], // working Saturday, shortened
  ];
  it.each(cases)('given %s, then the working day runs %s – %s', (date, start, end) => {
    expect(local(calendar.startOfWorkingDay(date))).toBe(start);
    expect(local(calendar.endOfWorkingDay(date))).toBe(end);
  });
});

describe('the next working day after T', () => {
  const cases: [string, string, string][] = [
    ['2026-12-08T10:00', '2026-12-09T09:00', 'during working hours: tomorrow 09:00'],
    ['2026-12-08T07:00', '2026-12-09T09:00', "before working hours it is still after T's date"],
    ['2026-12-11T18:30', '2026-12-14T09:00', 'Friday evening: Monday 09:00'],
    ['2026-12-12T10:00', '2026-12-14T09:00', 'Saturday: Monday 09:00'],
    ['2026-12-30T10:00', '2027-01-11T09:00', 'Dec 30, 2026: the first working day of 2027 is Jan 11'],
    ['2026-04-29T12:00', '2026-04-30T09:00', 'a shortened day starts at 09:00 too'],
  ];
  it.each(cases)('given T = %s, then it is %s (%s)', (from, expected) => {
    expect(local(calendar.nextWorkingDay(at(from)))).toBe(expected);
  });
});

describe('working time', () => {
  const cases: [string, boolean][] = [
    ['2026-12-08T08:59', false],
    ['2026-12-08T09:00', true],
    ['2026-12-08T17:59', true],
    ['2026-12-08T18:00', false],
    ['2026-12-12T12:00', false], // Saturday
    ['2026-04-30T16:59', true], // shortened
    ['2026-04-30T17:00', false],
    ['2025-11-01T12:00', true], // working Saturday
    ['2026-01-05T12:00', false], // New Year holidays
  ];
  it.each(cases)('given %s, then "is working time" is %s', (moment, expected) => {
    expect(calendar.isWorkingTime(at(moment))).toBe(expected);
  });
});

describe('working minutes between two instants (SLA)', () => {
  const cases: [string, string, number][] = [
    ['2026-12-08T09:00', '2026-12-08T18:00', 540],
    ['2026-12-08T17:50', '2026-12-09T09:20', 30],
    ['2026-12-08T20:00', '2026-12-09T08:00', 0],
    ['2026-12-11T17:00', '2026-12-14T10:00', 120],
    ['2026-04-30T09:00', '2026-05-04T09:00', 480], // shortened Apr 30, May 1–3 off
    ['2026-12-30T17:00', '2027-01-11T10:00', 120],
    ['2026-12-09T09:20', '2026-12-08T17:50', -30],
  ];
  it.each(cases)('given %s and %s, then %i working minutes lie between them', (from, to, minutes) => {
    expect(calendar.workingMinutesBetween(at(from), at(to))).toBe(minutes);
  });

  it('given any start and a number of minutes, when they are added, then the minutes between are that number', () => {
    for (const from of ['2026-12-08T17:50', '2026-12-12T10:00', '2026-04-30T16:30', '2025-12-30T12:00']) {
      for (const minutes of [1, 30, 61, 540, 1000, 10_000]) {
        expect(calendar.workingMinutesBetween(at(from), calendar.addWorkingMinutes(at(from), minutes))).toBe(minutes);
      }
    }
  });
});
