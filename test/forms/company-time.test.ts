/**
 * Task forms' date-time fields in the company's time whatever the browser's zone: the
 * value form-js gets has the company's wall time in the browser's offset, and what it
 * writes back gets the company's offset again (web/src/form/company-time.ts).
 */
import { describe, expect, it } from 'vitest';
import { browserToCompany, companyToBrowser, dateTimeKeys, valuesForForm, valuesFromForm } from '../../web/src/form/company-time.ts';

/** The offset of this process's zone at a local wall time, as the browser would give it. */
function localOffset(y: number, mo: number, d: number, h: number, mi: number): string {
  const minutes = -new Date(y, mo - 1, d, h, mi).getTimezoneOffset();
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

const SCHEMA = {
  components: [
    { type: 'datetime', subtype: 'datetime', key: 'meetingAt' },
    { type: 'datetime', subtype: 'date', key: 'day' },
    { type: 'group', path: 'inner', components: [{ type: 'datetime', subtype: 'datetime', key: 'end' }] },
    { type: 'textfield', key: 'meetingPlace' },
  ],
};

describe('company time in task forms', () => {
  it('given a meeting at 11:00 Moscow time, when put into the form, then the form gets 11:00 in the browser\'s offset', () => {
    expect(companyToBrowser('2026-12-07T11:00:00+03:00')).toBe(`2026-12-07T11:00:00${localOffset(2026, 12, 7, 11, 0)}`);
    expect(companyToBrowser('2026-12-07T11:00+03:00')).toBe(`2026-12-07T11:00:00${localOffset(2026, 12, 7, 11, 0)}`);
  });

  it('given what form-js writes in any offset, when sent, then the wall time is kept with the company\'s offset', () => {
    expect(browserToCompany('2026-12-07T11:00+05:00', '+03:00')).toBe('2026-12-07T11:00:00+03:00');
    expect(browserToCompany('2026-12-07T11:00:00Z', '+03:00')).toBe('2026-12-07T11:00:00+03:00');
    expect(browserToCompany('2026-12-07T11:00:30.000-04:00', '+03:00')).toBe('2026-12-07T11:00:30+03:00');
  });

  it('given a schema, then only date-time fields (also in groups with a path) are converted, and other values pass through', () => {
    expect(dateTimeKeys(SCHEMA)).toEqual(['meetingAt', 'inner.end']);
    const values = { meetingAt: '2026-12-07T11:00:00+03:00', day: '2026-12-07', inner: { end: '2026-12-07T12:00:00+03:00' }, meetingPlace: 'Офис' };
    const shown = valuesForForm(SCHEMA, values);
    expect(shown).toMatchObject({ day: '2026-12-07', meetingPlace: 'Офис' });
    expect(String(shown.meetingAt).slice(0, 19)).toBe('2026-12-07T11:00:00');
    expect(valuesFromForm(SCHEMA, shown, '+03:00')).toEqual(values);
    expect(values.inner.end).toBe('2026-12-07T12:00:00+03:00'); // the input is not changed in place
    expect(valuesForForm(SCHEMA, { meetingAt: null })).toEqual({ meetingAt: null });
  });
});
