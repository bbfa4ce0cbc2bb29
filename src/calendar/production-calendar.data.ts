/**
 * The Russian production calendar (производственный календарь) shipped with Potok,
 * exactly the facts of the franchise specification ("Time rules"). Dates are written
 * as the spec writes them: single days and inclusive ranges 'from..to'. Every Saturday
 * and Sunday not listed as working is a day off as well.
 *
 * A new year is added here, imported from xmlcalendar XML, or defined by an admin's
 * corrections — never guessed.
 */
import { expandDates } from './local-date.ts';
import type { YearCalendarData } from './types.ts';

interface YearFacts {
  readonly year: number;
  readonly source: string;
  readonly daysOff: readonly string[];
  readonly shortenedDays: readonly string[];
  readonly workingWeekendDays: readonly string[];
}

const FACTS: readonly YearFacts[] = [
  {
    year: 2025,
    source: 'official decree',
    daysOff: [
      '2025-01-01..2025-01-08', '2025-05-01..2025-05-04', '2025-05-08..2025-05-11',
      '2025-06-12..2025-06-15', '2025-11-02..2025-11-04', '2025-12-31',
    ],
    shortenedDays: ['2025-03-07', '2025-04-30', '2025-06-11', '2025-11-01'],
    workingWeekendDays: ['2025-11-01'],
  },
  {
    year: 2026,
    source: 'official decree',
    daysOff: [
      '2026-01-01..2026-01-11', '2026-02-21..2026-02-23', '2026-03-07..2026-03-09',
      '2026-05-01..2026-05-03', '2026-05-09..2026-05-11', '2026-06-12..2026-06-14',
      '2026-11-04', '2026-12-31',
    ],
    shortenedDays: ['2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03'],
    workingWeekendDays: [],
  },
  {
    year: 2027,
    source: 'published draft, until the decree',
    daysOff: [
      '2027-01-01..2027-01-10', '2027-02-21..2027-02-23', '2027-03-06..2027-03-08',
      '2027-05-01..2027-05-03', '2027-05-08..2027-05-10', '2027-06-12..2027-06-14',
      '2027-11-04..2027-11-07', '2027-12-31',
    ],
    shortenedDays: ['2027-02-20', '2027-04-30', '2027-06-11', '2027-11-03'],
    workingWeekendDays: ['2027-02-20'],
  },
];

function toYearData(facts: YearFacts): YearCalendarData {
  return {
    year: facts.year,
    source: facts.source,
    daysOff: facts.daysOff.flatMap(expandDates),
    shortenedDays: facts.shortenedDays.flatMap(expandDates),
    workingWeekendDays: facts.workingWeekendDays.flatMap(expandDates),
  };
}

/** The shipped years, 2025–2027. */
export const RUSSIAN_PRODUCTION_CALENDAR: readonly YearCalendarData[] = Object.freeze(FACTS.map(toYearData));
