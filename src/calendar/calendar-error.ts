/**
 * Every refusal of the calendar module is a `CalendarError` with a code, so that the
 * engine, the API and the CLI can decide what to do with it (incident, 400, exit 2)
 * without parsing messages.
 */
export type CalendarErrorCode =
  | 'INVALID_NUMBER' // NaN, Infinity, not a number, or a fractional number of days
  | 'INVALID_DATE' // not a YYYY-MM-DD local date, or a date that does not exist (2026-02-30)
  | 'INVALID_INSTANT' // not finite epoch milliseconds
  | 'INVALID_TIME' // not HH:MM (00:00–23:59)
  | 'INVALID_ZONE' // not an IANA zone luxon knows
  | 'INVALID_WORKDAY' // working day start/end that leave no room for a shortened day
  | 'INVALID_CALENDAR_DATA' // year data or corrections that contradict themselves
  | 'INVALID_ARGUMENT' // a FEEL function called with a value of the wrong type
  | 'OUT_OF_RANGE'; // a computation that would run past the supported span of years

export class CalendarError extends Error {
  override name = 'CalendarError';
  readonly code: CalendarErrorCode;

  constructor(code: CalendarErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
