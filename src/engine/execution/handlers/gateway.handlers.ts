/** Exclusive, parallel and event-based gateways. */
import type { Json } from '../../api.ts';
import { eventWait } from '../boundary-events.ts';
import { evaluateAt } from '../evaluate.ts';
import type { Wait } from '../../api.ts';
import type { ElementHandler } from './element-handler.ts';

/**
 * The first outgoing flow (in model order) whose condition is true; else the default.
 * A condition that gives null (e.g. an unset variable) counts as false; any other
 * non-boolean result, or no flow at all, raises a CONDITION_ERROR incident.
 */
export const exclusiveGatewayHandler: ElementHandler = {
  activate(step, instance, element) {
    if (element.outgoing.length === 1 && !element.outgoing[0].condition) return step.complete(instance);
    for (const flow of element.outgoing) {
      if (!flow.condition) continue;
      const result = evaluateAt(step, flow.condition, instance.id);
      if (!result.ok) return step.raiseIncident(instance, 'CONDITION_ERROR', `the condition of flow '${flow.id}' failed: ${result.message}`);
      if (result.value === true) return step.complete(instance, { flows: [flow] });
      if (result.value !== false && result.value !== null && result.value !== undefined) {
        return step.raiseIncident(instance, 'CONDITION_ERROR', `the condition of flow '${flow.id}' ('${flow.condition.source}') gave ${JSON.stringify(result.value)}, expected true or false`);
      }
    }
    const fallback = element.outgoing.find((f) => f.id === element.defaultFlowId);
    if (fallback) return step.complete(instance, { flows: [fallback] });
    step.raiseIncident(instance, 'CONDITION_ERROR', `no condition of exclusive gateway '${element.id}' is true and it has no default flow`);
  },
};

/**
 * A join waits for one token per incoming flow. Tokens that arrive twice on the same
 * flow (a loop came round faster) are kept for the next round, in a new join instance.
 */
export const parallelGatewayHandler: ElementHandler = {
  arrive(step, element, scopeId, flowId) {
    if (element.incoming.length <= 1) {
      step.activate(step.createInstance(element, scopeId), element);
      return;
    }
    let join = Object.values(step.elements).find((e) => e.elementId === element.id && e.scopeId === scopeId);
    join ??= step.createInstance(element, scopeId, { arrived: {} });
    const arrived = { ...((join.data?.arrived ?? {}) as Record<string, number>) };
    if (flowId) arrived[flowId] = (arrived[flowId] ?? 0) + 1;
    if (!element.incoming.every((f) => (arrived[f] ?? 0) > 0)) {
      step.wait(join, { arrived });
      return;
    }
    const left: Record<string, Json> = {};
    for (const f of element.incoming) if (arrived[f] > 1) left[f] = arrived[f] - 1;
    step.complete(join);
    if (Object.keys(left).length > 0) step.wait(step.createInstance(element, scopeId, { arrived: left }), { arrived: left });
  },
  activate(step, instance) {
    step.complete(instance);
  },
};

/** Arms every target event; the first to fire wins (see the commands fireTimer / correlateMessage). */
export const eventBasedGatewayHandler: ElementHandler = {
  activate(step, instance, element) {
    const waits: Wait[] = [];
    for (const flow of element.outgoing) {
      const made = eventWait(step, step.element(flow.targetId), instance);
      if (!made.ok) return step.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', made.message);
      if (made.wait) waits.push(made.wait);
    }
    for (const wait of waits) step.addWait(wait);
    step.wait(instance);
  },
};
