/**
 * `potok calendar …`: look at the production calendar and do working-time arithmetic
 * from the command line, in the company's zone (POTOK_TZ, default Europe/Moscow). A time
 * without an offset is local time in that zone.
 *
 * The calendar is the one `potok serve` uses: when the installation's database exists
 * (DATABASE_URL, or potok.db in the data directory) its imported years, day corrections
 * and the admin's working day are read from it; otherwise, or with --shipped-only, the
 * shipped years (2025–2027) and the default working day. Options given here win.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import {
  CalendarError, calendarFromStore, DEFAULT_ZONE, effectiveYears,
  type Millis, type ProductionCalendar, type StoredCalendar, type YearNorm,
} from '../../calendar/index.ts';
import { openDatabase } from '../../store/database.ts';
import { migrateToLatest } from '../../store/migrate.ts';
import { AdminSettingsService } from '../../crm/admin/admin-settings.service.ts';
import { CompanySettingsService, workdayFromEnv, WorkdayConfigError } from '../../crm/admin/company-settings.service.ts';
import { SettingsRepository } from '../../crm/settings/settings.repository.ts';
import { systemClock } from '../../crm/clock.ts';
import { BadInputError } from '../main.ts';
import type { SetExitCode } from './index.ts';

interface CalendarCliOptions {
  zone?: string;
  workdayStart?: string;
  workdayEnd?: string;
  databaseUrl?: string;
  dataDir?: string;
  shippedOnly?: boolean;
}

/** What the installation stores, or nothing when there is no database (or --shipped-only). */
interface CalendarSource {
  readonly stored: StoredCalendar;
  readonly workday?: { start: string; end: string };
  /** Where it was read from, for `show`: "the database ./data/potok.db". */
  readonly from?: string;
}

async function readCalendarSource(options: CalendarCliOptions): Promise<CalendarSource> {
  let envWorkday;
  try {
    envWorkday = workdayFromEnv();
  } catch (err) {
    throw err instanceof WorkdayConfigError ? new BadInputError(err.message) : err;
  }
  if (options.shippedOnly) return { stored: {}, workday: envWorkday };
  const url = options.databaseUrl ?? process.env.DATABASE_URL;
  const sqliteFile = path.join(options.dataDir ?? process.env.POTOK_DATA_DIR ?? './data', 'potok.db');
  // Not installed here: nothing to read, nothing created.
  if (!url && !existsSync(sqliteFile)) return { stored: {}, workday: envWorkday };
  const database = openDatabase({ url, sqliteFile: url ? undefined : sqliteFile });
  try {
    await migrateToLatest(database);
    const settings = new SettingsRepository(database.db);
    const admin = new AdminSettingsService(database.db, settings, systemClock);
    const workday = await new CompanySettingsService(settings, systemClock, envWorkday).workday();
    return {
      stored: { importedYears: await admin.importedYears(), corrections: await admin.corrections() },
      workday,
      from: url ? 'the PostgreSQL database' : `the database ${sqliteFile}`,
    };
  } finally {
    await database.close();
  }
}

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** `warnMissingYear`: arithmetic warns on stderr; `show` says it in its own output. */
async function buildCalendar(options: CalendarCliOptions, warnMissingYear = true): Promise<{ calendar: ProductionCalendar; source: CalendarSource }> {
  const source = await readCalendarSource(options);
  try {
    const calendar = calendarFromStore(source.stored, {
      zone: options.zone ?? process.env.POTOK_TZ ?? DEFAULT_ZONE,
      workdayStart: options.workdayStart ?? source.workday?.start,
      workdayEnd: options.workdayEnd ?? source.workday?.end,
      onMissingYear: warnMissingYear
        ? (year) => process.stderr.write(`potok: warning: no production calendar for ${year}; Monday–Friday working days are used\n`)
        : undefined,
    });
    return { calendar, source };
  } catch (err) {
    throw err instanceof CalendarError ? new BadInputError(err.message) : err;
  }
}

function parseMoment(value: string, zone: string): Millis {
  const looksIso = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/.test(value);
  const parsed = looksIso ? DateTime.fromISO(value.replace(' ', 'T'), { zone }) : undefined;
  if (!parsed?.isValid) {
    throw new BadInputError(`the time must be ISO 8601, e.g. 2026-12-30T10:00 or 2026-12-30T10:00+03:00, got "${value}"`);
  }
  return parsed.toMillis();
}

function parseWholeNumber(value: string, what: string): number {
  if (!/^[+-]?\d+$/.test(value)) throw new BadInputError(`${what} must be a whole number, got "${value}"`);
  return Number(value);
}

function parseNumber(value: string, what: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new BadInputError(`${what} must be a number, got "${value}"`);
  return n;
}

function formatInstant(ms: Millis, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true }) ?? String(ms);
}

function weekdayNote(date: string, shortened: readonly string[]): string {
  const day = DateTime.fromISO(date, { zone: 'utc' });
  const notes = [day.weekday >= 6 ? day.toFormat('ccc', { locale: 'en' }) : '', shortened.includes(date) ? 'shortened' : '']
    .filter(Boolean);
  return notes.length > 0 ? `${date} (${notes.join(', ')})` : date;
}

/** Consecutive dates as one range: 2027-01-01 – 2027-01-10. */
function compactRanges(dates: readonly string[]): string[] {
  const ranges: string[][] = [];
  for (const date of dates) {
    const last = ranges.at(-1);
    const previous = last ? DateTime.fromISO(last[last.length - 1], { zone: 'utc' }) : undefined;
    if (last && previous && previous.plus({ days: 1 }).toISODate() === date) last.push(date);
    else ranges.push([date]);
  }
  return ranges.map((r) => (r.length === 1 ? r[0] : `${r[0]} – ${r[r.length - 1]} (${r.length} days)`));
}

function printYear(norm: YearNorm, calendar: ProductionCalendar, from: CalendarSource): void {
  const source = effectiveYears(from.stored).find((y) => y.year === norm.year)?.source;
  const corrections = (from.stored.corrections ?? []).filter((c) => c.date.startsWith(`${norm.year}-`));
  if (from.from) out(`Read from ${from.from}: ${corrections.length} day correction(s) in ${norm.year}`);
  if (!norm.hasData) {
    out(`${norm.year}: no production-calendar data — Monday–Friday working days are used (fallback).`);
    out('Import the year from an xmlcalendar file or add it, so that holidays are known.');
  } else {
    out(`Production calendar ${norm.year}${source ? ` (${source})` : ''}`);
  }
  out(`Zone ${calendar.zone}, working day ${calendar.workdayStart}–${calendar.workdayEnd} (one hour shorter on shortened days)`);
  out();
  out(`Days off besides ordinary weekends: ${norm.daysOff.length}`);
  for (const range of compactRanges(norm.daysOff)) out(`  ${range}`);
  out(`Shortened days (one hour shorter): ${norm.shortenedDays.length}`);
  for (const date of norm.shortenedDays) out(`  ${weekdayNote(date, [])}`);
  out(`Working weekend days: ${norm.workingWeekendDays.length}`);
  for (const date of norm.workingWeekendDays) out(`  ${weekdayNote(date, norm.shortenedDays)}`);
  out();
  out(`Working days: ${norm.workingDays} of ${norm.calendarDays} calendar days (${norm.nonWorkingDays} days off in all)`);
  out(`Hours norm (40-hour week, 8 h a day, 7 h on a shortened day): ${norm.hoursNorm}`);
}

function withCalendarOptions(command: Command): Command {
  return command
    .option('--zone <iana>', 'time zone (default: POTOK_TZ or Europe/Moscow)')
    .option('--workday-start <HH:MM>', "start of the working day (default: the admin's setting, else POTOK_WORKDAY_START or 09:00)")
    .option('--workday-end <HH:MM>', "end of the working day (default: the admin's setting, else POTOK_WORKDAY_END or 18:00)")
    .option('--database-url <url>', 'postgres://… (env DATABASE_URL; default: SQLite in the data directory)')
    .option('--data-dir <dir>', 'data directory (env POTOK_DATA_DIR; default ./data)')
    .option('--shipped-only', "ignore the installation's imported years, corrections and working day");
}

function arithmetic(
  compute: (calendar: ProductionCalendar, at: Millis, amount: string) => Millis,
): (at: string, amount: string | CalendarCliOptions, options?: CalendarCliOptions) => Promise<void> {
  return async (at, amount, options) => {
    const opts = (typeof amount === 'string' ? options : amount) ?? {};
    const { calendar } = await buildCalendar(opts);
    try {
      out(formatInstant(compute(calendar, parseMoment(at, calendar.zone), typeof amount === 'string' ? amount : ''), calendar.zone));
    } catch (err) {
      throw err instanceof CalendarError ? new BadInputError(err.message) : err;
    }
  };
}

export function registerCalendarCommand(program: Command, _setExitCode: SetExitCode): void {
  const calendar = program.command('calendar').description('the production calendar and working-time arithmetic');

  withCalendarOptions(calendar.command('show').argument('<year>', 'a year, e.g. 2027'))
    .option('--json', 'print the year as JSON')
    .description("print a year's days off, shortened and working weekend days, working-day count and hours norm")
    .action(async (yearText: string, options: CalendarCliOptions & { json?: boolean }) => {
      if (!/^\d{4}$/.test(yearText)) throw new BadInputError(`the year must be four digits, e.g. 2027, got "${yearText}"`);
      const { calendar: cal, source } = await buildCalendar(options, false);
      let norm: YearNorm;
      try {
        norm = cal.yearNorm(Number(yearText));
      } catch (err) {
        throw err instanceof CalendarError ? new BadInputError(err.message) : err;
      }
      if (options.json) out(JSON.stringify(norm, null, 2));
      else printYear(norm, cal, source);
    });

  withCalendarOptions(calendar.command('add-working-days').argument('<time>', 'ISO time, e.g. 2026-12-30T10:00').argument('<days>', 'working days'))
    .description('the same local time on the N-th working day after the date of <time>')
    .action(arithmetic((cal, at, days) => cal.addWorkingDays(at, parseWholeNumber(days, 'days'))));

  withCalendarOptions(calendar.command('add-working-minutes').argument('<time>', 'ISO time').argument('<minutes>', 'working minutes'))
    .description('N working minutes from <time>, counting only working hours of working days')
    .action(arithmetic((cal, at, minutes) => cal.addWorkingMinutes(at, parseNumber(minutes, 'minutes'))));

  withCalendarOptions(calendar.command('add-working-hours').argument('<time>', 'ISO time').argument('<hours>', 'working hours'))
    .description('N working hours from <time>')
    .action(arithmetic((cal, at, hours) => cal.addWorkingMinutes(at, parseNumber(hours, 'hours') * 60)));

  withCalendarOptions(calendar.command('next-working-day').argument('<time>', 'ISO time'))
    .description('the start of the first working day after the date of <time>')
    .action(arithmetic((cal, at) => cal.nextWorkingDay(at)));
}
