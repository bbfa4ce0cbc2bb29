/**
 * Boundary events: armed when their activity is activated (timers and message
 * subscriptions owned by the activity's instance), triggered by a fired timer, a
 * correlated message or a thrown error.
 */
import type { ElementInstance, Variables, Wait } from '../api.ts';
import { toText } from '../feel/feel-values.ts';
import type { CompiledElement } from '../model/model.types.ts';
import type { Step } from './engine-step.ts';
import { valueAt } from './evaluate.ts';
import { timerTimes } from './timers.ts';

/** The wait an event (catch, boundary or event-gateway target) needs, owned by `owner`. */
export function eventWait(step: Step, event: CompiledElement, owner: ElementInstance): { ok: true; wait: Wait | null } | { ok: false; message: string } {
  const def = event.event;
  if (def.kind === 'timer') {
    const times = timerTimes(step, def.timer, owner.id);
    if (!times.ok) return { ok: false, message: `${event.id}: ${times.message}` };
    const { ok: _ok, ...rest } = times;
    return { ok: true, wait: { kind: 'timer', id: step.newId(), elementId: event.id, elementInstanceId: owner.id, ...rest } };
  }
  if (def.kind === 'message') {
    const name = valueAt(step, def.messageName, owner.id);
    if (!name.ok) return { ok: false, message: `${event.id}: the message name ${name.message}` };
    const key = def.correlationKey ? valueAt(step, def.correlationKey, owner.id) : { ok: true as const, value: '' };
    if (!key.ok) return { ok: false, message: `${event.id}: the correlation key ${key.message}` };
    const messageName = toText(name.value);
    const correlationKey = toText(key.value);
    if (messageName === null || messageName === '') return { ok: false, message: `${event.id}: the message name is empty` };
    if (correlationKey === null) return { ok: false, message: `${event.id}: the correlation key evaluated to ${JSON.stringify(key.value ?? null)}, expected a string or number` };
    return { ok: true, wait: { kind: 'message', id: step.newId(), elementId: event.id, elementInstanceId: owner.id, messageName, correlationKey } };
  }
  return { ok: true, wait: null };
}

/** Arms an activity's timer and message boundary events; false when one failed (incident raised). */
export function armBoundaries(step: Step, instance: ElementInstance, element: CompiledElement): boolean {
  const waits: Wait[] = [];
  for (const boundaryId of element.boundaryIds) {
    const made = eventWait(step, step.element(boundaryId), instance);
    if (!made.ok) {
      step.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', made.message);
      return false;
    }
    if (made.wait) waits.push(made.wait);
  }
  for (const wait of waits) step.addWait(wait);
  return true;
}

/** A boundary event fires: interrupting ones end the activity (and all inside it) first. */
export function triggerBoundary(step: Step, activity: ElementInstance, boundary: CompiledElement, variables?: Variables, fired?: Wait): void {
  if (activity.scopeId === null) return;
  if (boundary.cancelActivity) {
    step.terminate(activity, 'interrupted');
  } else if (fired?.kind === 'timer' && fired.repetitionsLeft !== undefined && fired.repetitionsLeft !== 0 && fired.intervalMs) {
    // A reminder cycle: the next one is due an interval after this one was due (not after now), so late firing does not drift.
    step.addWait({ ...fired, id: step.newId(), dueAt: fired.dueAt + fired.intervalMs, repetitionsLeft: fired.repetitionsLeft === -1 ? -1 : fired.repetitionsLeft - 1 });
  }
  step.enter(boundary.id, activity.scopeId, null, { variables });
}

/**
 * The error boundary that catches `errorCode` thrown at `from`: the innermost activity
 * first (the task itself, then each enclosing sub-process); a boundary with a matching
 * code wins over a catch-all one on the same activity.
 */
export function findErrorCatch(step: Step, from: ElementInstance, errorCode: string): { activity: ElementInstance; boundary: CompiledElement } | null {
  let current: ElementInstance | undefined = from;
  while (current && current.scopeId !== null) {
    const element = step.element(current.elementId);
    let catchAll: CompiledElement | null = null;
    for (const id of element.boundaryIds) {
      const boundary = step.element(id);
      if (boundary.event.kind !== 'error') continue;
      if (boundary.event.errorCode === null) {
        catchAll ??= boundary;
        continue;
      }
      const code = valueAt(step, boundary.event.errorCode, current.id);
      if (code.ok && toText(code.value) === errorCode) return { activity: current, boundary };
    }
    if (catchAll) return { activity: current, boundary: catchAll };
    current = step.elements[current.scopeId];
  }
  return null;
}
