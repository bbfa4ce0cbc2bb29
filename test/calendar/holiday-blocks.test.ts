/**
 * Around every holiday block of 2025–2027, the shortened days and the working Saturdays
 * (Moscow local times, default working day 09:00–18:00).
 */
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../src/calendar/index.ts';
import { at, local } from './calendar-test-helpers.ts';

const missing: number[] = [];
const calendar = createWorkingCalendar({ onMissingYear: (year) => missing.push(year) });

type Op = 'days' | 'minutes' | 'next';
// [year, block, given T, operation, n, then]
const cases: [number, string, string, Op, number, string][] = [
  // 2025
  [2025, 'Jan 1–8', '2025-01-03T10:00', 'days', 1, '2025-01-09T10:00'],
  [2025, 'Jan 1–8', '2025-01-08T17:50', 'minutes', 30, '2025-01-09T09:30'],
  [2025, 'Jan 1–8', '2025-01-01T00:00', 'next', 0, '2025-01-09T09:00'],
  [2025, 'Mar 7 shortened', '2025-03-07T16:50', 'minutes', 30, '2025-03-10T09:20'],
  [2025, 'Mar 7 shortened', '2025-03-07T16:30', 'minutes', 30, '2025-03-07T17:00'],
  [2025, 'Mar 7 shortened', '2025-03-06T20:00', 'days', 1, '2025-03-07T20:00'],
  [2025, 'May 1–4, 8–11', '2025-04-30T15:00', 'days', 1, '2025-05-05T15:00'],
  [2025, 'May 1–4, 8–11', '2025-04-30T15:00', 'days', 3, '2025-05-07T15:00'],
  [2025, 'May 1–4, 8–11', '2025-04-30T15:00', 'days', 4, '2025-05-12T15:00'],
  [2025, 'May 1–4, 8–11', '2025-04-30T16:45', 'minutes', 30, '2025-05-05T09:15'],
  [2025, 'May 1–4, 8–11', '2025-05-07T12:00', 'next', 0, '2025-05-12T09:00'],
  [2025, 'Jun 12–15', '2025-06-11T16:59', 'minutes', 2, '2025-06-16T09:01'],
  [2025, 'Jun 12–15', '2025-06-11T10:00', 'days', 1, '2025-06-16T10:00'],
  [2025, 'Jun 12–15', '2025-06-14T10:00', 'next', 0, '2025-06-16T09:00'],
  [2025, 'Nov 1 working Saturday', '2025-10-31T10:00', 'days', 1, '2025-11-01T10:00'],
  [2025, 'Nov 1 working Saturday', '2025-10-31T20:00', 'days', 1, '2025-11-01T20:00'],
  [2025, 'Nov 1 working Saturday', '2025-10-31T17:50', 'minutes', 30, '2025-11-01T09:20'],
  [2025, 'Nov 1 working Saturday', '2025-10-31T12:00', 'next', 0, '2025-11-01T09:00'],
  [2025, 'Nov 2–4', '2025-10-31T10:00', 'days', 2, '2025-11-05T10:00'],
  [2025, 'Nov 2–4', '2025-11-01T16:40', 'minutes', 30, '2025-11-05T09:10'],
  [2025, 'Nov 2–4', '2025-11-01T12:00', 'next', 0, '2025-11-05T09:00'],
  [2025, 'Dec 31 and the New Year', '2025-12-30T10:00', 'days', 1, '2026-01-12T10:00'],
  [2025, 'Dec 31 and the New Year', '2025-12-30T17:50', 'minutes', 30, '2026-01-12T09:20'],
  [2025, 'Dec 31 and the New Year', '2025-12-31T10:00', 'next', 0, '2026-01-12T09:00'],
  // 2026
  [2026, 'Jan 1–11', '2026-01-09T12:00', 'minutes', 60, '2026-01-12T10:00'],
  [2026, 'Feb 21–23', '2026-02-20T17:45', 'minutes', 30, '2026-02-24T09:15'],
  [2026, 'Feb 21–23', '2026-02-20T11:00', 'days', 1, '2026-02-24T11:00'],
  [2026, 'Feb 21–23', '2026-02-23T11:00', 'days', 1, '2026-02-24T11:00'],
  [2026, 'Mar 7–9', '2026-03-06T12:00', 'next', 0, '2026-03-10T09:00'],
  [2026, 'Mar 7–9', '2026-03-06T09:30', 'days', 1, '2026-03-10T09:30'],
  [2026, 'Mar 7–9', '2026-03-06T17:59', 'minutes', 2, '2026-03-10T09:01'],
  [2026, 'May 1–3', '2026-04-30T09:00', 'days', 1, '2026-05-04T09:00'],
  [2026, 'May 1–3', '2026-04-30T16:50', 'minutes', 30, '2026-05-04T09:20'],
  [2026, 'May 9–11', '2026-05-07T10:00', 'days', 2, '2026-05-12T10:00'],
  [2026, 'May 9–11', '2026-05-08T16:30', 'minutes', 30, '2026-05-08T17:00'],
  [2026, 'May 9–11', '2026-05-08T16:31', 'minutes', 30, '2026-05-12T09:01'],
  [2026, 'May 9–11', '2026-05-08T12:00', 'next', 0, '2026-05-12T09:00'],
  [2026, 'Jun 12–14', '2026-06-11T17:00', 'minutes', 30, '2026-06-15T09:30'],
  [2026, 'Jun 12–14', '2026-06-11T10:00', 'next', 0, '2026-06-15T09:00'],
  [2026, 'Nov 4', '2026-11-03T16:40', 'minutes', 30, '2026-11-05T09:10'],
  [2026, 'Nov 4', '2026-11-03T10:00', 'days', 1, '2026-11-05T10:00'],
  [2026, 'Nov 4', '2026-11-04T10:00', 'days', 1, '2026-11-05T10:00'],
  [2026, 'Dec 31 and the New Year', '2026-12-30T10:00', 'days', 1, '2027-01-11T10:00'],
  [2026, 'Dec 31 and the New Year', '2026-12-30T10:00', 'days', 2, '2027-01-12T10:00'],
  [2026, 'Dec 31 and the New Year', '2026-12-30T10:00', 'next', 0, '2027-01-11T09:00'],
  [2026, 'Dec 31 and the New Year', '2026-12-30T17:50', 'minutes', 30, '2027-01-11T09:20'],
  [2026, 'Dec 31 and the New Year', '2026-12-31T10:00', 'days', 1, '2027-01-11T10:00'],
  // 2027
  [2027, 'Jan 1–10', '2027-01-10T23:00', 'minutes', 30, '2027-01-11T09:30'],
  [2027, 'Jan 1–10', '2027-01-05T10:00', 'next', 0, '2027-01-11T09:00'],
  [2027, 'Feb 20 working Saturday', '2027-02-19T10:00', 'days', 1, '2027-02-20T10:00'],
  [2027, 'Feb 20 working Saturday', '2027-02-19T17:50', 'minutes', 30, '2027-02-20T09:20'],
  [2027, 'Feb 20 working Saturday', '2027-02-19T12:00', 'next', 0, '2027-02-20T09:00'],
  [2027, 'Feb 21–23', '2027-02-19T10:00', 'days', 2, '2027-02-24T10:00'],
  [2027, 'Feb 21–23', '2027-02-20T16:50', 'minutes', 30, '2027-02-24T09:20'],
  [2027, 'Feb 21–23', '2027-02-20T20:00', 'days', 1, '2027-02-24T20:00'],
  [2027, 'Mar 6–8', '2027-03-05T17:30', 'minutes', 60, '2027-03-09T09:30'],
  [2027, 'Mar 6–8', '2027-03-05T10:00', 'days', 1, '2027-03-09T10:00'],
  [2027, 'May 1–3, 8–10', '2027-04-30T16:00', 'minutes', 120, '2027-05-04T10:00'],
  [2027, 'May 1–3, 8–10', '2027-04-30T10:00', 'days', 4, '2027-05-07T10:00'],
  [2027, 'May 1–3, 8–10', '2027-04-30T10:00', 'days', 5, '2027-05-11T10:00'],
  [2027, 'May 1–3, 8–10', '2027-05-07T10:00', 'next', 0, '2027-05-11T09:00'],
  [2027, 'Jun 12–14', '2027-06-11T16:30', 'minutes', 60, '2027-06-15T09:30'],
  [2027, 'Jun 12–14', '2027-06-11T10:00', 'days', 1, '2027-06-15T10:00'],
  [2027, 'Nov 4–7', '2027-11-03T16:50', 'minutes', 30, '2027-11-08T09:20'],
  [2027, 'Nov 4–7', '2027-11-03T10:00', 'days', 1, '2027-11-08T10:00'],
  [2027, 'Nov 4–7', '2027-11-05T10:00', 'next', 0, '2027-11-08T09:00'],
  [2027, 'Dec 31', '2027-12-30T17:50', 'minutes', 30, '2028-01-03T09:20'],
  [2027, 'Dec 31', '2027-12-30T10:00', 'days', 1, '2028-01-03T10:00'],
];

describe('holiday blocks, shortened days and working Saturdays', () => {
  it.each(cases)('%i %s: given T = %s, when %s %i, then %s', (_year, _block, from, op, n, expected) => {
    const result = op === 'days' ? calendar.addWorkingDays(at(from), n)
      : op === 'minutes' ? calendar.addWorkingMinutes(at(from), n)
        : calendar.nextWorkingDay(at(from));
    expect(local(result)).toBe(expected);
  });

  it('given every day of every listed block, then each is a day off, and the days around each block are working days', () => {
    const blocks: [string, string][] = [
      ['2025-01-01', '2025-01-08'], ['2025-05-01', '2025-05-04'], ['2025-05-08', '2025-05-11'], ['2025-06-12', '2025-06-15'],
      ['2025-11-02', '2025-11-04'], ['2025-12-31', '2025-12-31'],
      ['2026-01-01', '2026-01-11'], ['2026-02-21', '2026-02-23'], ['2026-03-07', '2026-03-09'], ['2026-05-01', '2026-05-03'],
      ['2026-05-09', '2026-05-11'], ['2026-06-12', '2026-06-14'], ['2026-11-04', '2026-11-04'], ['2026-12-31', '2026-12-31'],
      ['2027-01-01', '2027-01-10'], ['2027-02-21', '2027-02-23'], ['2027-03-06', '2027-03-08'], ['2027-05-01', '2027-05-03'],
      ['2027-05-08', '2027-05-10'], ['2027-06-12', '2027-06-14'], ['2027-11-04', '2027-11-07'], ['2027-12-31', '2027-12-31'],
    ];
    const dayMs = 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    for (const [first, last] of blocks) {
      for (let d = Date.parse(first); d <= Date.parse(last); d += dayMs) expect(calendar.dayKind(iso(d)), iso(d)).toBe('off');
      // Blocks are bounded by working days, except where Dec 31 meets the New Year holidays.
      const before = iso(Date.parse(first) - dayMs);
      const after = iso(Date.parse(last) + dayMs);
      if (!first.endsWith('-01-01')) expect(calendar.isWorkingDay(before), before).toBe(true);
      if (!last.endsWith('-12-31')) expect(calendar.isWorkingDay(after), after).toBe(true);
    }
  });

  it('given the shortened days and working Saturdays of the spec, then their kinds are as published', () => {
    const shortened = ['2025-03-07', '2025-04-30', '2025-06-11', '2025-11-01', '2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03',
      '2027-02-20', '2027-04-30', '2027-06-11', '2027-11-03'];
    for (const date of shortened) expect(calendar.dayKind(date), date).toBe('shortened');
    expect(calendar.dayKind('2026-02-20')).toBe('working'); // the Friday before Feb 23, 2026 is a full day
    expect(calendar.dayKind('2025-11-08')).toBe('off'); // an ordinary Saturday
  });

  it('given arithmetic that stays inside 2025–2027, then no missing year is reported; past 2027 it is 2028', () => {
    expect(missing).toEqual([2028]);
  });
});
