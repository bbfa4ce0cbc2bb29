/**
 * Answers to another model's user tasks (scenario `model` + `forms`): validated against
 * the task's form from the scenario's forms folder with the same validator the API uses
 * (src/forms validateSubmission). A task whose form is not in the folder takes its answer
 * as it is; a form file that exists but is broken stops the simulation.
 */
import { FormFileError, loadTaskForm, validateSubmission } from '../forms/index.ts';
import { loadDocumentSetsFile } from '../crm/document-sets/index.ts';
import { ScenarioError } from './scenario.ts';

export interface OtherModelTask {
  readonly elementId: string;
  readonly formId: string | null;
  readonly variables: Readonly<Record<string, unknown>>;
}

export interface OtherModelFormOptions {
  /** The scenario's forms folder; default: the shipped forms (processes/forms). */
  readonly formsDir: string | undefined;
  readonly zone: string;
  readonly salesReps: readonly { value: string; label: string }[];
  /** `answers.<task>[n]`, for messages. */
  readonly where: string;
}

export async function validateOtherModelAnswer(task: OtherModelTask, data: Readonly<Record<string, unknown>>, o: OtherModelFormOptions): Promise<Record<string, unknown>> {
  const formId = task.formId ?? task.elementId;
  let schema;
  try {
    schema = await loadTaskForm(formId, { documentSets: await loadDocumentSetsFile(), ...(o.formsDir ? { dir: o.formsDir } : {}) });
  } catch (err) {
    if (err instanceof FormFileError && err.reason === 'not_found') return { ...data };
    throw new ScenarioError(`${o.where}: the form of task ${task.elementId} cannot be used: ${(err as Error).message}`);
  }
  const result = validateSubmission(schema, data, {
    variables: task.variables,
    options: { salesRepOptions: o.salesReps },
    timeZone: o.zone,
    taskId: task.elementId,
  });
  if (!result.ok) {
    const n = /\[(\d+)\]$/.exec(o.where)?.[1] ?? '?';
    throw new ScenarioError(`${o.where} (answer ${n} of task ${task.elementId}) is refused by the form: ${result.errors.map((e) => `field ${e.field}: ${e.message}`).join('; ')}`);
  }
  return result.values;
}
