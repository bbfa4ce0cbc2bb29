import { describe, expect, it } from 'vitest';
import { Driver } from './support/engine-driver.ts';

describe('sub-process variable scope and io mappings (io-mapping.bpmn)', () => {
  it('given input mappings, when the sub-process starts, then its local variables are visible inside only', async () => {
    const d = await Driver.of('io-mapping.bpmn', { price: 100 });
    const sub = d.instanceOf('offer');
    expect(d.s.variables[sub]).toEqual({ draftPrice: 200, status: 'draft' });
    expect(d.of('userTask.created')[0].task.variables).toEqual({ price: 100, draftPrice: 200, status: 'draft' });
  });

  it('given a task inside, when completed, then a variable of the sub-process scope is updated there and a new one goes to the process', async () => {
    const d = await Driver.of('io-mapping.bpmn', { price: 100 });
    const sub = d.instanceOf('offer');
    d.completeTask('adjust', { draftPrice: 250, comment: 'discount' });
    // the sub-process completed: its output mapping carried draftPrice out as finalPrice
    expect(d.s.variables[sub]).toBeUndefined();
    expect(d.vars()).toEqual({ price: 100, comment: 'discount', finalPrice: 250 });
  });

  it('given a sub-process scope, when setVariables names it, then the variable is set there locally', async () => {
    const d = await Driver.of('io-mapping.bpmn', { price: 100 });
    const sub = d.instanceOf('offer');
    d.run({ kind: 'setVariables', scopeId: sub, variables: { draftPrice: 1 } });
    d.completeTask('adjust');
    expect(d.vars()).toMatchObject({ finalPrice: 1 });
    expect(() => d.run({ kind: 'setVariables', scopeId: sub, variables: { x: 1 } })).toThrow(expect.objectContaining({ code: 'ELEMENT_INSTANCE_NOT_FOUND' }));
  });
});
