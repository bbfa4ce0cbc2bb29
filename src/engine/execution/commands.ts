/**
 * What each command does to a running instance (start is in apply.ts). Each runs on a
 * Step; apply() then moves the tokens until they all wait.
 */
import { EngineError, type Command, type ElementInstance, type ElementType, type Variables } from '../api.ts';
import { findErrorCatch, triggerBoundary } from './boundary-events.ts';
import type { Step } from './engine-step.ts';
import { createJob } from './handlers/task.handlers.ts';
import { setLocal } from './variables.ts';
import { cancelWaitsOf, removeWait } from './waits.ts';

type Run<K extends Command['kind']> = (step: Step, command: Extract<Command, { kind: K }>) => void;

const JOB_TYPES: readonly ElementType[] = ['serviceTask', 'sendTask'];

export const COMMANDS: { readonly [K in Exclude<Command['kind'], 'start'>]: Run<K> } = {
  completeUserTask(step, cmd) {
    const instance = waitingAt(step, cmd.elementInstanceId, ['userTask']);
    checkVariables(cmd.variables);
    step.effect({ kind: 'userTask.ended', elementInstanceId: instance.id, elementId: instance.elementId, reason: 'completed' });
    step.complete(instance, { variables: cmd.variables });
  },

  completeJob(step, cmd) {
    const instance = waitingAt(step, cmd.elementInstanceId, JOB_TYPES);
    checkVariables(cmd.variables);
    step.complete(instance, { variables: cmd.variables });
  },

  failJob(step, cmd) {
    const instance = waitingAt(step, cmd.elementInstanceId, JOB_TYPES);
    if (cmd.retries > 0) {
      step.effect({ kind: 'job.retry', elementInstanceId: instance.id, retries: cmd.retries, retryAt: cmd.retryAt ?? step.env.now, message: cmd.message });
      return;
    }
    step.raiseIncident(instance, 'JOB_NO_RETRIES', `the job of '${instance.elementId}' failed with no retries left: ${cmd.message}`);
  },

  throwError(step, cmd) {
    const instance = waitingAt(step, cmd.elementInstanceId, JOB_TYPES);
    checkVariables(cmd.variables);
    const caught = findErrorCatch(step, instance, cmd.errorCode);
    step.history({ kind: 'error.thrown', at: step.env.now, elementId: instance.elementId, errorCode: cmd.errorCode, caughtBy: caught?.boundary.id ?? null });
    if (!caught) {
      const why = cmd.message ? `: ${cmd.message}` : '';
      step.raiseIncident(instance, 'UNHANDLED_ERROR_EVENT', `error '${cmd.errorCode}' thrown by the job of '${instance.elementId}' is not caught by any error boundary event${why}`);
      return;
    }
    triggerBoundary(step, caught.activity, caught.boundary, cmd.variables);
  },

  fireTimer(step, cmd) {
    const wait = step.waits[cmd.timerId];
    if (!wait || wait.kind !== 'timer') throw new EngineError('TIMER_NOT_FOUND', `timer '${cmd.timerId}' is not armed in this instance`);
    removeWait(step, wait.id, false); // consumed, not cancelled: the runtime deletes the fired row itself
    step.history({ kind: 'timer.fired', at: step.env.now, timerId: wait.id, elementId: wait.elementId });
    deliver(step, wait.elementInstanceId, wait.elementId, undefined, wait);
  },

  correlateMessage(step, cmd) {
    const wait = step.waits[cmd.waitId];
    if (!wait || wait.kind !== 'message') throw new EngineError('WAIT_NOT_FOUND', `message subscription '${cmd.waitId}' is not open in this instance`);
    checkVariables(cmd.variables);
    const event = step.element(wait.elementId);
    // A non-interrupting message boundary stays subscribed: it may fire again.
    const keep = event.type === 'boundaryEvent' && !event.cancelActivity;
    if (!keep) {
      removeWait(step, wait.id, false);
    }
    step.history({ kind: 'message.correlated', at: step.env.now, waitId: wait.id, elementId: wait.elementId });
    deliver(step, wait.elementInstanceId, wait.elementId, cmd.variables, wait);
  },

  cancel(step, cmd) {
    const root = Object.values(step.elements).find((e) => e.scopeId === null);
    if (root) step.terminate(root, 'cancelled');
    step.finish('cancelled', null, cmd.reason ?? null);
  },

  resolveIncident(step, cmd) {
    const incident = step.incidents[cmd.incidentId];
    if (!incident) throw new EngineError('INCIDENT_NOT_FOUND', `incident '${cmd.incidentId}' is not open in this instance`);
    delete step.incidents[incident.id];
    step.effect({ kind: 'incident.resolved', incidentId: incident.id });
    step.history({ kind: 'incident.resolved', at: step.env.now, incidentId: incident.id, elementId: incident.elementId, message: incident.message });
    const instance = step.elements[incident.elementInstanceId];
    if (!instance) return;
    const element = step.element(instance.elementId);
    if (JOB_TYPES.includes(instance.elementType) && instance.data?.job === true && (incident.type === 'JOB_NO_RETRIES' || incident.type === 'UNHANDLED_ERROR_EVENT')) {
      createJob(step, instance, element);
      return;
    }
    if (instance.data?.resume === 'complete') {
      const { resume: _resume, ...data } = instance.data;
      step.complete(step.update(instance, { data }));
      return;
    }
    // Anything else failed during activation: run it again from the start, with the variables as they are now.
    cancelWaitsOf(step, instance.id);
    if (instance.scopeId !== null && instance.elementType !== 'subProcess') delete step.variables[instance.id];
    step.activate(instance, element);
  },

  setVariables(step, cmd) {
    checkVariables(cmd.variables);
    const scopeId = cmd.scopeId ?? Object.values(step.elements).find((e) => e.scopeId === null)?.id;
    if (!scopeId || step.variables[scopeId] === undefined || !step.elements[scopeId]) {
      throw new EngineError('ELEMENT_INSTANCE_NOT_FOUND', `variable scope '${cmd.scopeId}' is not live in this instance`);
    }
    setLocal(step, scopeId, cmd.variables);
  },
};

/** A fired timer or correlated message reaches the event it belongs to. */
function deliver(step: Step, ownerId: string, eventId: string, variables: Variables | undefined, wait: Step['waits'][string]): void {
  const owner = step.elements[ownerId];
  if (!owner) return;
  const event = step.element(eventId);
  if (owner.elementType === 'eventBasedGateway') {
    const gateway = step.element(owner.elementId);
    cancelWaitsOf(step, owner.id);
    step.complete(owner, { flows: gateway.outgoing.filter((f) => f.targetId === eventId), trigger: { variables } });
    return;
  }
  if (event.type === 'boundaryEvent') {
    triggerBoundary(step, owner, event, variables, wait);
    return;
  }
  step.complete(owner, { variables });
}

function waitingAt(step: Step, elementInstanceId: string, types: readonly ElementType[]): ElementInstance {
  const instance = step.elements[elementInstanceId];
  if (!instance) throw new EngineError('ELEMENT_INSTANCE_NOT_FOUND', `element instance '${elementInstanceId}' is not live in this instance`);
  if (!types.includes(instance.elementType)) {
    throw new EngineError('WRONG_ELEMENT_TYPE', `element instance '${elementInstanceId}' is a ${instance.elementType} ('${instance.elementId}'), expected ${types.join(' or ')}`);
  }
  const incident = Object.values(step.incidents).find((i) => i.elementInstanceId === instance.id);
  if (incident) throw new EngineError('INCIDENT_OPEN', `element instance '${elementInstanceId}' has an open incident (${incident.type}); resolve it first`);
  return instance;
}

function checkVariables(variables: Variables | undefined): void {
  if (variables === undefined) return;
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) {
    throw new EngineError('INVALID_VARIABLES', 'variables must be an object of name → JSON value');
  }
  for (const name of Object.keys(variables)) {
    if (name.trim() === '' || name.includes('`')) throw new EngineError('INVALID_VARIABLES', `'${name}' is not a usable variable name`);
  }
}
