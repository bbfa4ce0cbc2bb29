/**
 * The compiled, immutable process graph. Built once per deployed model by
 * `compileModel` and shared by every instance; every FEEL expression in it is already
 * parsed (see ../feel/feel-expression.ts).
 */
import type { ElementType } from '../api.ts';
import type { FeelExpression } from '../feel/feel-expression.ts';

/** A value from the model: either a literal string or a FEEL expression (`=` prefix). */
export type ModelValue =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'feel'; readonly expression: FeelExpression };

export interface CompiledFlow {
  readonly id: string;
  readonly sourceId: string;
  readonly targetId: string;
  readonly condition: FeelExpression | null;
}

export interface IoMapping {
  readonly source: FeelExpression;
  readonly target: string;
}

export type TimerDefinition =
  | { readonly kind: 'duration'; readonly value: ModelValue }
  | { readonly kind: 'date'; readonly value: ModelValue }
  | { readonly kind: 'cycle'; readonly value: ModelValue };

export type EventDefinition =
  | { readonly kind: 'none' }
  | { readonly kind: 'timer'; readonly timer: TimerDefinition }
  | { readonly kind: 'message'; readonly messageName: ModelValue; readonly correlationKey: ModelValue | null }
  /** `errorCode` null = catch-all (boundary) or an error without code (end event). */
  | { readonly kind: 'error'; readonly errorCode: ModelValue | null }
  | { readonly kind: 'terminate' };

export interface JobDefinition {
  readonly type: ModelValue;
  readonly retries: ModelValue;
}

export interface UserTaskDefinition {
  readonly assignee: ModelValue | null;
  readonly candidateGroups: ModelValue | null;
  readonly candidateUsers: ModelValue | null;
  readonly dueDate: ModelValue | null;
  readonly followUpDate: ModelValue | null;
  readonly priority: ModelValue | null;
  readonly formId: string | null;
  /** `title` and `author` from zeebe:properties (FEEL when they start with '='). */
  readonly title: ModelValue | null;
  readonly author: ModelValue | null;
}

export interface CompiledElement {
  readonly id: string;
  readonly type: ElementType;
  readonly name: string;
  /** The id of the enclosing process or sub-process element. */
  readonly parentId: string | null;
  readonly incoming: readonly string[];
  readonly outgoing: readonly CompiledFlow[];
  readonly defaultFlowId: string | null;
  readonly event: EventDefinition;
  /** Boundary events attached to this activity. */
  readonly boundaryIds: readonly string[];
  /** For boundary events: the activity they are attached to, and whether they interrupt it. */
  readonly attachedToId: string | null;
  readonly cancelActivity: boolean;
  /** For process and sub-process: the none start event. */
  readonly startEventId: string | null;
  readonly job: JobDefinition | null;
  readonly userTask: UserTaskDefinition | null;
  readonly inputs: readonly IoMapping[];
  readonly outputs: readonly IoMapping[];
  readonly headers: Readonly<Record<string, string>>;
  readonly properties: Readonly<Record<string, string>>;
}

export interface CompiledProcess {
  readonly id: string;
  readonly name: string;
  readonly elements: ReadonlyMap<string, CompiledElement>;
  readonly flows: ReadonlyMap<string, CompiledFlow>;
  /** The process element itself (type 'process'). */
  readonly root: CompiledElement;
  /** Message names this process can wait for (static ones), for the runtime's indexes. */
  readonly messageNames: readonly string[];
}
