/**
 * The company's working day (office hours) as an admin or the environment gives it:
 * checked here, where the calendar's own rules live, so that a stored value always
 * builds a calendar.
 */
import { CalendarError } from './calendar-error.ts';
import { DEFAULT_WORKDAY_END, DEFAULT_WORKDAY_START, parseClockTime, SHORTENING_MINUTES } from './working-calendar.ts';

export interface Workday {
  /** 'HH:MM' */
  readonly start: string;
  readonly end: string;
}

export const DEFAULT_WORKDAY: Workday = { start: DEFAULT_WORKDAY_START, end: DEFAULT_WORKDAY_END };

export interface WorkdayProblem {
  readonly field: 'workdayStart' | 'workdayEnd';
  readonly message: string;
}

/**
 * What is wrong with a working day: each time must be HH:MM (00:00–23:59), the start
 * before the end, and the day longer than one hour (a shortened pre-holiday day is one
 * hour shorter and must still have working time). Empty when it is usable.
 */
export function workdayProblems(start: unknown, end: unknown): WorkdayProblem[] {
  const problems: WorkdayProblem[] = [];
  const minute = (value: unknown, field: WorkdayProblem['field']): number | null => {
    try {
      return parseClockTime(value, field);
    } catch (err) {
      if (!(err instanceof CalendarError)) throw err;
      problems.push({ field, message: err.message });
      return null;
    }
  };
  const from = minute(start, 'workdayStart');
  const to = minute(end, 'workdayEnd');
  if (from === null || to === null) return problems;
  if (to <= from) problems.push({ field: 'workdayEnd', message: `workdayEnd must be after workdayStart (${String(start)}), got ${String(end)}` });
  else if (to - from <= SHORTENING_MINUTES) {
    problems.push({ field: 'workdayEnd', message: `the working day ${String(start)}–${String(end)} must be longer than one hour (a shortened pre-holiday day is one hour shorter)` });
  }
  return problems;
}
