/**
 * The working-time functions as a model uses them: through @bpmn-io/feelin's evaluate(),
 * merged into the evaluation context the way the engine does.
 */
import { evaluate } from '@bpmn-io/feelin';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { CalendarError, createWorkingCalendar, workingTimeFeelFunctions } from '../../src/calendar/index.ts';
import { at } from './calendar-test-helpers.ts';

const calendar = createWorkingCalendar();
const NOW = at('2026-12-30T10:00');

function feel(expression: string, variables: Record<string, unknown> = {}): unknown {
  const { value, warnings } = evaluate(expression, { ...variables, ...workingTimeFeelFunctions(calendar, { now: NOW }) });
  if (warnings.length > 0) throw new Error(`${expression}: ${warnings.map((w: { message: string }) => w.message).join('; ')}`);
  return value;
}

/** A FEEL result as text: ISO with offset for a date and time, YYYY-MM-DD for a date. */
function show(value: unknown): unknown {
  if (!DateTime.isDateTime(value)) return value;
  if (value.zone.type === 'fixed' && value.offset === 0 && value.hour === 0 && value.minute === 0) return value.toISODate();
  return value.toISO({ suppressMilliseconds: true });
}

describe('FEEL working-time functions', () => {
  const cases: [string, unknown][] = [
    ['now()', '2026-12-30T10:00:00+03:00'],
    ['today()', '2026-12-30'],
    ['add working days(now(), 2)', '2027-01-12T10:00:00+03:00'],
    ['add working days(today(), 2)', '2027-01-12'],
    ['add working days(date("2026-12-30"), 1)', '2027-01-11'],
    ['add working days(date and time("2026-12-30T20:00:00@Europe/Moscow"), 1)', '2027-01-11T20:00:00+03:00'],
    ['add working days(date: now(), days: 2)', '2027-01-12T10:00:00+03:00'],
    ['add working minutes(date and time("2026-12-29T17:50:00@Europe/Moscow"), 30)', '2026-12-30T09:20:00+03:00'],
    ['add working minutes(date and time("2026-12-29T17:30:00+03:00"), 30)', '2026-12-29T18:00:00+03:00'],
    ['add working minutes(now(), 30)', '2026-12-30T10:30:00+03:00'],
    ['add working hours(now(), 9)', '2027-01-11T10:00:00+03:00'],
    ['add working hours(now(), 1.5)', '2026-12-30T11:30:00+03:00'],
    ['add working minutes(date("2026-12-30"), 30)', '2026-12-30T09:30:00+03:00'],
    ['next working day(now())', '2027-01-11T09:00:00+03:00'],
    ['next working day(date("2027-02-19"))', '2027-02-20T09:00:00+03:00'],
    ['start of working day(date("2027-02-20"))', '2027-02-20T09:00:00+03:00'],
    ['end of working day(date("2027-02-20"))', '2027-02-20T17:00:00+03:00'],
    ['end of working day(add working days(now(), 4))', '2027-01-14T18:00:00+03:00'],
    ['start of working day(add working days(now(), 4))', '2027-01-14T09:00:00+03:00'],
    ['at time(today(), "09:00")', '2026-12-30T09:00:00+03:00'],
    ['at time(next working day(now()), "11:00")', '2027-01-11T11:00:00+03:00'],
    ['at time(add working days(today(), 3), time("15:00:00"))', '2027-01-13T15:00:00+03:00'],
    ['is working day(date("2027-01-08"))', false],
    ['is working day(date("2025-11-01"))', true],
    ['is working day(now())', true],
    ['is working time(now())', true],
    ['is working time(date and time("2026-12-30T18:00:00@Europe/Moscow"))', false],
    ['working day kind(date("2027-11-03"))', 'shortened'],
    ['working days between(date("2026-12-30"), date("2027-01-12"))', 2],
    ['working minutes between(now(), add working days(now(), 1))', 540],
    ['add working days(now(), 2) > now()', true],
    ['string(add working days(date("2026-12-30"), 2))', '2027-01-12'],
    ['add working days(now(), 1) + duration("PT1H")', '2027-01-11T11:00:00+03:00'],
  ];
  it.each(cases)('given the clock at 2026-12-30T10:00 Moscow, when %s is evaluated, then it is %s', (expression, expected) => {
    expect(show(feel(expression))).toBe(expected);
  });

  it('given process variables holding ISO strings (JSON), then they work as dates and date-times in the calendar zone', () => {
    expect(show(feel('add working days(meetingAt, 4)', { meetingAt: '2027-02-18T14:00' }))).toBe('2027-02-25T14:00:00+03:00');
    expect(show(feel('add working days(meetingAt, 4)', { meetingAt: '2027-02-18T14:00:00+05:00' }))).toBe('2027-02-25T12:00:00+03:00');
    expect(show(feel('add working days(day, 1)', { day: '2027-02-19' }))).toBe('2027-02-20');
    expect(show(feel('at time(day, "11:00")', { day: '2027-02-19' }))).toBe('2027-02-19T11:00:00+03:00');
    expect(show(feel('add working days(due, 1)', { due: '2027-02-19T14:00:00@Asia/Yekaterinburg' }))).toBe('2027-02-20T12:00:00+03:00');
  });

  it('given a date and time written without an offset, then it is that wall-clock time in the calendar zone, not the machine zone', () => {
    // The tests run with the machine in Asia/Vladivostok.
    expect(show(feel('add working days(date and time("2026-12-30T10:00:00"), 2)'))).toBe('2027-01-12T10:00:00+03:00');
    expect(show(feel('add working minutes(date and time("2026-12-29T17:50:00"), 30)'))).toBe('2026-12-30T09:20:00+03:00');
  });

  it('given a null argument, then the answer is null', () => {
    expect(feel('add working days(missing, 2)', { missing: null })).toBeNull();
    expect(feel('next working day(missing)', { missing: null })).toBeNull();
  });

  it.each([
    ['add working days(now())', /add working days: missing argument days/],
    ['add working days(now(), "2")', /add working days: days must be a number/],
    ['add working days(now(), 1.5)', /add working days: days must be a whole number/],
    ['add working days(time("10:00:00"), 1)', /add working days: expects a date or a date and time, got a time/],
    ['at time(today(), "9 o\'clock")', /at time: the time must be "HH:MM"/],
    ['next working day("30.12.2026")', /next working day: "30\.12\.2026" is not an ISO date/],
  ])('given %s, then evaluation fails with a CalendarError naming the function', (expression, message) => {
    expect(() => feel(expression)).toThrow(CalendarError);
    expect(() => feel(expression)).toThrow(message);
  });

  it('given another calendar zone, then results are in that zone', () => {
    const yekaterinburg = createWorkingCalendar({ zone: 'Asia/Yekaterinburg' });
    const context = workingTimeFeelFunctions(yekaterinburg, { now: at('2026-12-29T16:00') }); // 18:00 in Yekaterinburg
    expect(show(evaluate('add working minutes(now(), 30)', context).value)).toBe('2026-12-30T09:30:00+05:00');
    expect(show(evaluate('today()', context).value)).toBe('2026-12-29');
  });

  it('given no clock, then now() and today() are left to the engine', () => {
    const context = workingTimeFeelFunctions(calendar);
    expect(Object.keys(context)).not.toContain('now');
    expect(Object.keys(context)).toContain('add working days');
  });
});
