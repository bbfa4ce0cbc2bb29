import { describe, expect, it } from 'vitest';
import { diffState } from '../../src/engine/index.ts';
import { Driver } from './support/engine-driver.ts';

describe('diffState: what the runtime writes after a command', () => {
  it('given a start, when diffed against nothing, then every element, scope and wait is new', async () => {
    const d = await Driver.of('subprocess-timer.bpmn');
    const diff = diffState(null, d.s);
    expect(diff.instanceChanged).toBe(true);
    expect(diff.elementsUpserted.map((e) => e.elementId).sort()).toEqual(['collect', 'cooldown', 'documents', 'subprocess_timer', 'verify']);
    expect(diff.waitsAdded.map((w) => w.elementId).sort()).toEqual(['cooldown', 'deadline']);
    expect(diff.variables.map((v) => v.scopeId).sort()).toEqual(['1', d.instanceOf('documents')]);
  });

  it('given one task completed, when diffed, then only what changed is reported and untouched element instances keep their identity', async () => {
    const d = await Driver.of('subprocess-timer.bpmn', { deal: 'D-1' });
    const before = d.s;
    d.completeTask('collect', { docs: 3 });
    const diff = diffState(before, d.s);
    expect(diff.elementsRemoved).toEqual([before.elements[Object.keys(before.elements).find((k) => before.elements[k].elementId === 'collect')!].id]);
    expect(diff.elementsUpserted.map((e) => e.elementId)).toEqual(['doc_join']);
    expect(diff.variables).toEqual([{ scopeId: '1', set: { docs: 3 }, removed: [] }]);
    expect(diff.waitsAdded).toEqual([]);
    expect(diff.waitsRemoved).toEqual([]);
    expect(d.s.elements[d.instanceOf('verify')]).toBe(before.elements[d.instanceOf('verify')]);
  });

  it('given the deadline fired, when diffed, then the removed scope, elements and waits are listed', async () => {
    const d = await Driver.of('subprocess-timer.bpmn');
    const before = d.s;
    const sub = d.instanceOf('documents');
    d.fire('deadline');
    const diff = diffState(before, d.s);
    expect(diff.scopesRemoved).toEqual([sub]);
    expect([...diff.waitsRemoved].sort()).toEqual(Object.keys(before.waits).sort());
    expect(diff.elementsUpserted.map((e) => e.elementId)).toEqual(['escalate']);
  });
});
