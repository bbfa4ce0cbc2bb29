import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { Driver, MONDAY_10, compileFixture } from './support/engine-driver.ts';
import { stubFeelFunctions } from './support/weekday-calendar.ts';

const moscow = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Moscow' }).toMillis();

describe('intermediate timer catch events (timer-catch.bpmn)', () => {
  it('given durations, dates and FEEL, when each timer is armed, then its due time is computed once, at activation', async () => {
    const d = new Driver(await compileFixture('timer-catch.bpmn'));
    d.feelFunctions = stubFeelFunctions;
    d.run({ kind: 'start', instanceId: 'i1', definitionKey: 'k', variables: { meetingAt: '2025-03-05T14:00:00', days: 1 } });
    expect(d.timer('wait_15m').dueAt).toBe(MONDAY_10 + 15 * 60_000);
    d.fire('wait_15m');
    expect(d.timer('until_meeting').dueAt).toBe(moscow('2025-03-05T14:00:00'));
    d.fire('until_meeting');
    expect(d.timer('fixed_date').dueAt).toBe(moscow('2025-03-10T09:00:00'));
    d.fire('fixed_date');
    expect(d.timer('feel_duration').dueAt).toBe(moscow('2025-03-11T09:00:00'));
    d.fire('feel_duration'); // Tuesday 09:00: two working days on is Thursday 09:00
    expect(d.timer('working_days').dueAt).toBe(moscow('2025-03-13T09:00:00'));
    d.fire('working_days');
    expect(d.status).toBe('completed');
    expect(d.of('timer.armed', d.allEffects)).toHaveLength(5);
  });

  it('given a timer date variable that is missing, when the timer is armed, then an incident says why; after fixing it, resolving arms the timer', async () => {
    const d = await Driver.of('timer-catch.bpmn', { days: 1 });
    d.fire('wait_15m');
    const [incident] = d.incidents();
    expect(incident).toMatchObject({ type: 'EXTRACT_VALUE_ERROR', elementId: 'until_meeting', message: 'until_meeting: the timer date null is not a date-time' });
    d.run({ kind: 'setVariables', variables: { meetingAt: '2025-03-05T14:00:00+03:00' } });
    d.run({ kind: 'resolveIncident', incidentId: incident.id });
    expect(d.timer('until_meeting').dueAt).toBe(moscow('2025-03-05T14:00:00'));
  });

  it('given a working-time function the caller did not provide, when the timer is armed, then an incident names the call', async () => {
    const d = await Driver.of('timer-catch.bpmn', { meetingAt: '2025-03-05T14:00:00', days: 1 });
    for (const t of ['wait_15m', 'until_meeting', 'fixed_date', 'feel_duration']) d.fire(t);
    expect(d.incidents()[0].type).toBe('EXTRACT_VALUE_ERROR');
    expect(d.incidents()[0].message).toContain('add working days');
  });
});
