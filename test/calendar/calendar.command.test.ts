import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { potok } from '../support/run-potok.ts';
import { openDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { AdminSettingsService } from '../../src/crm/admin/admin-settings.service.ts';
import { CompanySettingsService } from '../../src/crm/admin/company-settings.service.ts';
import { SettingsRepository } from '../../src/crm/settings/settings.repository.ts';
import { systemClock } from '../../src/crm/clock.ts';
import { SYSTEM_ACTOR } from '../../src/crm/roles.ts';

describe('potok calendar', () => {
  const savedZone = process.env.POTOK_TZ;
  const savedDataDir = process.env.POTOK_DATA_DIR;
  const emptyDir = mkdtempSync(path.join(tmpdir(), 'potok-cal-none-'));
  beforeAll(() => {
    process.env.POTOK_DATA_DIR = emptyDir; // no installation: the shipped calendar (a ./data of a dev checkout must not count)
  });
  afterAll(() => {
    if (savedDataDir === undefined) delete process.env.POTOK_DATA_DIR;
    else process.env.POTOK_DATA_DIR = savedDataDir;
    rmSync(emptyDir, { recursive: true, force: true });
  });
  afterEach(() => {
    if (savedZone === undefined) delete process.env.POTOK_TZ;
    else process.env.POTOK_TZ = savedZone;
  });

  it('given show 2027, then it prints the days off, shortened and working weekend days, 247 days and 1972 hours', async () => {
    delete process.env.POTOK_TZ;
    const { code, stdout } = await potok('calendar', 'show', '2027');
    expect(code).toBe(0);
    expect(stdout).toContain('2027-01-01 – 2027-01-10 (10 days)');
    expect(stdout).toContain('2027-11-04 – 2027-11-07 (4 days)');
    expect(stdout).toMatch(/Shortened days \(one hour shorter\): 4/);
    expect(stdout).toContain('2027-02-20 (Sat, shortened)');
    expect(stdout).toMatch(/Working days: 247 of 365/);
    expect(stdout).toMatch(/Hours norm .*: 1972/);
  });

  it('given show 2028 (no data), then it says that the Monday–Friday fallback is used', async () => {
    const { code, stdout } = await potok('calendar', 'show', '2028');
    expect(code).toBe(0);
    expect(stdout).toMatch(/2028: no production-calendar data — Monday–Friday/);
    expect(stdout).toMatch(/Working days: 260 of 366/);
  });

  it('given show --json, then the year is printed as JSON', async () => {
    const { stdout } = await potok('calendar', 'show', '2026', '--json');
    expect(JSON.parse(stdout)).toMatchObject({ year: 2026, workingDays: 247, hoursNorm: 1972, hasData: true });
  });

  it.each([
    [['add-working-days', '2026-12-30T10:00', '2'], '2027-01-12T10:00:00+03:00'],
    [['add-working-days', '2026-12-30T10:00+03:00', '1'], '2027-01-11T10:00:00+03:00'],
    [['add-working-days', '2027-01-11T10:00', '-1'], '2026-12-30T10:00:00+03:00'],
    [['add-working-minutes', '2026-12-29T17:50', '30'], '2026-12-30T09:20:00+03:00'],
    [['add-working-minutes', '2026-12-29T17:30', '30'], '2026-12-29T18:00:00+03:00'],
    [['add-working-hours', '2026-12-29T17:00', '2'], '2026-12-30T10:00:00+03:00'],
    [['next-working-day', '2026-12-30'], '2027-01-11T09:00:00+03:00'],
    [['add-working-days', '2026-12-30T10:00', '2', '--zone', 'Asia/Yekaterinburg'], '2027-01-12T10:00:00+05:00'],
  ])('given calendar %j, then it prints %s', async (args, expected) => {
    delete process.env.POTOK_TZ;
    const { code, stdout } = await potok('calendar', ...args);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(expected);
  });

  it('given POTOK_TZ, then a time without an offset is local there and the answer carries its offset', async () => {
    process.env.POTOK_TZ = 'Asia/Yekaterinburg';
    const { stdout } = await potok('calendar', 'add-working-minutes', '2026-12-29T17:50', '30');
    expect(stdout.trim()).toBe('2026-12-30T09:20:00+05:00');
  });

  it('given a computation that reaches 2028, then a warning names the missing year', async () => {
    delete process.env.POTOK_TZ;
    const { code, stdout, stderr } = await potok('calendar', 'next-working-day', '2027-12-30T10:00');
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('2028-01-03T09:00:00+03:00');
    expect(stderr).toMatch(/no production calendar for 2028/);
  });

  it.each([
    [['show', '20x'], /year must be four digits/],
    [['show', '0999'], /four-digit year/],
    [['add-working-days', 'tomorrow', '2'], /must be ISO 8601/],
    [['add-working-days', '2026-02-30T10:00', '2'], /must be ISO 8601/],
    [['add-working-days', '2026-12-30T10:00', '1.5'], /days must be a whole number/],
    [['add-working-minutes', '2026-12-30T10:00', 'soon'], /minutes must be a number/],
    [['add-working-days', '2026-12-30T10:00', '2', '--zone', 'Mars/Base'], /IANA time zone/],
    [['add-working-days', '2026-12-30T10:00', '2', '--workday-start', '9'], /workdayStart must be a clock time/],
    [['add-working-days', '2026-12-30T10:00'], /missing required argument/],
  ])('given calendar %j, then it exits with 2 and says why', async (args, message) => {
    const { code, stderr } = await potok('calendar', ...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('given no installation in the data directory, then nothing is created there', async () => {
    await potok('calendar', 'show', '2027');
    expect(readdirSync(emptyDir)).toEqual([]);
  });

  it('given POTOK_WORKDAY_START/END and no installation, then they are the working day, as for the server; a bad one is refused naming it', async () => {
    delete process.env.POTOK_TZ;
    process.env.POTOK_WORKDAY_START = '10:00';
    process.env.POTOK_WORKDAY_END = '19:00';
    try {
      expect((await potok('calendar', 'next-working-day', '2026-12-30')).stdout.trim()).toBe('2027-01-11T10:00:00+03:00');
      expect((await potok('calendar', 'next-working-day', '2026-12-30', '--shipped-only')).stdout.trim()).toBe('2027-01-11T10:00:00+03:00');
      process.env.POTOK_WORKDAY_START = '25:00';
      const bad = await potok('calendar', 'next-working-day', '2026-12-30');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/POTOK_WORKDAY_START/);
    } finally {
      delete process.env.POTOK_WORKDAY_START;
      delete process.env.POTOK_WORKDAY_END;
    }
  });

  describe('given an installation whose admin corrected a day and changed the working day', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'potok-cal-store-'));
    beforeAll(async () => {
      const database = openDatabase({ dataDir });
      await migrateToLatest(database);
      const settings = new SettingsRepository(database.db);
      await new AdminSettingsService(database.db, settings, systemClock).putCorrection(SYSTEM_ACTOR, { date: '2027-01-11', kind: 'off', note: 'company day off' });
      await new CompanySettingsService(settings, systemClock, { start: '09:00', end: '18:00' }).putWorkday(SYSTEM_ACTOR, { workdayStart: '10:00', workdayEnd: '19:00' });
      await database.close();
    });
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('then arithmetic uses the stored correction and working day, as the server does', async () => {
      delete process.env.POTOK_TZ;
      expect((await potok('calendar', 'next-working-day', '2026-12-30', '--data-dir', dataDir)).stdout.trim()).toBe('2027-01-12T10:00:00+03:00');
      expect((await potok('calendar', 'add-working-days', '2026-12-30T10:00', '1', '--data-dir', dataDir)).stdout.trim()).toBe('2027-01-12T10:00:00+03:00');
    });

    it('then show says where it read the calendar from and counts the corrected day', async () => {
      const { code, stdout } = await potok('calendar', 'show', '2027', '--data-dir', dataDir);
      expect(code).toBe(0);
      expect(stdout).toContain(`Read from the database ${path.join(dataDir, 'potok.db')}: 1 day correction(s) in 2027`);
      expect(stdout).toContain('working day 10:00–19:00');
      expect(stdout).toMatch(/Working days: 246 of 365/);
    });

    it('then --shipped-only and options given on the command line win', async () => {
      expect((await potok('calendar', 'next-working-day', '2026-12-30', '--data-dir', dataDir, '--shipped-only')).stdout.trim()).toBe('2027-01-11T09:00:00+03:00');
      expect((await potok('calendar', 'next-working-day', '2026-12-30', '--data-dir', dataDir, '--workday-start', '08:00', '--workday-end', '17:00')).stdout.trim()).toBe('2027-01-12T08:00:00+03:00');
    });
  });
});
