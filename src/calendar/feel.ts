/**
 * Working-time functions for FEEL models. The engine merges the returned record into the
 * evaluation context of @bpmn-io/feelin, where a context entry that is a function can be
 * called by its name — names with spaces included (`add working days(now(), 2)`), since
 * feelin's parser reads multi-word names from the context it is given.
 *
 * Values: feelin represents a FEEL date as a luxon DateTime at 00:00 in UTC and a date and
 * time as any other luxon DateTime. A date argument means that calendar date; a date and
 * time argument means its instant, seen in the calendar's zone; one written without an
 * offset (`date and time("2026-12-30T10:00:00")`) is that wall-clock time in the calendar's
 * zone, as everywhere in the engine. ISO strings are accepted too, because process
 * variables are JSON (a string without an offset is local time in the calendar's zone). Functions return a FEEL date when given a date and a date would answer
 * the question (`add working days`), otherwise a date and time in the calendar's zone.
 *
 * A null argument gives null (FEEL's rule); an argument of the wrong type throws a
 * CalendarError, which the engine reports (an incident) instead of a silent null.
 */
import { DateTime, FixedOffsetZone } from 'luxon';
import { CalendarError } from './calendar-error.ts';
import { formatLocalDate } from './local-date.ts';
import type { LocalDate, Millis, ProductionCalendar, WorkingCalendar } from './types.ts';

type FeelFunction = ((...args: any[]) => unknown) & { $args?: string[] };

/** A FEEL argument that stands for a day or an instant. */
type Moment =
  | { readonly kind: 'date'; readonly date: LocalDate }
  | { readonly kind: 'date time'; readonly at: Millis };

export interface WorkingTimeFeelOptions {
  /**
   * The engine's clock (epoch ms). When given, `now()` and `today()` are provided too, in
   * the calendar's zone: feelin's own read the machine's clock and zone.
   */
  readonly now?: Millis;
}

function isFeelDate(value: DateTime): boolean {
  // feelin's own test for a date: midnight in UTC (see getType in feelin).
  return value.hour === 0 && value.minute === 0 && value.second === 0 && value.millisecond === 0
    && value.zone.type === 'fixed' && value.offset === 0;
}

function isFeelTime(value: DateTime): boolean {
  return value.year === 1900 && value.month === 1 && value.day === 1;
}

function toMoment(value: unknown, zone: string): Moment {
  if (DateTime.isDateTime(value)) {
    if (!value.isValid) throw new CalendarError('INVALID_ARGUMENT', 'the date is not valid');
    if (isFeelTime(value)) throw new CalendarError('INVALID_ARGUMENT', 'expects a date or a date and time, got a time');
    if (isFeelDate(value)) return { kind: 'date', date: formatLocalDate(value) };
    // feelin gives a date and time written without offset the machine's zone: like the
    // engine, Potok reads it as that wall-clock time in the company's zone.
    if (value.zone.type === 'system') return { kind: 'date time', at: value.setZone(zone, { keepLocalTime: true }).toMillis() };
    return { kind: 'date time', at: value.toMillis() };
  }
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const parsed = DateTime.fromISO(value, { zone: 'utc' });
      if (parsed.isValid) return { kind: 'date', date: value };
    } else {
      // "2027-02-18T14:00@Europe/Moscow" is FEEL's own text form of a zoned date and time.
      const [text, textZone] = value.split('@');
      const parsed = DateTime.fromISO(text, { zone: textZone ?? zone });
      if (parsed.isValid) return { kind: 'date time', at: parsed.toMillis() };
    }
    throw new CalendarError('INVALID_ARGUMENT', `"${value}" is not an ISO date or date and time`);
  }
  throw new CalendarError('INVALID_ARGUMENT', `expects a date or a date and time, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (DateTime.isDateTime(value)) return 'a date';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a context' : `${typeof value} ${JSON.stringify(value)}`;
}

function toNumber(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new CalendarError('INVALID_ARGUMENT', `${name} must be a number, got ${describe(value)}`);
  }
  return value;
}

/** The clock time of "HH:MM", "HH:MM:SS" or a FEEL time. */
function toClock(value: unknown): { hour: number; minute: number; second: number } {
  if (DateTime.isDateTime(value) && isFeelTime(value)) return { hour: value.hour, minute: value.minute, second: value.second };
  const match = typeof value === 'string' ? /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value) : null;
  if (match) {
    const [hour, minute, second] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
    if (hour <= 23 && minute <= 59 && second <= 59) return { hour, minute, second };
  }
  throw new CalendarError('INVALID_ARGUMENT', `the time must be "HH:MM" or a FEEL time, got ${describe(value)}`);
}

function feelFunction(name: string, parameters: string[], body: (...args: any[]) => unknown): FeelFunction {
  // feelin finds parameter names in `$args` (for named arguments: `add working days(date: d, days: 2)`).
  const fn: FeelFunction = (...args: unknown[]) => {
    const missing = parameters.filter((_, i) => args[i] === undefined);
    if (missing.length > 0) {
      throw new CalendarError('INVALID_ARGUMENT', `${name}: missing argument ${missing.join(', ')} (expects ${parameters.join(', ')})`);
    }
    // FEEL's rule: a null argument gives null.
    if (args.some((a) => a === null)) return null;
    try {
      return body(...args);
    } catch (err) {
      // Name the function in every refusal, so that an incident says where it came from.
      if (err instanceof CalendarError && !err.message.startsWith(`${name}:`)) throw new CalendarError(err.code, `${name}: ${err.message}`);
      throw err;
    }
  };
  fn.$args = parameters;
  return fn;
}

/**
 * The names `workingTimeFeelFunctions` provides for a production calendar (the runtime's),
 * without building them: the engine checks at deployment that a model calls only known functions.
 */
export const WORKING_TIME_FUNCTION_NAMES: readonly string[] = [
  'add working days', 'add working minutes', 'add working hours', 'next working day', 'start of working day',
  'end of working day', 'at time', 'is working day', 'is working time', 'working day kind', 'working minutes between',
  'working days between',
];

export function workingTimeFeelFunctions(
  calendar: WorkingCalendar | ProductionCalendar,
  options: WorkingTimeFeelOptions = {},
): Record<string, FeelFunction> {
  const zone = calendar.zone;
  const dateTime = (at: Millis) => DateTime.fromMillis(at, { zone });
  const feelDate = (date: LocalDate) => DateTime.fromISO(date, { zone: FixedOffsetZone.utcInstance });
  /** The local date of a FEEL argument. */
  const dayOf = (value: unknown): LocalDate => {
    const moment = toMoment(value, zone);
    return moment.kind === 'date' ? moment.date : formatLocalDate(dateTime(moment.at));
  };
  /** The instant of a FEEL argument; a date is the start (00:00) of that day in the calendar's zone. */
  const instantOf = (value: unknown): Millis => {
    const moment = toMoment(value, zone);
    return moment.kind === 'date time' ? moment.at : DateTime.fromISO(moment.date, { zone }).toMillis();
  };

  const functions: Record<string, FeelFunction> = {
    'add working days': feelFunction('add working days', ['date', 'days'], (date, days) => {
      const moment = toMoment(date, zone);
      const n = toNumber(days, 'days');
      if (moment.kind === 'date time') return dateTime(calendar.addWorkingDays(moment.at, n));
      // A date in, a date out (noon keeps clear of any summer-time change at midnight).
      const noon = DateTime.fromISO(moment.date, { zone }).set({ hour: 12 }).toMillis();
      return feelDate(formatLocalDate(dateTime(calendar.addWorkingDays(noon, n))));
    }),
    'add working minutes': feelFunction('add working minutes', ['date', 'minutes'], (date, minutes) =>
      dateTime(calendar.addWorkingMinutes(instantOf(date), toNumber(minutes, 'minutes')))),
    'add working hours': feelFunction('add working hours', ['date', 'hours'], (date, hours) =>
      dateTime(calendar.addWorkingMinutes(instantOf(date), toNumber(hours, 'hours') * 60))),
    'next working day': feelFunction('next working day', ['date'], (date) => dateTime(calendar.nextWorkingDay(instantOf(date)))),
    'start of working day': feelFunction('start of working day', ['date'], (date) => dateTime(calendar.startOfWorkingDay(dayOf(date)))),
    'end of working day': feelFunction('end of working day', ['date'], (date) => dateTime(calendar.endOfWorkingDay(dayOf(date)))),
    'at time': feelFunction('at time', ['date', 'time'], (date, time) =>
      DateTime.fromISO(dayOf(date), { zone }).set({ ...toClock(time), millisecond: 0 })),
    'is working day': feelFunction('is working day', ['date'], (date) => calendar.isWorkingDay(dayOf(date))),
    'is working time': feelFunction('is working time', ['date'], (date) => calendar.isWorkingTime(instantOf(date))),
    'working day kind': feelFunction('working day kind', ['date'], (date) => calendar.dayKind(dayOf(date))),
    'working minutes between': feelFunction('working minutes between', ['from', 'to'], (from, to) =>
      calendar.workingMinutesBetween(instantOf(from), instantOf(to))),
  };
  if ('workingDaysBetween' in calendar) {
    functions['working days between'] = feelFunction('working days between', ['from', 'to'], (from, to) =>
      calendar.workingDaysBetween(dayOf(from), dayOf(to)));
  }
  if (options.now !== undefined) {
    const now = options.now;
    functions['now'] = feelFunction('now', [], () => dateTime(now));
    functions['today'] = feelFunction('today', [], () => feelDate(formatLocalDate(dateTime(now))));
  }
  return functions;
}
