import { describe, expect, it } from 'vitest';
import { Driver, compileFixture } from './support/engine-driver.ts';
import { stubFeelFunctions } from './support/weekday-calendar.ts';

async function show(now?: number) {
  const d = new Driver(await compileFixture('feel-builtins.bpmn'), now);
  d.feelFunctions = stubFeelFunctions;
  d.run({ kind: 'start', instanceId: 'inst-7', definitionKey: 'k', variables: { name: 'Анна' } });
  return d.of('userTask.created')[0].task.variables;
}

describe('FEEL built-ins Camunda models use (feel-builtins.bpmn)', () => {
  it('given the Camunda built-ins feelin lacks, when evaluated, then they answer like Camunda', async () => {
    const v = await show();
    expect(v).toMatchObject({
      missingDefined: false,
      nameDefined: true,
      orElse: 'fallback',
      emptyList: true,
      joined: 'a, b, c',
      shout: 'АННА',
    });
  });

  it('given now() and today(), when evaluated, then they come from the engine clock in the company zone, not the machine', async () => {
    const v = await show();
    expect(v.nowText).toBe('2025-03-03T10:00:00@Europe/Moscow'); // FEEL's string form of a zoned date-time
    expect(v.todayText).toBe('2025-03-03');
    expect(String(v.deadline).slice(0, 10)).toBe('2025-03-05');
  });

  it('given uuid(), when evaluated twice, then ids differ within an instance and repeat for the same instance and state', async () => {
    const a = await show();
    const b = await show();
    expect(a.id1).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.id1).not.toBe(a.id2);
    expect(b.id1).toBe(a.id1);
  });
});
