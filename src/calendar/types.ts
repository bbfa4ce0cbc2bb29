/**
 * The business calendar as the engine and the rest of Potok see it.
 *
 * Instants are epoch milliseconds (UTC); local dates are `YYYY-MM-DD` strings in the
 * calendar's zone. The exact meaning of every operation is the "Time rules" table of
 * the franchise specification.
 */
export type Millis = number;
export type LocalDate = string; // 'YYYY-MM-DD'

export type DayKind = 'working' | 'shortened' | 'off';

export interface WorkingCalendar {
  /** IANA zone, e.g. 'Europe/Moscow'. */
  readonly zone: string;
  /** What kind of day a local date is (weekday fallback for years with no data). */
  dayKind(date: LocalDate): DayKind;
  isWorkingDay(date: LocalDate): boolean;
  /** Inside working hours of a working day (start inclusive, end exclusive). */
  isWorkingTime(at: Millis): boolean;
  /** N working minutes from `at` (see the spec's table). */
  addWorkingMinutes(at: Millis, minutes: number): Millis;
  /** The same local clock time on the N-th working day after `at`'s date. */
  addWorkingDays(at: Millis, days: number): Millis;
  /** Start of the first working day after `at`'s date. */
  nextWorkingDay(at: Millis): Millis;
  /** Start / end of the working day of a local date (end is one hour earlier on a shortened day). */
  startOfWorkingDay(date: LocalDate): Millis;
  endOfWorkingDay(date: LocalDate): Millis;
  /** Working minutes between two instants (negative when `to` is before `from`). */
  workingMinutesBetween(from: Millis, to: Millis): number;
  /** Years the calendar has data for; other years fall back to Monday–Friday. */
  knownYears(): readonly number[];
}
