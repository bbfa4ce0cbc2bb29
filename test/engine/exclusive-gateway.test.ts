import { describe, expect, it } from 'vitest';
import { Driver } from './support/engine-driver.ts';

describe('exclusive gateway (exclusive-gateway.bpmn, exclusive-no-default.bpmn)', () => {
  it.each([
    [5000, 'end_big'],
    [50, 'end_small'],
    [500, 'end_default'],
    [null, 'end_default'],
  ])('given amount %s, when the gateway decides, then the instance ends at %s', async (amount, end) => {
    const d = await Driver.of('exclusive-gateway.bpmn', { amount });
    expect(d.status).toBe('completed');
    expect(d.of('instance.ended')[0].endEventId).toBe(end);
  });

  it('given no true condition and no default flow, when the gateway decides, then a CONDITION_ERROR incident holds the token', async () => {
    const d = await Driver.of('exclusive-no-default.bpmn', { kind: 'b', flag: false });
    expect(d.status).toBe('active');
    expect(d.incidents()).toEqual([expect.objectContaining({ type: 'CONDITION_ERROR', elementId: 'kind_gw', message: "no condition of exclusive gateway 'kind_gw' is true and it has no default flow" })]);
    expect(d.of('incident.raised')).toHaveLength(1);
  });

  it('given a condition that is not boolean, when the gateway decides, then a CONDITION_ERROR names the flow and the value', async () => {
    const d = await Driver.of('exclusive-no-default.bpmn', { kind: 'b', flag: 'yes' });
    expect(d.incidents()[0].message).toBe(`the condition of flow 'to_flag' ('flag') gave "yes", expected true or false`);
  });

  it('given a condition incident, when the variable is fixed and the incident resolved, then the gateway decides again', async () => {
    const d = await Driver.of('exclusive-no-default.bpmn', { kind: 'b', flag: 'yes' });
    const [incident] = d.incidents();
    d.run({ kind: 'setVariables', variables: { flag: true } });
    d.run({ kind: 'resolveIncident', incidentId: incident.id });
    expect(d.of('incident.resolved')).toEqual([{ kind: 'incident.resolved', incidentId: incident.id }]);
    expect(d.status).toBe('completed');
    expect(d.of('instance.ended')[0].endEventId).toBe('end_flag');
  });
});
