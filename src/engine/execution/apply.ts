/**
 * `apply(process, state, command, env)`: the engine's single entry point for running
 * instances. Pure: the same inputs give the same state and effects.
 */
import { EngineError, type ApplyResult, type Command, type EngineEnv, type InstanceState } from '../api.ts';
import type { CompiledProcess } from '../model/model.types.ts';
import { COMMANDS } from './commands.ts';
import { Step } from './engine-step.ts';

export function apply(process: CompiledProcess, state: InstanceState | null, command: Command, env: EngineEnv): ApplyResult {
  if (command.kind === 'start') {
    if (state !== null) throw new EngineError('INSTANCE_NOT_ACTIVE', `instance '${state.instanceId}' has already started`);
    return start(process, command, env);
  }
  if (state === null) throw new EngineError('INSTANCE_NOT_ACTIVE', `'${command.kind}' needs a started instance`);
  if (state.status !== 'active') throw new EngineError('INSTANCE_NOT_ACTIVE', `instance '${state.instanceId}' is ${state.status}`);
  const step = new Step(process, state, env);
  (COMMANDS[command.kind] as (step: Step, command: Command) => void)(step, command);
  step.run();
  return { state: step.result(), effects: step.effects };
}

function start(process: CompiledProcess, command: Extract<Command, { kind: 'start' }>, env: EngineEnv): ApplyResult {
  const startEventId = command.startEventId ?? process.root.startEventId;
  const startEvent = startEventId ? process.elements.get(startEventId) : undefined;
  if (!startEvent || startEvent.type !== 'startEvent' || startEvent.parentId !== process.id) {
    throw new EngineError('START_EVENT_NOT_FOUND', `process '${process.id}' has no start event '${startEventId}'`);
  }
  const variables = command.variables ?? {};
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) {
    throw new EngineError('INVALID_VARIABLES', 'start variables must be an object of name → JSON value');
  }
  const empty: InstanceState = {
    instanceId: command.instanceId,
    processId: process.id,
    definitionKey: command.definitionKey,
    businessKey: command.businessKey ?? null,
    status: 'active',
    startedAt: env.now,
    endedAt: null,
    elements: {},
    variables: {},
    waits: {},
    incidents: {},
    nextId: 1,
  };
  const step = new Step(process, empty, env);
  step.history({ kind: 'instance.started', at: env.now });
  const root = step.createInstance(process.root, null);
  step.variables[root.id] = {};
  if (Object.keys(variables).length > 0) {
    step.variables[root.id] = { ...variables };
    step.history({ kind: 'variables.set', at: env.now, scopeId: root.id, names: Object.keys(variables) });
  }
  step.enter(startEvent.id, root.id, null);
  step.run();
  return { state: step.result(), effects: step.effects };
}
