/**
 * The xmlcalendar.ru import format (also published by consultant.ru mirrors):
 *
 *   <calendar year="2028" lang="ru" …>
 *     <holidays>…</holidays>
 *     <days>
 *       <day d="01.01" t="1" h="1"/>   t=1 day off, t=2 shortened working day (also on a
 *       <day d="02.22" t="2"/>         weekend), t=3 working weekend day
 *     </days>
 *   </calendar>
 *
 * Pure: the text comes in, the year's data or every problem (line and reason) comes out.
 * A file with any problem yields no data at all, so a bad import can never be half-applied.
 * Attributes other than d and t (h holiday id, f transferred-from date) are ignored.
 */
import { XMLValidator } from 'fast-xml-parser';
import { dayNumberOf, formatLocalDate, isValidDateParts, isWeekend } from './local-date.ts';
import type { LocalDate, YearCalendarData } from './types.ts';

export interface XmlCalendarIssue {
  /** 1-based line of the file. */
  readonly line: number;
  readonly reason: string;
}

export type XmlCalendarImport =
  | { readonly ok: true; readonly data: YearCalendarData }
  | { readonly ok: false; readonly errors: readonly XmlCalendarIssue[] };

export interface XmlCalendarImportOptions {
  /** The year the admin is importing: a file for another year is refused. */
  readonly expectedYear?: number;
  /** Recorded as the year's source, e.g. the file name. */
  readonly source?: string;
}

interface Tag {
  readonly name: string;
  readonly closing: boolean;
  readonly selfClosing: boolean;
  readonly attributes: ReadonlyMap<string, string>;
  readonly line: number;
}

const DAY_TYPES: Record<string, string> = { '1': 'day off', '2': 'shortened day', '3': 'working weekend day' };

/** Blanks out comments, CDATA, processing instructions and DOCTYPE, keeping line breaks. */
function maskNonElements(text: string): string {
  return text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>/g,
    (m) => m.replace(/[^\n]/g, ' '));
}

function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function scanTags(text: string): Tag[] {
  const masked = maskNonElements(text);
  const lineOf = lineFinder(masked);
  const tags: Tag[] = [];
  const tagPattern = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  for (const m of masked.matchAll(tagPattern)) {
    const attributes = new Map<string, string>();
    for (const a of m[3].matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attributes.set(a[1], a[2] ?? a[3]);
    tags.push({ name: m[2], closing: m[1] === '/', selfClosing: m[4] === '/', attributes, line: lineOf(m.index ?? 0) });
  }
  return tags;
}

function checkYear(root: Tag, options: XmlCalendarImportOptions, errors: XmlCalendarIssue[]): number | undefined {
  const raw = root.attributes.get('year');
  if (raw === undefined) {
    errors.push({ line: root.line, reason: 'the <calendar> element has no year attribute' });
    return undefined;
  }
  if (!/^\d{4}$/.test(raw.trim())) {
    errors.push({ line: root.line, reason: `the year "${raw}" is not a four-digit year` });
    return undefined;
  }
  const year = Number(raw.trim());
  if (options.expectedYear !== undefined && year !== options.expectedYear) {
    errors.push({ line: root.line, reason: `the file is for ${year}, but ${options.expectedYear} is being imported` });
  }
  return year;
}

interface DayEntry {
  readonly date: LocalDate;
  readonly type: string;
}

const DAY_TYPE_HINT = '1 day off, 2 shortened, 3 working weekend day';

/** The date of a day's d="MM.DD", or the reasons it is not one. */
function readDate(d: string | undefined, year: number | undefined): { date?: LocalDate; problem?: string } {
  if (d === undefined) return { problem: 'the day has no d attribute (MM.DD)' };
  const match = /^(\d{2})\.(\d{2})$/.exec(d.trim());
  if (!match) return { problem: `the day "${d}" is not written MM.DD` };
  const [month, day] = [Number(match[1]), Number(match[2])];
  // Without a valid year, check against a leap year so that 02.29 is not refused as well.
  if (!isValidDateParts(year ?? 2000, month, day)) return { problem: `${d} is not a date${year ? ` in ${year}` : ''}` };
  return year === undefined ? {} : { date: formatLocalDate({ year, month, day }) };
}

function readType(t: string | undefined, d: string | undefined, date: LocalDate | undefined): string | undefined {
  if (t === undefined) return `the day ${d ?? ''} has no t attribute (${DAY_TYPE_HINT})`;
  if (!(t.trim() in DAY_TYPES)) return `unknown day type t="${t}" for ${d ?? 'a day'} (expected ${DAY_TYPE_HINT})`;
  if (t.trim() === '3' && date && !isWeekend(dayNumberOf(date))) {
    return `t="3" marks a working weekend day, but ${d} (${date}) is not a Saturday or Sunday`;
  }
  return undefined;
}

function readDay(tag: Tag, year: number | undefined, seen: Map<string, number>, errors: XmlCalendarIssue[]): DayEntry | undefined {
  const d = tag.attributes.get('d');
  const t = tag.attributes.get('t');
  const problems: string[] = [];
  const { date, problem } = readDate(d, year);
  if (problem) problems.push(problem);
  if (d !== undefined && !problem) {
    const first = seen.get(d.trim());
    if (first !== undefined) problems.push(`the day ${d} is listed twice (first on line ${first})`);
    else seen.set(d.trim(), tag.line);
  }
  const typeProblem = readType(t, d, date);
  if (typeProblem) problems.push(typeProblem);
  for (const reason of problems) errors.push({ line: tag.line, reason });
  return problems.length === 0 && date && t ? { date, type: t.trim() } : undefined;
}

/** Parses an xmlcalendar file into one year's data, or every problem with its line. */
export function parseXmlCalendar(text: string, options: XmlCalendarImportOptions = {}): XmlCalendarImport {
  if (typeof text !== 'string' || text.trim() === '') {
    return { ok: false, errors: [{ line: 1, reason: 'the file is empty' }] };
  }
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    return { ok: false, errors: [{ line: validation.err.line, reason: `not well-formed XML: ${validation.err.msg}` }] };
  }
  const errors: XmlCalendarIssue[] = [];
  const tags = scanTags(text);
  const roots = rootElements(tags);
  const root = roots[0];
  if (!root || root.name !== 'calendar') {
    return { ok: false, errors: [{ line: root?.line ?? 1, reason: `not an xmlcalendar file: the root element must be <calendar>, found <${root?.name ?? ''}>` }] };
  }
  if (roots.length > 1) errors.push({ line: roots[1].line, reason: 'more than one root element' });
  const year = checkYear(root, options, errors);

  const seen = new Map<string, number>();
  const entries: DayEntry[] = [];
  const stack: string[] = [];
  for (const tag of tags) {
    if (tag.closing) {
      stack.pop();
      continue;
    }
    if (tag.name === 'day') {
      if (stack.join('/') !== 'calendar/days') {
        errors.push({ line: tag.line, reason: 'a <day> element outside <calendar><days>' });
      } else {
        const entry = readDay(tag, year, seen, errors);
        if (entry) entries.push(entry);
      }
    }
    if (!tag.selfClosing) stack.push(tag.name);
  }
  if (seen.size === 0 && errors.length === 0 && year !== undefined) errors.push({ line: root.line, reason: 'the calendar lists no <day> elements' });
  if (errors.length > 0 || year === undefined) return { ok: false, errors };
  return { ok: true, data: toYearData(year, entries, options.source) };
}

function rootElements(tags: readonly Tag[]): Tag[] {
  const roots: Tag[] = [];
  let depth = 0;
  for (const tag of tags) {
    if (tag.closing) depth--;
    else {
      if (depth === 0) roots.push(tag);
      if (!tag.selfClosing) depth++;
    }
  }
  return roots;
}

function toYearData(year: number, entries: readonly DayEntry[], source: string | undefined): YearCalendarData {
  const daysOff: LocalDate[] = [];
  const shortenedDays: LocalDate[] = [];
  const workingWeekendDays: LocalDate[] = [];
  for (const { date, type } of entries) {
    const weekend = isWeekend(dayNumberOf(date));
    if (type === '1') daysOff.push(date);
    if (type === '2') shortenedDays.push(date);
    // t=2 on a Saturday or Sunday is a shortened working day, so a working weekend day too.
    if (type === '3' || (type === '2' && weekend)) workingWeekendDays.push(date);
  }
  const byDate = (a: string, b: string) => a.localeCompare(b);
  return {
    year,
    source: source ?? 'xmlcalendar import',
    daysOff: daysOff.sort(byDate),
    shortenedDays: shortenedDays.sort(byDate),
    workingWeekendDays: workingWeekendDays.sort(byDate),
  };
}
