/**
 * Compiles one executable bpmn:Process (and its embedded sub-processes) into the
 * immutable graph, reporting everything outside the coverage of ARCHITECTURE.md.
 */
import type { ElementType } from '../api.ts';
import { DateTime } from 'luxon';
import type { CompiledElement, CompiledFlow, CompiledProcess, EventDefinition, ModelValue, TimerDefinition } from './model.types.ts';
import type { ProblemList } from './model-problems.ts';
import type { ModdleElement } from './moddle-element.ts';
import { compileExtensions } from './compile-extensions.ts';
import { ISO_CYCLE, feel, isIsoDuration, modelValue } from './model-values.ts';
import { checkGraph } from './check-graph.ts';

const SUPPORTED: Record<string, ElementType> = {
  'bpmn:SubProcess': 'subProcess',
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:UserTask': 'userTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
};

const REFUSED_WHY: Record<string, string> = {
  'bpmn:ScriptTask': 'script tasks are not supported: use a service task handled by a job worker',
  'bpmn:CallActivity': 'call activities are not supported: model the called process as an embedded sub-process',
  'bpmn:BusinessRuleTask': 'business rule tasks (DMN) are not supported: use an exclusive gateway with FEEL conditions',
  'bpmn:ReceiveTask': 'receive tasks are not supported: use an intermediate message catch event',
  'bpmn:ManualTask': 'manual tasks are not supported: use a user task',
  'bpmn:Task': 'undefined tasks are not supported: use a user task or a service task',
  'bpmn:InclusiveGateway': 'inclusive gateways are not supported: use parallel and exclusive gateways',
  'bpmn:ComplexGateway': 'complex gateways are not supported: use parallel and exclusive gateways',
  'bpmn:IntermediateThrowEvent': 'intermediate throw events are not supported',
  'bpmn:Transaction': 'transaction sub-processes are not supported: use an embedded sub-process',
  'bpmn:AdHocSubProcess': 'ad-hoc sub-processes are not supported: use an embedded sub-process',
  'bpmn:DataObject': 'data objects are not supported (they carry no behaviour in Potok): remove them',
  'bpmn:DataObjectReference': 'data objects are not supported (they carry no behaviour in Potok): remove them',
  'bpmn:DataStoreReference': 'data stores are not supported (they carry no behaviour in Potok): remove them',
};

const DEFINITION_NAMES: Record<string, string> = {
  'bpmn:SignalEventDefinition': 'signal events',
  'bpmn:EscalationEventDefinition': 'escalation events',
  'bpmn:CompensateEventDefinition': 'compensation events',
  'bpmn:ConditionalEventDefinition': 'conditional events',
  'bpmn:LinkEventDefinition': 'link events',
  'bpmn:CancelEventDefinition': 'cancel events',
  'bpmn:TimerEventDefinition': 'timer events',
  'bpmn:MessageEventDefinition': 'message events',
  'bpmn:ErrorEventDefinition': 'error events',
  'bpmn:TerminateEventDefinition': 'terminate events',
};

/** Event definitions allowed per event type. */
const ALLOWED_DEFINITIONS: Partial<Record<ElementType, readonly string[]>> = {
  startEvent: [],
  endEvent: ['bpmn:TerminateEventDefinition', 'bpmn:ErrorEventDefinition'],
  intermediateCatchEvent: ['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition'],
  boundaryEvent: ['bpmn:TimerEventDefinition', 'bpmn:MessageEventDefinition', 'bpmn:ErrorEventDefinition'],
};

type Draft = { -readonly [K in keyof CompiledElement]: CompiledElement[K] };

export interface CompileContext {
  readonly problems: ProblemList;
  readonly elements: Map<string, Draft>;
  readonly flows: Map<string, CompiledFlow>;
  readonly moddle: Map<string, ModdleElement>;
  readonly messageNames: Set<string>;
}

export function compileProcess(process: ModdleElement, problems: ProblemList): CompiledProcess | null {
  const ctx: CompileContext = { problems, elements: new Map(), flows: new Map(), moddle: new Map(), messageNames: new Set() };
  const root = draftElement(process, 'process', null, ctx);
  compileScope(process, root, ctx);
  checkGraph(ctx);
  if (!problems.empty) return null;
  const elements = new Map<string, CompiledElement>();
  for (const [id, el] of ctx.elements) elements.set(id, Object.freeze(el));
  return Object.freeze({
    id: process.id as string,
    name: (process.name as string | undefined) ?? (process.id as string),
    elements,
    flows: ctx.flows,
    root: elements.get(root.id)!,
    messageNames: [...ctx.messageNames],
  });
}

function compileScope(scope: ModdleElement, scopeDraft: Draft, ctx: CompileContext): void {
  const flowElements: ModdleElement[] = scope.flowElements ?? [];
  for (const el of flowElements) {
    if (el.$type === 'bpmn:SequenceFlow') compileFlow(el, ctx);
  }
  const starts: string[] = [];
  for (const el of flowElements) {
    if (el.$type === 'bpmn:SequenceFlow') continue;
    const type = SUPPORTED[el.$type];
    if (!type) {
      ctx.problems.add('UNSUPPORTED_ELEMENT', el, REFUSED_WHY[el.$type] ?? `${el.$type} is not supported by Potok`);
      continue;
    }
    if (el.loopCharacteristics) {
      const kind = el.loopCharacteristics.$type === 'bpmn:StandardLoopCharacteristics' ? 'standard loops' : 'multi-instance';
      ctx.problems.add('UNSUPPORTED_LOOP', el, `${kind} (${el.loopCharacteristics.$type}) is not supported: model the repetition with a gateway and a loop back`);
    }
    const draft = draftElement(el, type, scopeDraft.id, ctx);
    if (type === 'startEvent' && (el.eventDefinitions ?? []).length === 0) starts.push(draft.id);
    if (type === 'subProcess') {
      if (el.triggeredByEvent) ctx.problems.add('UNSUPPORTED_ELEMENT', el, 'event sub-processes are not supported: use boundary events on a sub-process');
      else compileScope(el, draft, ctx);
    }
  }
  const where = scopeDraft.type === 'process' ? 'the process' : `sub-process '${scopeDraft.id}'`;
  if (starts.length === 0) ctx.problems.add('MISSING_START_EVENT', ctx.moddle.get(scopeDraft.id) ?? null, `${where} has no none start event`);
  if (starts.length > 1) ctx.problems.add('MULTIPLE_START_EVENTS', ctx.moddle.get(scopeDraft.id) ?? null, `${where} has ${starts.length} none start events (${starts.join(', ')}); Potok supports exactly one`);
  scopeDraft.startEventId = starts[0] ?? null;
}

function compileFlow(flow: ModdleElement, ctx: CompileContext): void {
  const body = flow.conditionExpression?.body;
  let condition = null;
  if (typeof body === 'string' && body.trim() !== '') {
    const text = body.trim();
    condition = feel(text.startsWith('=') ? text.slice(1) : text, flow, 'the condition', ctx.problems);
  }
  const id = flow.id ?? '';
  ctx.moddle.set(id, flow);
  ctx.flows.set(id, {
    id,
    sourceId: flow.sourceRef?.id ?? '',
    targetId: flow.targetRef?.id ?? '',
    condition,
  });
}

function draftElement(el: ModdleElement, type: ElementType, parentId: string | null, ctx: CompileContext): Draft {
  const id = el.id ?? '';
  if (id === '') ctx.problems.add('DUPLICATE_ID', el, `a ${el.$type} has no id`);
  if (ctx.elements.has(id)) ctx.problems.add('DUPLICATE_ID', el, `duplicate id "${id}": two elements of the process have it; give each an id of its own`);
  const ext = compileExtensions(el, type, ctx.problems);
  const draft: Draft = {
    id,
    type,
    name: typeof el.name === 'string' ? el.name : '',
    parentId,
    incoming: [],
    outgoing: [],
    defaultFlowId: el.default?.id ?? null,
    event: eventDefinition(el, type, ext.correlationKey, ext.hasSubscription, ctx),
    boundaryIds: [],
    attachedToId: type === 'boundaryEvent' ? (el.attachedToRef?.id ?? null) : null,
    cancelActivity: type === 'boundaryEvent' ? el.cancelActivity !== false : true,
    startEventId: null,
    job: ext.job,
    userTask: ext.userTask,
    inputs: ext.inputs,
    outputs: ext.outputs,
    headers: ext.headers,
    properties: ext.properties,
  };
  ctx.elements.set(draft.id, draft);
  ctx.moddle.set(draft.id, el);
  return draft;
}

function eventDefinition(el: ModdleElement, type: ElementType, eventKey: ModelValue | null, eventHasSubscription: boolean, ctx: CompileContext): EventDefinition {
  let correlationKey = eventKey;
  let hasSubscription = eventHasSubscription;
  const allowed = ALLOWED_DEFINITIONS[type];
  if (!allowed) return { kind: 'none' };
  const defs: ModdleElement[] = el.eventDefinitions ?? [];
  if (defs.length > 1) {
    ctx.problems.add('UNSUPPORTED_EVENT_DEFINITION', el, `multiple event definitions on one event are not supported (${defs.map((d) => d.$type).join(', ')})`);
    return { kind: 'none' };
  }
  if (defs.length === 0) {
    if (type === 'intermediateCatchEvent' || type === 'boundaryEvent') {
      ctx.problems.add('UNSUPPORTED_EVENT_DEFINITION', el, `a ${type === 'boundaryEvent' ? 'boundary' : 'catch'} event needs a timer, message${type === 'boundaryEvent' ? ' or error' : ''} definition`);
    }
    return { kind: 'none' };
  }
  const def = defs[0];
  if (!allowed.includes(def.$type)) {
    const what = DEFINITION_NAMES[def.$type] ?? def.$type;
    const where = { startEvent: 'start events', endEvent: 'end events', intermediateCatchEvent: 'intermediate catch events', boundaryEvent: 'boundary events' }[type as 'startEvent'];
    const hint = type === 'startEvent' ? ' (instances are started by a command; use a none start event)' : '';
    ctx.problems.add('UNSUPPORTED_EVENT_DEFINITION', el, `${what} (${def.$type}) are not supported on ${where}${hint}`);
    return { kind: 'none' };
  }
  switch (def.$type) {
    case 'bpmn:TerminateEventDefinition':
      return { kind: 'terminate' };
    case 'bpmn:ErrorEventDefinition': {
      const code = def.errorRef?.errorCode;
      if (type === 'endEvent' && (typeof code !== 'string' || code.trim() === '')) {
        ctx.problems.add('UNSUPPORTED_EVENT_DEFINITION', el, 'an error end event needs an error with an error code (errorRef → bpmn:error errorCode)');
      }
      return { kind: 'error', errorCode: modelValue(code, el, 'the error code', ctx.problems) };
    }
    case 'bpmn:TimerEventDefinition':
      return timerDefinition(el, def, type, ctx);
    default: {
      const name = def.messageRef?.name;
      const messageName = modelValue(name, el, 'the message name', ctx.problems);
      if (!def.messageRef || typeof name !== 'string' || name.trim() === '') {
        ctx.problems.add('MISSING_MESSAGE', el, 'a message event needs a message with a name (messageRef → bpmn:message name)');
      }
      if (messageName?.kind === 'literal') ctx.messageNames.add(messageName.value);
      // Camunda 8 puts the subscription on the bpmn:message (the event may carry one in older models).
      const subscription = (def.messageRef?.extensionElements?.values ?? []).find((v: ModdleElement) => v.$type === 'zeebe:Subscription');
      if (subscription) {
        hasSubscription = true;
        correlationKey = modelValue(subscription.correlationKey, el, 'the correlation key', ctx.problems) ?? correlationKey;
      }
      if (!correlationKey && !hasSubscription) {
        ctx.problems.add('MISSING_CORRELATION_KEY', el, 'a message catch event needs <zeebe:subscription correlationKey="=…"> on its message');
      } else if (!correlationKey) {
        ctx.problems.add('MISSING_CORRELATION_KEY', el, 'the message subscription has an empty correlation key');
      }
      return { kind: 'message', messageName: messageName ?? { kind: 'literal', value: '' }, correlationKey };
    }
  }
}

function timerDefinition(el: ModdleElement, def: ModdleElement, type: ElementType, ctx: CompileContext): EventDefinition {
  const pick = (['timeDuration', 'timeDate', 'timeCycle'] as const).filter((k) => typeof def[k]?.body === 'string' && def[k].body.trim() !== '');
  if (pick.length === 0) {
    ctx.problems.add('TIMER_NO_DEFINITION', el, 'the timer has no definition: set a duration (e.g. PT1H), a date or a cycle');
    return { kind: 'none' };
  }
  if (pick.length > 1) {
    ctx.problems.add('INVALID_TIMER', el, `the timer has several definitions (${pick.join(', ')}); keep one`);
    return { kind: 'none' };
  }
  const key = pick[0];
  const value = modelValue(def[key].body, el, `the timer ${key}`, ctx.problems);
  if (!value) return { kind: 'none' };
  const kind = ({ timeDuration: 'duration', timeDate: 'date', timeCycle: 'cycle' } as const)[key];
  if (kind === 'cycle' && type !== 'boundaryEvent') {
    ctx.problems.add('UNSUPPORTED_TIMER', el, 'a timer cycle is supported only on boundary events (reminders); use a duration or a date');
  }
  if (value.kind === 'literal') checkTimerLiteral(el, kind, value.value, ctx);
  const timer: TimerDefinition = { kind, value };
  return { kind: 'timer', timer };
}

function checkTimerLiteral(el: ModdleElement, kind: TimerDefinition['kind'], text: string, ctx: CompileContext): void {
  if (kind === 'duration' && !isIsoDuration(text)) {
    ctx.problems.add('INVALID_TIMER', el, `'${text}' is not an ISO 8601 duration (e.g. PT15M, P2D)`);
  }
  if (kind === 'date' && !DateTime.fromISO(text).isValid) {
    ctx.problems.add('INVALID_TIMER', el, `'${text}' is not an ISO 8601 date-time (e.g. 2025-03-01T10:00:00+03:00)`);
  }
  if (kind === 'cycle') {
    const m = ISO_CYCLE.exec(text);
    if (!m || !isIsoDuration(m[3])) {
      ctx.problems.add('UNSUPPORTED_TIMER', el, `'${text}' is not an ISO 8601 repeating interval (e.g. R3/PT1H or R/P1D); cron cycles are not supported`);
    }
  }
}
