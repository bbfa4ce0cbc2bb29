import { describe, expect, it } from 'vitest';
import { Driver } from './support/engine-driver.ts';

describe('terminate end events (terminate.bpmn)', () => {
  it('given a terminate end inside a sub-process, when reached, then only the sub-process inner tokens end and the process goes on', async () => {
    const d = await Driver.of('terminate.bpmn');
    d.completeTask('check_a');
    expect(d.of('userTask.ended').map((e) => [e.elementId, e.reason])).toEqual([['check_a', 'completed'], ['check_b', 'interrupted']]);
    expect(d.active()).toEqual(['after_checks', 'prepare', 'refuse', 'terminate_end']);
  });

  it('given a terminate end at the top, when reached, then every other token ends and the instance is terminated', async () => {
    const d = await Driver.of('terminate.bpmn');
    d.completeTask('refuse');
    expect(d.status).toBe('terminated');
    expect(d.of('userTask.ended').map((e) => [e.elementId, e.reason]).sort()).toEqual([
      ['check_a', 'interrupted'], ['check_b', 'interrupted'], ['prepare', 'interrupted'], ['refuse', 'completed'],
    ]);
    expect(d.of('instance.ended')).toEqual([{ kind: 'instance.ended', status: 'terminated', endEventId: 'stop' }]);
    expect(d.s.elements).toEqual({});
  });
});
