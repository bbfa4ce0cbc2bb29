/**
 * Checks across elements, once every element of a process is drafted: flows connect
 * elements of the same scope, gateways have what they need, boundary events sit on
 * activities that can raise them.
 */
import type { CompileContext } from './compile-process.ts';

const ACTIVITIES = new Set(['userTask', 'serviceTask', 'sendTask', 'subProcess']);

export function checkGraph(ctx: CompileContext): void {
  const { elements, flows, problems, moddle } = ctx;
  for (const flow of flows.values()) {
    const source = elements.get(flow.sourceId);
    const target = elements.get(flow.targetId);
    if (!source || !target) {
      // An unsupported element or a missing reference, reported already; keep the count of flows honest.
      if (source) source.outgoing = [...source.outgoing, flow];
      continue;
    }
    const el = moddle.get(flow.id)!;
    if (source.parentId !== target.parentId) {
      problems.add('INVALID_FLOW', el, `the sequence flow crosses a sub-process boundary (${flow.sourceId} → ${flow.targetId})`);
      continue;
    }
    if (target.type === 'startEvent') problems.add('INVALID_FLOW', el, `the sequence flow leads into the start event '${target.id}'`);
    if (target.type === 'boundaryEvent') problems.add('INVALID_FLOW', el, `the sequence flow leads into the boundary event '${target.id}'`);
    if (source.type === 'endEvent') problems.add('INVALID_FLOW', el, `the sequence flow leaves the end event '${source.id}'`);
    if (flow.condition && source.type !== 'exclusiveGateway') {
      problems.add('INVALID_FLOW', el, `conditions are supported only on flows leaving an exclusive gateway (this one leaves ${source.type} '${source.id}')`);
    }
    source.outgoing = [...source.outgoing, flow];
    target.incoming = [...target.incoming, flow.id];
  }
  for (const element of elements.values()) {
    const el = moddle.get(element.id)!;
    if (element.type === 'boundaryEvent') checkBoundary(ctx, element.id);
    if (element.type === 'startEvent' && element.incoming.length > 0) {
      problems.add('INVALID_FLOW', el, 'a start event cannot have incoming sequence flows');
    }
    if (element.type.endsWith('Gateway') && element.outgoing.length === 0) {
      problems.add('GATEWAY_NO_OUTGOING', el, 'the gateway has no outgoing sequence flow');
    }
    if (element.defaultFlowId && !element.outgoing.some((f) => f.id === element.defaultFlowId)) {
      problems.add('INVALID_DEFAULT_FLOW', el, `the default flow '${element.defaultFlowId}' does not leave this element`);
    }
    if (element.type === 'exclusiveGateway' && element.outgoing.length > 1) {
      for (const flow of element.outgoing) {
        if (!moddle.get(flow.id)?.conditionExpression && flow.id !== element.defaultFlowId) {
          problems.add('MISSING_CONDITION', moddle.get(flow.id)!, `the flow leaves exclusive gateway '${element.id}' without a condition and is not its default flow`);
        }
      }
    }
    if (element.type === 'eventBasedGateway') checkEventGateway(ctx, element.id);
  }
}

function checkBoundary(ctx: CompileContext, id: string): void {
  const { elements, problems, moddle } = ctx;
  const boundary = elements.get(id)!;
  const el = moddle.get(id)!;
  const host = boundary.attachedToId ? elements.get(boundary.attachedToId) : undefined;
  if (!host) {
    if (!boundary.attachedToId) problems.add('INVALID_BOUNDARY', el, 'the boundary event is not attached to an activity');
    return;
  }
  if (!ACTIVITIES.has(host.type)) {
    problems.add('INVALID_BOUNDARY', el, `boundary events can be attached to tasks and sub-processes, not to ${host.type} '${host.id}'`);
    return;
  }
  if (boundary.event.kind === 'error') {
    if (host.type === 'userTask') problems.add('INVALID_BOUNDARY', el, `an error boundary event can be attached to service tasks, send tasks and sub-processes; user task '${host.id}' never throws errors`);
    if (!boundary.cancelActivity) problems.add('INVALID_BOUNDARY', el, 'an error boundary event is always interrupting (cancelActivity must be true)');
  }
  host.boundaryIds = [...host.boundaryIds, id];
}

function checkEventGateway(ctx: CompileContext, id: string): void {
  const { elements, problems, moddle } = ctx;
  const gateway = elements.get(id)!;
  const el = moddle.get(id)!;
  if (gateway.outgoing.length < 2) problems.add('INVALID_EVENT_GATEWAY', el, 'an event-based gateway needs at least two outgoing flows');
  for (const flow of gateway.outgoing) {
    const target = elements.get(flow.targetId);
    if (!target) continue;
    if (target.type !== 'intermediateCatchEvent') {
      problems.add('INVALID_EVENT_GATEWAY', el, `an event-based gateway may lead only to timer or message catch events, not to ${target.type} '${target.id}'`);
    }
  }
}
