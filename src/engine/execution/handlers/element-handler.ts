import type { ElementInstance } from '../../api.ts';
import type { CompiledElement } from '../../model/model.types.ts';
import type { Step, Trigger } from '../engine-step.ts';

/** The behaviour of one BPMN element type. */
export interface ElementHandler {
  /** A token arrives; only elements that merge tokens (the parallel join) need more than "create and activate". */
  arrive?(step: Step, element: CompiledElement, scopeId: string, flowId: string | null): void;
  /** The element instance exists (inputs applied, boundaries armed): wait, or complete it. */
  activate(step: Step, instance: ElementInstance, element: CompiledElement, trigger?: Trigger): void;
}
