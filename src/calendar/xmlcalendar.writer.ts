/**
 * Writes one year's data in the xmlcalendar format, so that an admin can download a
 * year, edit it elsewhere and import it back (parseXmlCalendar reads it unchanged).
 */
import type { LocalDate, YearCalendarData } from './types.ts';

const monthDay = (date: LocalDate) => `${date.slice(5, 7)}.${date.slice(8, 10)}`;

export function formatXmlCalendar(data: YearCalendarData): string {
  const types = new Map<LocalDate, string>();
  for (const date of data.workingWeekendDays) types.set(date, '3');
  // A shortened day is t=2, on a weekday or on a working weekend day alike.
  for (const date of data.shortenedDays) types.set(date, '2');
  for (const date of data.daysOff) types.set(date, '1');
  const days = [...types.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, t]) => `    <day d="${monthDay(date)}" t="${t}"/>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<calendar year="${data.year}" lang="ru">`,
    '  <days>',
    ...days,
    '  </days>',
    '</calendar>',
    '',
  ].join('\n');
}
