/**
 * One step of one instance: a mutable draft of the state, the effects collected so far,
 * and the token moves shared by every element handler. `apply` creates a Step, runs one
 * command on it and then `run()`s the queue until every token waits.
 *
 * The draft copies the state's top-level maps once; an element instance or a variable
 * scope that changes is replaced by a new object, and everything unchanged keeps its
 * identity, so `diffState` finds the changes by reference.
 */
import type {
  Effect, ElementInstance, EngineEnv, HistoryEvent, Incident, InstanceState, InstanceStatus, Json, Variables, Wait,
} from '../api.ts';
import type { CompiledElement, CompiledFlow, CompiledProcess } from '../model/model.types.ts';
import { deterministicUuid, functionTableFor, type StepClock } from '../feel/camunda-builtins.ts';
import { HANDLERS } from './element-handlers.ts';
import { applyMappings } from './evaluate.ts';
import { propagate, setLocal, visibleVariables } from './variables.ts';
import { cancelWaitsOf } from './waits.ts';
import { armBoundaries } from './boundary-events.ts';

/** What caused an element to be entered without waiting (a fired timer, a correlated message, a caught error). */
export interface Trigger {
  readonly variables?: Variables;
}

type Job = () => void;

export class Step {
  readonly effects: Effect[] = [];
  readonly elements: Record<string, ElementInstance>;
  readonly variables: Record<string, Variables>;
  readonly waits: Record<string, Wait>;
  readonly incidents: Record<string, Incident>;
  nextId: number;
  status: InstanceStatus;
  endedAt: number | null;
  /** The end event that ended the instance (none/terminate end), for the instance.ended effect. */
  lastEndEventId: string | null = null;
  terminatedBy: string | null = null;
  private readonly queue: Job[] = [];
  /** Bumped when a terminate end event clears a scope: tokens already on their way into it are dropped. */
  private readonly scopeEpoch = new Map<string, number>();
  private readonly maybeEmpty = new Set<string>();

  constructor(
    readonly process: CompiledProcess,
    readonly base: InstanceState,
    readonly env: EngineEnv,
  ) {
    this.elements = { ...base.elements };
    this.variables = { ...base.variables };
    this.waits = { ...base.waits };
    this.incidents = { ...base.incidents };
    this.nextId = base.nextId;
    this.status = base.status;
    this.endedAt = base.endedAt;
  }

  private stepClock: StepClock | null = null;

  /** FEEL functions (shared across steps) pointed at this step's clock and id counter. */
  get functions(): Readonly<Record<string, unknown>> {
    const table = functionTableFor(this.env.feelFunctions);
    this.stepClock ??= { now: this.env.now, zone: this.env.calendar.zone, nextUuid: () => deterministicUuid(`${this.base.instanceId}:${this.nextId++}`) };
    table.clock = this.stepClock;
    return table.functions;
  }

  // ---- bookkeeping --------------------------------------------------------

  newId(): string {
    return String(this.nextId++);
  }

  effect(effect: Effect): void {
    this.effects.push(effect);
  }

  history(event: HistoryEvent): void {
    this.effects.push({ kind: 'history', event });
  }

  element(elementId: string): CompiledElement {
    const element = this.process.elements.get(elementId);
    if (!element) throw new Error(`element '${elementId}' is not in process '${this.process.id}'`);
    return element;
  }

  update(instance: ElementInstance, patch: Partial<ElementInstance>): ElementInstance {
    const next = { ...instance, ...patch };
    this.elements[instance.id] = next;
    return next;
  }

  wait(instance: ElementInstance, data?: Readonly<Record<string, Json>>): void {
    const current = this.elements[instance.id];
    if (!current || (data === undefined && current.status === 'waiting')) return;
    this.update(current, data === undefined ? { status: 'waiting' } : { status: 'waiting', data });
  }

  addWait(wait: Wait): void {
    this.waits[wait.id] = wait;
    if (wait.kind === 'timer') this.effect({ kind: 'timer.armed', timer: wait });
    else this.effect({ kind: 'message.subscribed', wait });
  }

  raiseIncident(instance: ElementInstance, type: Incident['type'], message: string, data?: Readonly<Record<string, Json>>): void {
    const incident: Incident = { id: this.newId(), elementInstanceId: instance.id, elementId: instance.elementId, type, message, createdAt: this.env.now };
    this.incidents[incident.id] = incident;
    this.wait(instance, data);
    this.effect({ kind: 'incident.raised', incident });
    this.history({ kind: 'incident.raised', at: this.env.now, incidentId: incident.id, elementId: incident.elementId, message });
  }

  // ---- token moves --------------------------------------------------------

  /** Queues a token's arrival at an element (through `flowId`, or directly when null). */
  enter(elementId: string, scopeId: string, flowId: string | null, trigger?: Trigger): void {
    const epoch = this.scopeEpoch.get(scopeId) ?? 0;
    this.queue.push(() => {
      if (!this.elements[scopeId]) return; // the scope ended meanwhile (interrupted)
      if ((this.scopeEpoch.get(scopeId) ?? 0) !== epoch) return; // a terminate end event cleared the scope
      const element = this.element(elementId);
      const handler = HANDLERS[element.type];
      if (handler.arrive) handler.arrive(this, element, scopeId, flowId);
      else this.activate(this.createInstance(element, scopeId), element, trigger);
    });
  }

  createInstance(element: CompiledElement, scopeId: string | null, data?: Readonly<Record<string, Json>>): ElementInstance {
    const instance: ElementInstance = {
      // Created waiting: an element that moves on within this step is removed before anyone sees it.
      id: this.newId(), elementId: element.id, elementType: element.type, scopeId, status: 'waiting', activatedAt: this.env.now,
      ...(data ? { data } : {}),
    };
    this.elements[instance.id] = instance;
    if (Object.keys(element.properties).length > 0 && isActivity(element)) {
      // Before the element's other effects: the CRM moves the deal's stage first.
      this.effect({ kind: 'scope.entered', elementInstanceId: instance.id, elementId: element.id, properties: element.properties });
    }
    this.history({ kind: 'element.activated', at: this.env.now, elementInstanceId: instance.id, elementId: element.id, elementType: element.type });
    return instance;
  }

  /** Runs an element's activation: input mappings, boundary events, then its handler. */
  activate(instance: ElementInstance, element: CompiledElement, trigger?: Trigger): void {
    if (element.inputs.length > 0 || element.type === 'subProcess') {
      const scopeOf = instance.scopeId ?? instance.id;
      const mapped = applyMappings(this, element.inputs, visibleVariables(this, scopeOf));
      if (!mapped.ok) return this.raiseIncident(instance, 'IO_MAPPING_ERROR', `input ${mapped.message}`);
      setLocal(this, instance.id, mapped.values);
    }
    if (element.boundaryIds.length > 0 && !armBoundaries(this, instance, element)) return;
    HANDLERS[element.type].activate(this, instance, element, trigger);
  }

  /**
   * Completes an element instance: output mappings, end of its scope and waits, then
   * the outgoing flows (all of them unless the handler picked some).
   */
  complete(instance: ElementInstance, options: { flows?: readonly CompiledFlow[]; variables?: Variables; trigger?: Trigger } = {}): void {
    const element = this.element(instance.elementId);
    const variables = options.variables ?? {};
    if (element.outputs.length > 0) {
      if (Object.keys(variables).length > 0) setLocal(this, instance.id, variables);
      const mapped = applyMappings(this, element.outputs, visibleVariables(this, instance.id));
      if (!mapped.ok) return this.raiseIncident(instance, 'IO_MAPPING_ERROR', `output ${mapped.message}`, { ...(instance.data ?? {}), resume: 'complete' });
      this.endInstance(instance, 'element.completed');
      if (instance.scopeId) propagate(this, instance.scopeId, mapped.values);
    } else {
      if (Object.keys(variables).length > 0) propagate(this, instance.id, variables);
      this.endInstance(instance, 'element.completed');
    }
    if (element.type === 'endEvent') this.lastEndEventId = element.id;
    const flows = options.flows ?? element.outgoing;
    if (instance.scopeId === null) return;
    if (flows.length === 0) this.maybeEmpty.add(instance.scopeId);
    for (const flow of flows) this.takeFlow(flow, instance.scopeId, options.trigger);
  }

  takeFlow(flow: CompiledFlow, scopeId: string, trigger?: Trigger): void {
    this.history({ kind: 'flow.taken', at: this.env.now, flowId: flow.id });
    this.enter(flow.targetId, scopeId, flow.id, trigger);
  }

  /** Removes an element instance with its local variables and everything it waits for. */
  endInstance(instance: ElementInstance, kind: 'element.completed' | 'element.terminated'): void {
    cancelWaitsOf(this, instance.id);
    for (const incident of Object.values(this.incidents)) {
      if (incident.elementInstanceId !== instance.id) continue;
      delete this.incidents[incident.id];
      this.effect({ kind: 'incident.resolved', incidentId: incident.id });
      this.history({ kind: 'incident.resolved', at: this.env.now, incidentId: incident.id, elementId: incident.elementId, message: 'the element ended' });
    }
    delete this.elements[instance.id];
    if (instance.scopeId !== null) delete this.variables[instance.id];
    this.history({ kind, at: this.env.now, elementInstanceId: instance.id, elementId: instance.elementId, elementType: instance.elementType });
  }

  /** Terminates an element instance and, first, everything inside it. */
  terminate(instance: ElementInstance, reason: 'interrupted' | 'cancelled'): void {
    for (const child of Object.values(this.elements)) {
      if (child.scopeId === instance.id && this.elements[child.id]) this.terminate(child, reason);
    }
    if (instance.elementType === 'userTask') this.effect({ kind: 'userTask.ended', elementInstanceId: instance.id, elementId: instance.elementId, reason });
    if ((instance.elementType === 'serviceTask' || instance.elementType === 'sendTask') && instance.data?.job === true) {
      this.effect({ kind: 'job.cancelled', elementInstanceId: instance.id });
    }
    this.endInstance(instance, 'element.terminated');
  }

  /** Drops the tokens on their way into a scope (a terminate end event ends them). */
  cutScope(scopeId: string): void {
    this.scopeEpoch.set(scopeId, (this.scopeEpoch.get(scopeId) ?? 0) + 1);
  }

  /** Moves tokens until every one waits; completes scopes left empty. */
  run(): void {
    for (;;) {
      while (this.queue.length > 0) this.queue.shift()!();
      if (this.maybeEmpty.size === 0) return;
      const scopes = [...this.maybeEmpty];
      this.maybeEmpty.clear();
      for (const scopeId of scopes) this.completeScopeIfEmpty(scopeId);
    }
  }

  private completeScopeIfEmpty(scopeId: string): void {
    const scope = this.elements[scopeId];
    if (!scope) return;
    for (const el of Object.values(this.elements)) if (el.scopeId === scopeId) return;
    if (scope.scopeId !== null) {
      this.complete(scope);
      return;
    }
    // The process scope is empty: the instance has ended.
    this.endInstance(scope, 'element.completed');
    this.finish(this.terminatedBy ? 'terminated' : 'completed', this.terminatedBy ?? this.lastEndEventId);
  }

  finish(status: Exclude<InstanceStatus, 'active'>, endEventId: string | null, reason?: string | null): void {
    this.status = status;
    this.endedAt = this.env.now;
    const at = this.env.now;
    if (status === 'completed') this.history({ kind: 'instance.completed', at, endEventId });
    else if (status === 'terminated') this.history({ kind: 'instance.terminated', at, endEventId: endEventId ?? '' });
    else this.history({ kind: 'instance.cancelled', at, reason: reason ?? null });
    this.effect({ kind: 'instance.ended', status, endEventId });
  }

  /** The new state (every element instance in it waits). */
  result(): InstanceState {
    return {
      ...this.base,
      status: this.status,
      endedAt: this.endedAt,
      elements: this.elements,
      variables: this.variables,
      waits: this.waits,
      incidents: this.incidents,
      nextId: this.nextId,
    };
  }
}

export function isActivity(element: CompiledElement): boolean {
  return element.type === 'userTask' || element.type === 'serviceTask' || element.type === 'sendTask' || element.type === 'subProcess';
}
