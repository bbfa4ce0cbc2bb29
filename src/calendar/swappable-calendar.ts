/**
 * A calendar whose data can be replaced while the system runs: the admin corrects a day
 * or imports a year, and every computation from then on uses the new data. Timers and
 * due dates already computed keep their stored absolute times (the spec says a later
 * change to the calendar does not move them).
 */
import type { LocalDate, Millis, ProductionCalendar, YearNorm } from './types.ts';

export class SwappableCalendar implements ProductionCalendar {
  #current: ProductionCalendar;

  constructor(initial: ProductionCalendar) {
    this.#current = initial;
  }

  /** Uses `next` for every computation from now on. */
  replace(next: ProductionCalendar): void {
    this.#current = next;
  }

  get zone(): string {
    return this.#current.zone;
  }
  get workdayStart(): string {
    return this.#current.workdayStart;
  }
  get workdayEnd(): string {
    return this.#current.workdayEnd;
  }
  dayKind(date: LocalDate) {
    return this.#current.dayKind(date);
  }
  isWorkingDay(date: LocalDate): boolean {
    return this.#current.isWorkingDay(date);
  }
  isWorkingTime(at: Millis): boolean {
    return this.#current.isWorkingTime(at);
  }
  addWorkingMinutes(at: Millis, minutes: number): Millis {
    return this.#current.addWorkingMinutes(at, minutes);
  }
  addWorkingDays(at: Millis, days: number): Millis {
    return this.#current.addWorkingDays(at, days);
  }
  nextWorkingDay(at: Millis): Millis {
    return this.#current.nextWorkingDay(at);
  }
  startOfWorkingDay(date: LocalDate): Millis {
    return this.#current.startOfWorkingDay(date);
  }
  endOfWorkingDay(date: LocalDate): Millis {
    return this.#current.endOfWorkingDay(date);
  }
  workingMinutesBetween(from: Millis, to: Millis): number {
    return this.#current.workingMinutesBetween(from, to);
  }
  knownYears(): readonly number[] {
    return this.#current.knownYears();
  }
  hasYear(year: number): boolean {
    return this.#current.hasYear(year);
  }
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    return this.#current.workingDaysBetween(from, to);
  }
  yearNorm(year: number): YearNorm {
    return this.#current.yearNorm(year);
  }
}
