/** The working day an admin or the environment gives: checked before it reaches a calendar. */
import { describe, expect, it } from 'vitest';
import { createWorkingCalendar, workdayProblems } from '../../src/calendar/index.ts';
import { workdayFromEnv, WorkdayConfigError } from '../../src/crm/admin/company-settings.service.ts';

describe('the working day setting', () => {
  it('given usable hours, then there is no problem and a calendar builds from them', () => {
    expect(workdayProblems('10:00', '19:00')).toEqual([]);
    expect(createWorkingCalendar({ workdayStart: '10:00', workdayEnd: '19:00' }).workdayEnd).toBe('19:00');
  });

  it('given bad hours, then each problem names its field', () => {
    expect(workdayProblems('9:00', '18:00')).toEqual([{ field: 'workdayStart', message: expect.stringMatching(/HH:MM/) }]);
    expect(workdayProblems('09:00', '24:00')).toEqual([{ field: 'workdayEnd', message: expect.stringMatching(/HH:MM/) }]);
    expect(workdayProblems(undefined, 7)).toHaveLength(2);
    expect(workdayProblems('18:00', '18:00')).toEqual([{ field: 'workdayEnd', message: expect.stringMatching(/after workdayStart/) }]);
    // A shortened day is one hour shorter and must keep some working time.
    expect(workdayProblems('09:00', '10:00')).toEqual([{ field: 'workdayEnd', message: expect.stringMatching(/longer than one hour/) }]);
    expect(workdayProblems('09:00', '10:01')).toEqual([]);
  });

  it('given POTOK_WORKDAY_START/END, then they are the default; bad values are refused naming the variable', () => {
    expect(workdayFromEnv({})).toEqual({ start: '09:00', end: '18:00' });
    expect(workdayFromEnv({ POTOK_WORKDAY_START: '08:30', POTOK_WORKDAY_END: '17:30' })).toEqual({ start: '08:30', end: '17:30' });
    expect(() => workdayFromEnv({ POTOK_WORKDAY_END: '8pm' })).toThrow(WorkdayConfigError);
    expect(() => workdayFromEnv({ POTOK_WORKDAY_START: '19:00' })).toThrow(/POTOK_WORKDAY_END/);
  });
});
