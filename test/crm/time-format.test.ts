/**
 * The API's instants: the fast formatter gives luxon's text for every instant, zone and
 * offset change it meets — summer time, half-hour zones, dates before 1970 and far ahead.
 */
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { fromIso, toIso } from '../../src/crm/time-format.ts';

const luxon = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });
const ZONES = ['Europe/Moscow', 'Asia/Vladivostok', 'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Asia/Gaza', 'UTC', 'Etc/GMT+3', 'Europe/London'];

describe('toIso', () => {
  it('given the company zone Moscow, when an instant is formatted, then it has the +03:00 offset and milliseconds only when there are any', () => {
    expect(toIso(Date.parse('2026-03-03T07:00:00Z'), 'Europe/Moscow')).toBe('2026-03-03T10:00:00+03:00');
    expect(toIso(Date.parse('2026-03-03T07:00:00.250Z'), 'Europe/Moscow')).toBe('2026-03-03T10:00:00.250+03:00');
    expect(toIso(null, 'Europe/Moscow')).toBeNull();
    expect(toIso(undefined, 'Europe/Moscow')).toBeNull();
  });

  it('given many zones and instants around offset changes, when formatted, then the text is luxon\'s', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const instants: number[] = [0, -1, 1, Date.parse('2011-03-27T01:59:59.999Z'), Date.parse('2014-10-25T22:00:00Z'), Date.parse('1919-07-01T00:00:00Z')];
    for (let i = 0; i < 3000; i++) instants.push(Math.floor((random() * 2 - 0.6) * 4_000_000_000_000));
    for (const zone of ZONES) {
      // Every minute of a day with a change (Berlin, New York, London: last Sunday of March/October or second Sunday of March).
      for (const day of ['2026-03-29T00:00:00Z', '2026-10-25T00:00:00Z', '2026-03-08T00:00:00Z', '2026-11-01T00:00:00Z', '2026-04-05T00:00:00Z']) {
        for (let m = 0; m < 26 * 60; m += 7) instants.push(Date.parse(day) + m * 60_000 + (m % 3) * 1000);
      }
      for (const at of instants) expect(toIso(at, zone), `${zone} ${at}`).toBe(luxon(at, zone));
    }
  });

  it('given years outside 0–9999 or an unknown zone, when formatted, then it says what luxon says', () => {
    expect(toIso(-70_000_000_000_000, 'Europe/Moscow')).toBe(luxon(-70_000_000_000_000, 'Europe/Moscow'));
    expect(toIso(300_000_000_000_000, 'Europe/Moscow')).toBe(luxon(300_000_000_000_000, 'Europe/Moscow'));
    expect(toIso(0, 'Nowhere/Nothing')).toBe(luxon(0, 'Nowhere/Nothing'));
  });

  it('given the text it wrote, when read back, then it is the same instant', () => {
    const at = Date.parse('2026-07-01T12:34:56.789Z');
    expect(fromIso(toIso(at, 'Asia/Vladivostok')!, 'Europe/Moscow')).toBe(at);
  });
});
