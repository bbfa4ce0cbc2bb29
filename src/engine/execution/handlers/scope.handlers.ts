/** Process and embedded sub-process: a scope whose tokens start at its none start event. */
import type { ElementHandler } from './element-handler.ts';

export const scopeHandler: ElementHandler = {
  activate(step, instance, element) {
    // compileModel guarantees exactly one none start event per scope.
    step.enter(element.startEventId!, instance.id, null);
  },
};
