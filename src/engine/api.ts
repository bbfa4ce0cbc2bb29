/**
 * The engine's public contract: what the durable runtime (src/runtime), the simulator
 * and the CRM may rely on. The engine is a pure state machine:
 *
 *     apply(model, state, command, env) → { state, effects }
 *
 * `state` is readonly data; the new state shares every unchanged object with the old
 * one, so a runtime finds what to write by reference comparison (see `diffState`).
 * `effects` are what the runtime must perform in the same transaction (create a user
 * task row, arm a timer row, enqueue a job, …) or record (history).
 *
 * Time is `env.now` (epoch ms); the engine never reads a clock. Working time comes in
 * through `env.calendar` and the FEEL functions built on it.
 *
 * Changes to this file are contract changes: keep existing fields, add new ones.
 *
 * Contract changes (all additive):
 * - EngineErrorCode 'INCIDENT_OPEN': completing/failing a job or user task that has an
 *   open incident (resolve it first).
 * - `scope.entered` is emitted for ANY activity (task or sub-process) with
 *   zeebe:properties, before that element's other effects.
 * - `CompiledProcess` (the `P` of CompileResult) is exported from src/engine/index.ts;
 *   `diffState(before, after)` too (src/engine/execution/diff-state.ts).
 * - A fired timer / correlated message is consumed without a `timer.cancelled` /
 *   `message.unsubscribed` effect (the runtime deletes the row it delivered); a
 *   non-interrupting message boundary stays subscribed after correlation.
 */
import type { WorkingCalendar, Millis } from '../calendar/types.ts';

export type { Millis };
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Variables = Readonly<Record<string, Json>>;

// ---------------------------------------------------------------------------
// Instance state
// ---------------------------------------------------------------------------

export type InstanceStatus = 'active' | 'completed' | 'terminated' | 'cancelled';

export type ElementType =
  | 'process'
  | 'subProcess'
  | 'startEvent'
  | 'endEvent'
  | 'userTask'
  | 'serviceTask'
  | 'sendTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'eventBasedGateway'
  | 'intermediateCatchEvent'
  | 'boundaryEvent';

/** A live element instance (an activity, event or gateway currently holding a token). */
export interface ElementInstance {
  readonly id: string; // unique within the instance, e.g. "3"
  readonly elementId: string; // the model element's id
  readonly elementType: ElementType;
  /** The element instance of the enclosing scope (process or sub-process); null for the process itself. */
  readonly scopeId: string | null;
  /** `waiting` = the token rests here (user task, job, timer, message, join); `active` only inside one step. */
  readonly status: 'active' | 'waiting';
  readonly activatedAt: Millis;
  /** Element-specific data (e.g. arrived flows at a parallel join, timer cycle counters). */
  readonly data?: Readonly<Record<string, Json>>;
}

/** Something the instance waits for that the runtime must store and deliver back. */
export type Wait =
  | {
      readonly kind: 'timer';
      readonly id: string; // timer id, unique within the instance
      readonly elementId: string; // the timer event (boundary, catch or event-gateway target)
      readonly elementInstanceId: string; // the element instance that owns it (activity for boundary, the catch event, the gateway)
      readonly dueAt: Millis;
      /** For cycles: remaining repetitions (-1 = unbounded) and the interval's expression result. */
      readonly repetitionsLeft?: number;
      readonly intervalMs?: number;
    }
  | {
      readonly kind: 'message';
      readonly id: string;
      readonly elementId: string;
      readonly elementInstanceId: string;
      readonly messageName: string;
      readonly correlationKey: string;
    };

export interface Incident {
  readonly id: string;
  readonly elementInstanceId: string;
  readonly elementId: string;
  readonly type: 'JOB_NO_RETRIES' | 'CONDITION_ERROR' | 'EXTRACT_VALUE_ERROR' | 'UNHANDLED_ERROR_EVENT' | 'IO_MAPPING_ERROR' | 'CALLED_ELEMENT_ERROR';
  readonly message: string;
  readonly createdAt: Millis;
}

export interface InstanceState {
  readonly instanceId: string;
  readonly processId: string; // BPMN process id
  readonly definitionKey: string; // stored definition (process id + version), opaque to the engine
  readonly businessKey: string | null;
  readonly status: InstanceStatus;
  readonly startedAt: Millis;
  readonly endedAt: Millis | null;
  /** Live element instances by their id (ended ones are removed; history keeps them). */
  readonly elements: Readonly<Record<string, ElementInstance>>;
  /** Variables by scope: the key is the element instance id of the process or sub-process. */
  readonly variables: Readonly<Record<string, Variables>>;
  readonly waits: Readonly<Record<string, Wait>>;
  readonly incidents: Readonly<Record<string, Incident>>;
  /** Next number for ids handed out inside this instance (element instances, timers, incidents). */
  readonly nextId: number;
}

// ---------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------

export type Command =
  | { readonly kind: 'start'; readonly instanceId: string; readonly definitionKey: string; readonly businessKey?: string | null; readonly variables?: Variables; readonly startEventId?: string }
  | { readonly kind: 'completeUserTask'; readonly elementInstanceId: string; readonly variables?: Variables }
  | { readonly kind: 'completeJob'; readonly elementInstanceId: string; readonly variables?: Variables }
  /** `retries` = attempts left after this failure; 0 raises an incident. */
  | { readonly kind: 'failJob'; readonly elementInstanceId: string; readonly retries: number; readonly message: string; readonly retryAt?: Millis }
  | { readonly kind: 'throwError'; readonly elementInstanceId: string; readonly errorCode: string; readonly message?: string; readonly variables?: Variables }
  | { readonly kind: 'fireTimer'; readonly timerId: string }
  | { readonly kind: 'correlateMessage'; readonly waitId: string; readonly variables?: Variables }
  | { readonly kind: 'cancel'; readonly reason?: string }
  | { readonly kind: 'resolveIncident'; readonly incidentId: string }
  | { readonly kind: 'setVariables'; readonly scopeId?: string; readonly variables: Variables };

// ---------------------------------------------------------------------------
// Effects
// ---------------------------------------------------------------------------

export interface UserTaskSpec {
  readonly elementInstanceId: string;
  readonly elementId: string;
  readonly name: string; // static BPMN name
  /** `zeebe:properties` title evaluated (FEEL), falling back to `name`. */
  readonly title: string;
  readonly kind: string | null; // call | meeting | email | todo | approval (zeebe:properties `kind`)
  readonly author: string | null; // zeebe:properties `author`, evaluated
  readonly assignee: string | null;
  readonly candidateGroups: readonly string[];
  readonly candidateUsers: readonly string[];
  readonly dueAt: Millis | null;
  readonly followUpAt: Millis | null; // used as the planned start of calls and meetings
  readonly priority: number;
  readonly formId: string | null; // zeebe:formDefinition formId (or formKey)
  readonly headers: Readonly<Record<string, string>>;
  readonly properties: Readonly<Record<string, string>>; // raw zeebe:properties
  /** The task's input variables (after ioMapping inputs), for showing the form pre-filled. */
  readonly variables: Variables;
}

export interface JobSpec {
  readonly elementInstanceId: string;
  readonly elementId: string;
  readonly type: string; // zeebe:taskDefinition type (evaluated)
  readonly retries: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly variables: Variables; // all variables visible at the task, after input mappings
}

export type HistoryEvent =
  | { readonly kind: 'instance.started'; readonly at: Millis }
  | { readonly kind: 'instance.completed'; readonly at: Millis; readonly endEventId: string | null }
  | { readonly kind: 'instance.terminated'; readonly at: Millis; readonly endEventId: string }
  | { readonly kind: 'instance.cancelled'; readonly at: Millis; readonly reason: string | null }
  | { readonly kind: 'element.activated' | 'element.completed' | 'element.terminated'; readonly at: Millis; readonly elementInstanceId: string; readonly elementId: string; readonly elementType: ElementType }
  | { readonly kind: 'flow.taken'; readonly at: Millis; readonly flowId: string }
  | { readonly kind: 'variables.set'; readonly at: Millis; readonly scopeId: string; readonly names: readonly string[] }
  | { readonly kind: 'timer.fired'; readonly at: Millis; readonly timerId: string; readonly elementId: string }
  | { readonly kind: 'message.correlated'; readonly at: Millis; readonly waitId: string; readonly elementId: string }
  | { readonly kind: 'error.thrown'; readonly at: Millis; readonly elementId: string; readonly errorCode: string; readonly caughtBy: string | null }
  | { readonly kind: 'incident.raised' | 'incident.resolved'; readonly at: Millis; readonly incidentId: string; readonly elementId: string; readonly message: string };

export type Effect =
  | { readonly kind: 'userTask.created'; readonly task: UserTaskSpec }
  | { readonly kind: 'userTask.ended'; readonly elementInstanceId: string; readonly elementId: string; readonly reason: 'completed' | 'interrupted' | 'cancelled' }
  | { readonly kind: 'timer.armed'; readonly timer: Extract<Wait, { kind: 'timer' }> }
  | { readonly kind: 'timer.cancelled'; readonly timerId: string }
  | { readonly kind: 'job.created'; readonly job: JobSpec }
  /** The runtime keeps the job and makes it available again at `retryAt`. */
  | { readonly kind: 'job.retry'; readonly elementInstanceId: string; readonly retries: number; readonly retryAt: Millis; readonly message: string }
  | { readonly kind: 'job.cancelled'; readonly elementInstanceId: string }
  | { readonly kind: 'message.subscribed'; readonly wait: Extract<Wait, { kind: 'message' }> }
  | { readonly kind: 'message.unsubscribed'; readonly waitId: string }
  | { readonly kind: 'incident.raised'; readonly incident: Incident }
  | { readonly kind: 'incident.resolved'; readonly incidentId: string }
  /** An activity (sub-process or task) with `zeebe:properties` was entered (the CRM reads `stage` from it). Emitted before the element's other effects. */
  | { readonly kind: 'scope.entered'; readonly elementInstanceId: string; readonly elementId: string; readonly properties: Readonly<Record<string, string>> }
  | { readonly kind: 'instance.ended'; readonly status: Exclude<InstanceStatus, 'active'>; readonly endEventId: string | null }
  | { readonly kind: 'history'; readonly event: HistoryEvent };

// ---------------------------------------------------------------------------
// Applying commands
// ---------------------------------------------------------------------------

export interface EngineEnv {
  readonly now: Millis;
  readonly calendar: WorkingCalendar;
  /** Extra FEEL functions (e.g. the working-time ones from src/calendar/feel.ts), merged into every evaluation context. */
  readonly feelFunctions?: Readonly<Record<string, (...args: any[]) => unknown>>;
}

export interface ApplyResult {
  readonly state: InstanceState;
  readonly effects: readonly Effect[];
}

/** Errors of `apply` that are the caller's fault (unknown element instance, wrong state): typed codes, never thrown strings. */
export type EngineErrorCode =
  | 'INSTANCE_NOT_ACTIVE'
  | 'ELEMENT_INSTANCE_NOT_FOUND'
  | 'WRONG_ELEMENT_TYPE'
  | 'TIMER_NOT_FOUND'
  | 'WAIT_NOT_FOUND'
  | 'INCIDENT_NOT_FOUND'
  | 'START_EVENT_NOT_FOUND'
  | 'INVALID_VARIABLES'
  | 'INCIDENT_OPEN';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

// ---------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------

/** One reason a model is refused. Every problem of a model is listed, not only the first. */
export interface ModelProblem {
  readonly code: string; // e.g. 'XML_MALFORMED', 'UNSUPPORTED_ELEMENT', 'INVALID_FEEL', 'MISSING_TARGET', 'NO_EXECUTABLE_PROCESS'
  readonly elementId: string | null;
  readonly elementType: string | null; // the BPMN type as written, e.g. 'bpmn:ScriptTask'
  readonly message: string;
  readonly line?: number;
}

/**
 * The engine's model entry points (implemented in src/engine/model/):
 *
 *     compileModel(xml: string): Promise<CompileResult>
 *     apply(process: CompiledProcess, state: InstanceState | null, command: Command, env: EngineEnv): ApplyResult
 *
 * `CompiledProcess` is immutable and reusable across any number of instances; all FEEL
 * expressions in it are parsed once at compile time.
 */
export type CompileResult<P = unknown> =
  | { readonly ok: true; readonly processes: readonly P[] }
  | { readonly ok: false; readonly problems: readonly ModelProblem[] };
