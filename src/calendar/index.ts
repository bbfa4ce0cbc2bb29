/** The business calendar: what the engine, runtime, CRM, HTTP and CLI import. */
export type {
  DayCorrection, DayKind, LocalDate, Millis, ProductionCalendar, WorkingCalendar, YearCalendarData, YearNorm,
} from './types.ts';
export { CalendarError, type CalendarErrorCode } from './calendar-error.ts';
export {
  createWorkingCalendar, DEFAULT_WORKDAY_END, DEFAULT_WORKDAY_START, DEFAULT_ZONE, type WorkingCalendarOptions,
} from './working-calendar.ts';
export { RUSSIAN_PRODUCTION_CALENDAR } from './production-calendar.data.ts';
export {
  calendarFromStore, effectiveYears, validateDayCorrection, validateYearData,
  type StoredCalendar, type StoredCalendarOptions,
} from './stored-calendar.ts';
export {
  parseXmlCalendar, type XmlCalendarImport, type XmlCalendarImportOptions, type XmlCalendarIssue,
} from './xmlcalendar.parser.ts';
export { SwappableCalendar } from './swappable-calendar.ts';
export { DEFAULT_WORKDAY, workdayProblems, type Workday, type WorkdayProblem } from './workday.ts';
export { formatXmlCalendar } from './xmlcalendar.writer.ts';
export { workingTimeFeelFunctions, type WorkingTimeFeelOptions } from './feel.ts';
