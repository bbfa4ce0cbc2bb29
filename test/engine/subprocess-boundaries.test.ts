import { describe, expect, it } from 'vitest';
import { Driver, MONDAY_10 } from './support/engine-driver.ts';

const HOUR = 3_600_000;

describe('non-interrupting timer and interrupting message on a sub-process (subprocess-boundaries.bpmn)', () => {
  it('given the sub-process and its task both carry properties, when entered, then each is announced before its own effects', async () => {
    const d = await Driver.of('subprocess-boundaries.bpmn', { dealId: 'D-9' });
    expect(d.of('scope.entered').map((e) => [e.elementId, e.properties.stage])).toEqual([['negotiation', 'negotiation'], ['talk', 'terms']]);
    const kinds = d.effects.map((e) => e.kind);
    expect(kinds.indexOf('scope.entered')).toBeLessThan(kinds.indexOf('timer.armed'));
    expect(kinds.lastIndexOf('scope.entered')).toBeLessThan(kinds.indexOf('userTask.created'));
  });

  it('given a reminder cycle on the sub-process, when it fires twice, then two notifications go out and the negotiation goes on', async () => {
    const d = await Driver.of('subprocess-boundaries.bpmn', { dealId: 'D-9' });
    d.fire('nudge');
    expect(d.timer('nudge').dueAt).toBe(MONDAY_10 + 2 * HOUR);
    d.fire('nudge');
    expect(d.timers().filter((t) => t.elementId === 'nudge')).toEqual([]);
    expect(d.of('job.created', d.allEffects).map((e) => e.job.type)).toEqual(['notify-manager', 'notify-manager']);
    expect(d.active()).toContain('talk');
  });

  it('given the deal is lost, when the message arrives, then the inner task ends as interrupted and the reminder is cancelled', async () => {
    const d = await Driver.of('subprocess-boundaries.bpmn', { dealId: 'D-9' });
    const reminder = d.timer('nudge').id;
    expect(d.message('lost').correlationKey).toBe('D-9');
    d.correlate('lost', { reason: 'price' });
    expect(d.of('userTask.ended').map((e) => [e.elementId, e.reason])).toEqual([['talk', 'interrupted']]);
    expect(d.of('timer.cancelled')).toEqual([{ kind: 'timer.cancelled', timerId: reminder }]);
    expect(d.of('instance.ended')[0].endEventId).toBe('lost_end');
    expect(d.vars()).toMatchObject({ reason: 'price' });
  });
});
