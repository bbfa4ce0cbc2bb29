import { describe, expect, it } from 'vitest';
import { Driver, MONDAY_10 } from './support/engine-driver.ts';

const HOUR = 3_600_000;

describe('sub-process with an interrupting boundary timer (subprocess-timer.bpmn)', () => {
  it('given the sub-process, when entered, then its stage is announced and three parallel inner tokens wait, and the deadline is armed once', async () => {
    const d = await Driver.of('subprocess-timer.bpmn');
    expect(d.of('scope.entered')).toEqual([{ kind: 'scope.entered', elementInstanceId: d.instanceOf('documents'), elementId: 'documents', properties: { stage: 'documents' } }]);
    expect(d.active()).toEqual(['collect', 'cooldown', 'documents', 'subprocess_timer', 'verify']);
    expect(d.timer('deadline').dueAt).toBe(MONDAY_10 + 48 * HOUR);
    expect(d.timer('cooldown').dueAt).toBe(MONDAY_10 + HOUR / 2);
  });

  it('given parallel inner tokens, when the deadline fires, then everything inside is cancelled with effects and the escalation starts', async () => {
    const d = await Driver.of('subprocess-timer.bpmn');
    d.completeTask('collect'); // one token already waits at the inner join
    const cooldown = d.timer('cooldown').id;
    const verify = d.instanceOf('verify');
    d.fire('deadline');
    expect(d.active()).toEqual(['escalate', 'subprocess_timer']);
    expect(d.of('job.cancelled')).toEqual([{ kind: 'job.cancelled', elementInstanceId: verify }]);
    expect(d.of('timer.cancelled')).toEqual([{ kind: 'timer.cancelled', timerId: cooldown }]);
    const terminated = d.effects.flatMap((e) => (e.kind === 'history' && e.event.kind === 'element.terminated' ? [e.event.elementId] : []));
    expect(terminated.sort()).toEqual(['cooldown', 'doc_join', 'documents', 'verify']);
    expect(Object.keys(d.s.variables)).toEqual(['1']); // the sub-process scope is gone
    d.completeTask('escalate');
    expect(d.of('instance.ended')[0]).toEqual({ kind: 'instance.ended', status: 'completed', endEventId: 'end_escalated' });
  });

  it('given every inner branch done before the deadline, when the sub-process completes, then the deadline timer is cancelled', async () => {
    const d = await Driver.of('subprocess-timer.bpmn');
    const deadline = d.timer('deadline').id;
    d.completeTask('collect');
    d.completeJob('verify');
    d.fire('cooldown');
    expect(d.of('timer.cancelled')).toEqual([{ kind: 'timer.cancelled', timerId: deadline }]);
    expect(d.active()).toEqual(['sign', 'subprocess_timer']);
  });
});
