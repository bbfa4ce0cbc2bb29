/**
 * The zeebe extension elements of one flow element: which are allowed where, and what
 * they compile to. Anything not listed is refused (never accepted and ignored).
 */
import type { ElementType } from '../api.ts';
import type { IoMapping, JobDefinition, ModelValue, UserTaskDefinition } from './model.types.ts';
import type { ProblemList } from './model-problems.ts';
import type { ModdleElement } from './moddle-element.ts';
import { feel, modelValue } from './model-values.ts';
import { checkPotokProperties } from './potok-properties.ts';

const COMMON = ['zeebe:Properties', 'zeebe:IoMapping'];
const ALLOWED: Record<ElementType, readonly string[]> = {
  process: ['zeebe:Properties', 'zeebe:VersionTag', 'zeebe:UserTaskForm'],
  subProcess: COMMON,
  startEvent: [...COMMON, 'zeebe:FormDefinition'],
  endEvent: COMMON,
  // zeebe:TaskDefinition on a user task is how Camunda 8.0–8.4 models named the job of its own tasklist
  // (e.g. type="humanTask"); a Potok user task is completed by a person either way, so it has no effect.
  userTask: [...COMMON, 'zeebe:UserTask', 'zeebe:AssignmentDefinition', 'zeebe:TaskSchedule', 'zeebe:FormDefinition', 'zeebe:PriorityDefinition', 'zeebe:TaskHeaders', 'zeebe:TaskDefinition'],
  serviceTask: [...COMMON, 'zeebe:TaskDefinition', 'zeebe:TaskHeaders'],
  sendTask: [...COMMON, 'zeebe:TaskDefinition', 'zeebe:TaskHeaders'],
  exclusiveGateway: ['zeebe:Properties'],
  parallelGateway: ['zeebe:Properties'],
  eventBasedGateway: ['zeebe:Properties'],
  intermediateCatchEvent: [...COMMON, 'zeebe:Subscription'],
  boundaryEvent: [...COMMON, 'zeebe:Subscription'],
};

const WHY: Record<string, string> = {
  'zeebe:ExecutionListeners': 'execution listeners are not supported',
  'zeebe:TaskListeners': 'task listeners are not supported',
  'zeebe:LoopCharacteristics': 'multi-instance is not supported',
  'zeebe:CalledElement': 'call activities are not supported',
  'zeebe:CalledDecision': 'business rule tasks (DMN) are not supported',
  'zeebe:Script': 'script tasks are not supported',
};

export interface Extensions {
  readonly properties: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly inputs: IoMapping[];
  readonly outputs: IoMapping[];
  readonly job: JobDefinition | null;
  readonly userTask: UserTaskDefinition | null;
  readonly correlationKey: ModelValue | null;
  readonly hasSubscription: boolean;
}

export function compileExtensions(element: ModdleElement, type: ElementType, problems: ProblemList): Extensions {
  const values: ModdleElement[] = element.extensionElements?.values ?? [];
  const byType = new Map<string, ModdleElement>();
  for (const ext of values) {
    if (!ALLOWED[type].includes(ext.$type)) {
      const why = WHY[ext.$type] ?? `it is not supported on ${element.$type}`;
      problems.add('UNSUPPORTED_EXTENSION', element, `extension element <${ext.$type}> is refused: ${why}`);
      continue;
    }
    byType.set(ext.$type, ext);
  }
  const properties = pairs(byType.get('zeebe:Properties')?.properties, 'name');
  if (problems.checkUse) checkPotokProperties(element, properties, problems);
  const headers = pairs(byType.get('zeebe:TaskHeaders')?.values, 'key');
  const io = byType.get('zeebe:IoMapping');
  const inputs = mappings(io?.inputParameters, element, 'input', problems);
  const outputs = mappings(io?.outputParameters, element, 'output', problems);
  const subscription = byType.get('zeebe:Subscription');
  return {
    properties,
    headers,
    inputs,
    outputs,
    job: type === 'serviceTask' || type === 'sendTask' ? jobDefinition(element, byType.get('zeebe:TaskDefinition'), problems) : null,
    userTask: type === 'userTask' ? userTaskDefinition(element, byType, properties, problems) : null,
    correlationKey: modelValue(subscription?.correlationKey, element, 'the correlation key', problems),
    hasSubscription: subscription !== undefined,
  };
}

function pairs(list: ModdleElement[] | undefined, keyName: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const key = item[keyName];
    if (typeof key === 'string' && key !== '') out[key] = typeof item.value === 'string' ? item.value : '';
  }
  return out;
}

function mappings(list: ModdleElement[] | undefined, owner: ModdleElement, kind: 'input' | 'output', problems: ProblemList): IoMapping[] {
  const out: IoMapping[] = [];
  for (const item of list ?? []) {
    const target = typeof item.target === 'string' ? item.target.trim() : '';
    if (!/^[\p{L}_$][\p{L}\p{N}_$]*(\.[\p{L}_$][\p{L}\p{N}_$]*)*$/u.test(target)) {
      problems.add('INVALID_IO_MAPPING', owner, `${kind} mapping target '${target}' is not a variable name`);
      continue;
    }
    const rawSource = typeof item.source === 'string' ? item.source.trim() : '';
    // A source without '=' is a literal string in Camunda 8; wrap it so both cases are one expression.
    const source = rawSource === '' ? 'null' : rawSource.startsWith('=') ? rawSource.slice(1) : JSON.stringify(rawSource);
    const expression = feel(source, owner, `the ${kind} mapping for '${target}'`, problems);
    if (expression) out.push({ source: expression, target });
  }
  return out;
}

function jobDefinition(element: ModdleElement, def: ModdleElement | undefined, problems: ProblemList): JobDefinition | null {
  const type = modelValue(def?.type, element, 'the job type', problems);
  if (!type) {
    if (!def?.type || String(def.type).trim() === '') {
      problems.add('MISSING_TASK_DEFINITION', element, 'a service or send task needs <zeebe:taskDefinition type="…"> (the job type a worker handles)');
    }
    return null;
  }
  const retries = modelValue(def?.retries, element, 'the job retries', problems) ?? { kind: 'literal' as const, value: '3' };
  if (retries.kind === 'literal' && !/^\d+$/.test(retries.value)) {
    problems.add('MISSING_TASK_DEFINITION', element, `retries '${retries.value}' is not a whole number`);
  }
  return { type, retries };
}

function userTaskDefinition(element: ModdleElement, byType: Map<string, ModdleElement>, properties: Record<string, string>, problems: ProblemList): UserTaskDefinition {
  const assignment = byType.get('zeebe:AssignmentDefinition');
  const schedule = byType.get('zeebe:TaskSchedule');
  const form = byType.get('zeebe:FormDefinition');
  const formId = form?.formId || form?.formKey || form?.externalReference || null;
  return {
    assignee: modelValue(assignment?.assignee, element, 'the assignee', problems),
    candidateGroups: modelValue(assignment?.candidateGroups, element, 'the candidate groups', problems),
    candidateUsers: modelValue(assignment?.candidateUsers, element, 'the candidate users', problems),
    dueDate: modelValue(schedule?.dueDate, element, 'the due date', problems),
    followUpDate: modelValue(schedule?.followUpDate, element, 'the follow-up date', problems),
    priority: modelValue(byType.get('zeebe:PriorityDefinition')?.priority, element, 'the priority', problems),
    formId: typeof formId === 'string' ? formId : null,
    title: modelValue(properties.title, element, 'the title property', problems),
    author: modelValue(properties.author, element, 'the author property', problems),
  };
}
