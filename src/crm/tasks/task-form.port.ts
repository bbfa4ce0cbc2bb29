/**
 * The form behind a task: its schema (form-js JSON with dynamic options filled in), the
 * values it starts with, and the server's validation of a submission. Implemented on
 * src/forms (the forms helper's validateSubmission); the CRM only depends on this port.
 */
import type { Deal } from '../deals/deal.types.ts';
import type { FieldMessage } from '../service-error.ts';
import type { Task } from './task.types.ts';

export interface FormContext {
  readonly task: Task;
  readonly deal: Deal | null;
  /** Dynamic option lists, e.g. salesRepOptions = the active sales reps. */
  readonly options: Readonly<Record<string, readonly { value: string; label: string }[]>>;
}

export interface TaskForm {
  readonly schema: unknown | null;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface TaskFormPort {
  form(ctx: FormContext): Promise<TaskForm>;
  /** Problems with a submission, each naming its field; empty when valid. Returns the cleaned values too. */
  validate(ctx: FormContext, data: Readonly<Record<string, unknown>>): Promise<{ problems: readonly FieldMessage[]; values: Readonly<Record<string, unknown>> }>;
}

/** Without a forms module: no schema, the task's variables as values, submissions passed through. */
export const plainTaskForms: TaskFormPort = {
  async form(ctx) {
    return { schema: null, values: { ...ctx.task.variables } };
  },
  async validate(_ctx, data) {
    return { problems: [], values: data };
  },
};
