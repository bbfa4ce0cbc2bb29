/** Start, end, intermediate catch and boundary events. */
import { toText } from '../../feel/feel-values.ts';
import { eventWait, findErrorCatch, triggerBoundary } from '../boundary-events.ts';
import { valueAt } from '../evaluate.ts';
import type { ElementHandler } from './element-handler.ts';

export const startEventHandler: ElementHandler = {
  activate(step, instance) {
    step.complete(instance);
  },
};

export const endEventHandler: ElementHandler = {
  activate(step, instance, element) {
    const def = element.event;
    if (def.kind === 'terminate') {
      const scopeId = instance.scopeId!;
      for (const other of Object.values(step.elements)) {
        if (other.scopeId === scopeId && other.id !== instance.id && step.elements[other.id]) step.terminate(other, 'interrupted');
      }
      step.cutScope(scopeId);
      if (step.elements[scopeId]?.scopeId === null) step.terminatedBy = element.id;
      step.complete(instance);
      return;
    }
    if (def.kind === 'error') {
      const code = def.errorCode ? valueAt(step, def.errorCode, instance.id) : { ok: true as const, value: '' };
      const errorCode = code.ok ? (toText(code.value) ?? '') : '';
      if (!code.ok) return step.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', `the error code ${code.message}`);
      const caught = findErrorCatch(step, instance, errorCode);
      step.history({ kind: 'error.thrown', at: step.env.now, elementId: element.id, errorCode, caughtBy: caught?.boundary.id ?? null });
      if (!caught) return step.raiseIncident(instance, 'UNHANDLED_ERROR_EVENT', `error '${errorCode}' thrown by end event '${element.id}' is not caught by any error boundary event`);
      triggerBoundary(step, caught.activity, caught.boundary);
      return;
    }
    step.complete(instance);
  },
};

export const catchEventHandler: ElementHandler = {
  activate(step, instance, element, trigger) {
    if (trigger) return step.complete(instance, { variables: trigger.variables });
    const made = eventWait(step, element, instance);
    if (!made.ok) return step.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', made.message);
    if (made.wait) step.addWait(made.wait);
    step.wait(instance);
  },
};

/** A boundary event is entered only when it fired: it passes its token on at once. */
export const boundaryEventHandler: ElementHandler = {
  activate(step, instance, _element, trigger) {
    step.complete(instance, { variables: trigger?.variables });
  },
};
