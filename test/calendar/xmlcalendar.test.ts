import { describe, expect, it } from 'vitest';
import {
  calendarFromStore, createWorkingCalendar, formatXmlCalendar, parseXmlCalendar, RUSSIAN_PRODUCTION_CALENDAR,
} from '../../src/calendar/index.ts';

// The shape published by xmlcalendar.ru (holidays list, h= and f= attributes included).
const GOOD_2028 = `<?xml version="1.0" encoding="UTF-8"?>
<calendar year="2028" lang="ru" date="2027.09.01" country="ru">
  <holidays>
    <holiday id="1" title="Новогодние каникулы"/>
  </holidays>
  <days>
    <!-- New Year holidays -->
    <day d="01.01" t="1" h="1"/>
    <day d="01.02" t="1" h="1"/>
    <day d="01.03" t="1" h="1"/>
    <day d="01.10" t="1"/>
    <day d="02.22" t="2"/>
    <day d="03.04" t="3" f="03.10"/>
    <day d="03.11" t="2"/>
  </days>
</calendar>
`;

describe('importing an xmlcalendar file', () => {
  it('given a well-formed file for 2028, then the year data lists its days off, shortened and working weekend days', () => {
    const result = parseXmlCalendar(GOOD_2028, { expectedYear: 2028, source: 'calendar-2028.xml' });
    expect(result).toEqual({
      ok: true,
      data: {
        year: 2028,
        source: 'calendar-2028.xml',
        daysOff: ['2028-01-01', '2028-01-02', '2028-01-03', '2028-01-10'],
        shortenedDays: ['2028-02-22', '2028-03-11'],
        // 2028-03-04 (t=3) and 2028-03-11 (t=2) are Saturdays
        workingWeekendDays: ['2028-03-04', '2028-03-11'],
      },
    });
  });

  it('given the imported year, then the calendar uses it: a shortened working Saturday ends at 17:00', () => {
    const result = parseXmlCalendar(GOOD_2028);
    if (!result.ok) throw new Error('expected the import to succeed');
    const calendar = calendarFromStore({ importedYears: [result.data] });
    expect(calendar.dayKind('2028-03-11')).toBe('shortened');
    expect(calendar.dayKind('2028-03-04')).toBe('working');
    expect(calendar.dayKind('2028-01-10')).toBe('off');
    expect(calendar.hasYear(2028)).toBe(true);
  });

  const bad: [string, string, number, RegExp][] = [
    ['not XML', 'this is not a calendar', 1, /not well-formed XML/],
    ['an empty file', '   ', 1, /empty/],
    ['broken XML', '<calendar year="2028">\n<days>\n<day d="01.01" t="1">\n</days>\n</calendar>', 4, /not well-formed XML/],
    ['another root element', '<?xml version="1.0"?>\n<holidays year="2028"/>', 2, /root element must be <calendar>/],
    ['no year', '<calendar>\n<days><day d="01.01" t="1"/></days></calendar>', 1, /no year attribute/],
    ['a year that is not a year', '<calendar year="20x8">\n<days><day d="01.01" t="1"/></days></calendar>', 1, /not a four-digit year/],
    ['a file for another year', '<calendar year="2029">\n<days><day d="01.01" t="1"/></days></calendar>', 1, /for 2029, but 2028 is being imported/],
    ['an unknown day type', '<calendar year="2028">\n<days>\n<day d="01.01" t="1"/>\n<day d="01.02" t="4"/>\n</days></calendar>', 4, /unknown day type t="4"/],
    ['a missing day type', '<calendar year="2028">\n<days>\n<day d="01.02"/>\n</days></calendar>', 3, /no t attribute/],
    ['an invalid date', '<calendar year="2028">\n<days>\n<day d="02.30" t="1"/>\n</days></calendar>', 3, /02\.30 is not a date in 2028/],
    ['Feb 29 of a non-leap year', '<calendar year="2027">\n<days>\n<day d="02.29" t="1"/>\n</days></calendar>', 3, /02\.29 is not a date in 2027/],
    ['a date in another format', '<calendar year="2028">\n<days>\n<day d="2028-01-01" t="1"/>\n</days></calendar>', 3, /not written MM\.DD/],
    ['a duplicate day', '<calendar year="2028">\n<days>\n<day d="01.01" t="1"/>\n<day d="01.01" t="2"/>\n</days></calendar>', 4, /listed twice \(first on line 3\)/],
    ['a working weekend day on a weekday', '<calendar year="2028">\n<days>\n<day d="01.04" t="3"/>\n</days></calendar>', 3, /not a Saturday or Sunday/],
    ['no days at all', '<calendar year="2028">\n<days/>\n</calendar>', 1, /lists no <day>/],
    ['a day outside <days>', '<calendar year="2028">\n<day d="01.01" t="1"/>\n</calendar>', 2, /outside <calendar><days>/],
  ];
  it.each(bad)('given %s, then the import is refused with the line and reason, and no data', (_what, xml, line, reason) => {
    const result = parseXmlCalendar(xml, { expectedYear: 2028 });
    expect(result.ok).toBe(false);
    expect('data' in result).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual({ line, reason: expect.stringMatching(reason) });
  });

  it('given a file with several problems, then every one is reported with its line', () => {
    const xml = '<calendar year="2028">\n<days>\n<day d="01.01" t="1"/>\n<day d="13.01" t="1"/>\n<day d="01.05" t="9"/>\n</days>\n</calendar>';
    const result = parseXmlCalendar(xml);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.line)).toEqual([4, 5]);
  });
});

describe('exporting a year as xmlcalendar', () => {
  it.each([2025, 2026, 2027])('given the shipped %i, when it is written and imported back, then the calendar is the same', (year) => {
    const shipped = RUSSIAN_PRODUCTION_CALENDAR.find((y) => y.year === year)!;
    const result = parseXmlCalendar(formatXmlCalendar(shipped), { expectedYear: year });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const original = createWorkingCalendar().yearNorm(year);
    const reimported = calendarFromStore({ importedYears: [result.data] }).yearNorm(year);
    expect(reimported).toEqual(original);
    expect(reimported).toMatchObject({ workingDays: 247, hoursNorm: 1972 });
  });
});
