import { describe, expect, it } from 'vitest';
import { Driver } from './support/engine-driver.ts';

describe('parallel fork and join in a loop (parallel-loop.bpmn)', () => {
  it('given the fork, when one branch finishes, then the join waits for the other', async () => {
    const d = await Driver.of('parallel-loop.bpmn');
    expect(d.active()).toEqual(['draft', 'parallel_loop', 'price']);
    d.completeTask('draft');
    expect(d.active()).toEqual(['join', 'parallel_loop', 'price']);
    d.completeJob('price');
    expect(d.active()).toEqual(['parallel_loop', 'review']);
  });

  it('given a loop back to the fork, when it goes round three times, then the join waits for both branches every time', async () => {
    const d = await Driver.of('parallel-loop.bpmn');
    for (let round = 1; round <= 3; round++) {
      d.completeJob('price');
      expect(d.active()).toEqual(['draft', 'join', 'parallel_loop']);
      d.completeTask('draft');
      d.completeTask('review', { again: round < 3 });
    }
    expect(d.status).toBe('completed');
    const reviews = d.of('userTask.created', d.allEffects).filter((e) => e.task.elementId === 'review');
    expect(reviews).toHaveLength(3);
  });
});
