import { describe, expect, it } from 'vitest';
import { Driver } from './support/engine-driver.ts';

describe('a parallel join counts tokens per incoming flow (join-tokens.bpmn)', () => {
  it('given two tokens on one incoming flow, when the other flow brings one, then the join fires once and keeps the extra token', async () => {
    const d = await Driver.of('join-tokens.bpmn');
    d.completeTask('fast'); // two tokens reach the join on from_fast
    const join = Object.values(d.s.elements).find((e) => e.elementId === 'join')!;
    expect(join.data).toEqual({ arrived: { from_fast: 2 } });
    d.completeTask('slow');
    expect(d.of('userTask.created').map((e) => e.task.elementId)).toEqual(['after']);
    const left = Object.values(d.s.elements).filter((e) => e.elementId === 'join');
    expect(left.map((e) => e.data)).toEqual([{ arrived: { from_fast: 1 } }]);
    d.completeTask('after');
    expect(d.status).toBe('active'); // the extra token still waits at the join, as in Zeebe
  });
});
