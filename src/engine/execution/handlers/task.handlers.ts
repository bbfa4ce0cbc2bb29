/** User tasks (a person completes them) and service/send tasks (a job worker does). */
import type { ElementInstance, JobSpec, Millis, UserTaskSpec } from '../../api.ts';
import { splitList, toInstant, toText, toTextList } from '../../feel/feel-values.ts';
import type { CompiledElement, ModelValue } from '../../model/model.types.ts';
import type { Step } from '../engine-step.ts';
import { valueAt } from '../evaluate.ts';
import { visibleVariables } from '../variables.ts';
import type { ElementHandler } from './element-handler.ts';

export const userTaskHandler: ElementHandler = {
  activate(step, instance, element) {
    step.effect({ kind: 'userTask.created', task: userTaskSpec(step, instance, element) });
    step.wait(instance);
  },
};

export const jobTaskHandler: ElementHandler = {
  activate(step, instance, element) {
    createJob(step, instance, element);
  },
};

/** Emits job.created with the task definition's retries (also when an incident is resolved). */
export function createJob(step: Step, instance: ElementInstance, element: CompiledElement): void {
  const def = element.job!;
  const type = valueAt(step, def.type, instance.id);
  if (!type.ok || !toText(type.value)) {
    return step.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', `the job type of '${element.id}' ${type.ok ? `evaluated to ${JSON.stringify(type.value ?? null)}` : type.message}`);
  }
  const retriesValue = valueAt(step, def.retries, instance.id);
  const retries = retriesValue.ok ? Number(retriesValue.value) : NaN;
  if (!Number.isInteger(retries) || retries < 0) {
    return step.raiseIncident(instance, 'EXTRACT_VALUE_ERROR', `the job retries of '${element.id}' are not a whole number`);
  }
  const job: JobSpec = {
    elementInstanceId: instance.id,
    elementId: element.id,
    type: toText(type.value)!,
    retries,
    headers: element.headers,
    variables: visibleVariables(step, instance.id),
  };
  step.effect({ kind: 'job.created', job });
  step.wait(instance, { ...(step.elements[instance.id]?.data ?? {}), job: true });
}

/** Values a person sees are best-effort: an expression that fails leaves the field empty rather than blocking the process. */
function text(step: Step, value: ModelValue | null, instance: ElementInstance): string | null {
  if (!value) return null;
  const result = valueAt(step, value, instance.id);
  return result.ok ? toText(result.value) : null;
}

function list(step: Step, value: ModelValue | null, instance: ElementInstance): string[] {
  if (!value) return [];
  if (value.kind === 'literal') return splitList(value.value);
  const result = valueAt(step, value, instance.id);
  return (result.ok ? toTextList(result.value) : null) ?? [];
}

function instant(step: Step, value: ModelValue | null, instance: ElementInstance): Millis | null {
  if (!value) return null;
  const result = valueAt(step, value, instance.id);
  return result.ok ? toInstant(result.value, step.env.calendar.zone) : null;
}

function userTaskSpec(step: Step, instance: ElementInstance, element: CompiledElement): UserTaskSpec {
  const def = element.userTask!;
  const priority = def.priority ? Number(text(step, def.priority, instance)) : NaN;
  const name = element.name || element.id;
  return {
    elementInstanceId: instance.id,
    elementId: element.id,
    name,
    title: text(step, def.title, instance) || name,
    kind: element.properties.kind ?? null,
    author: text(step, def.author, instance),
    assignee: text(step, def.assignee, instance),
    candidateGroups: list(step, def.candidateGroups, instance),
    candidateUsers: list(step, def.candidateUsers, instance),
    dueAt: instant(step, def.dueDate, instance),
    followUpAt: instant(step, def.followUpDate, instance),
    priority: Number.isFinite(priority) ? priority : 50,
    formId: def.formId,
    headers: element.headers,
    properties: element.properties,
    variables: visibleVariables(step, instance.id),
  };
}
