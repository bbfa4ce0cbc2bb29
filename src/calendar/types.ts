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

/**
 * One year of a production calendar: only the days that differ from the Monday–Friday
 * rule. Every Saturday and Sunday not listed as working is a day off; every other day
 * not listed as off is a full working day.
 */
export interface YearCalendarData {
  readonly year: number;
  /** Days off besides ordinary weekends (holidays, transferred days off); may include weekend dates inside a holiday block. */
  readonly daysOff: readonly LocalDate[];
  /** Working days one hour shorter (pre-holiday days), also on a working Saturday or Sunday. */
  readonly shortenedDays: readonly LocalDate[];
  /** Saturdays and Sundays that are working days (full or shortened). */
  readonly workingWeekendDays: readonly LocalDate[];
  /** Where the facts come from (a decree, a draft, an import). */
  readonly source?: string;
}

/** An admin's correction of one day, layered over the year data. */
export interface DayCorrection {
  readonly date: LocalDate;
  readonly kind: DayKind;
  readonly note?: string;
}

/** A year as the calendar reports it (e.g. `potok calendar show 2027`). */
export interface YearNorm {
  readonly year: number;
  /** false: the year has no calendar data and Monday–Friday is used. */
  readonly hasData: boolean;
  /** Days off other than ordinary weekends: holidays and transferred days off (weekend dates inside a listed block included). */
  readonly daysOff: readonly LocalDate[];
  /** Shortened working days (pre-holiday), including shortened weekend days. */
  readonly shortenedDays: readonly LocalDate[];
  /** Saturdays and Sundays that are working days. */
  readonly workingWeekendDays: readonly LocalDate[];
  readonly calendarDays: number;
  /** Working days, shortened ones included. */
  readonly workingDays: number;
  /** Calendar days that are not working days (weekends and holidays). */
  readonly nonWorkingDays: number;
  /** The official norm for a 40-hour week: 8 hours a working day, 7 on a shortened one (independent of office hours). */
  readonly hoursNorm: number;
}

/** The calendar Potok builds (`createWorkingCalendar`): the contract plus reporting. */
export interface ProductionCalendar extends WorkingCalendar {
  /** Configured office hours, 'HH:MM' (a shortened day ends one hour before `workdayEnd`). */
  readonly workdayStart: string;
  readonly workdayEnd: string;
  /** True when the year has production-calendar data (shipped, imported or defined by an admin). */
  hasYear(year: number): boolean;
  /** Working days after `from` up to and including `to` (negative when `to` is earlier). */
  workingDaysBetween(from: LocalDate, to: LocalDate): number;
  /** The year's days off, shortened and working weekend days, working-day count and hours norm. */
  yearNorm(year: number): YearNorm;
}
