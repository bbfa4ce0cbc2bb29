/**
 * The task-form port on src/forms: form-js JSON from processes/forms (the document forms
 * generated from the admin's document sets), validated with validateSubmission. The
 * deal's fields are the source of truth, so they pre-fill the form over the variables.
 */
import type { DocumentSets } from '../document-sets/index.ts';
import { shippedDocumentSets } from '../document-sets/document-sets.store.ts';
import { REVIEW_FORM_IDS } from '../document-sets/documents-review.builder.ts';
import { loadTaskForm, validateSubmission, type FormSchema } from '../../forms/index.ts';
import type { FormContext, TaskFormPort } from './task-form.port.ts';

export interface FormsAdapterOptions {
  readonly timeZone: string;
  /** The document sets in effect at a moment (a task's creation); default: processes/document-sets.json. */
  readonly documentSets?: (at: number) => Promise<DocumentSets>;
  /** When the instance's latest document task (upload or supplement) was created: the lawyer reviews what it asked for. */
  readonly documentsTaskCreatedAt?: (instanceId: string) => Promise<number | null>;
  /** Ids of files uploaded for the task's deal (a document may point at one). */
  readonly fileIdsOfDeal: (dealId: string) => Promise<ReadonlySet<string>>;
}

export function createFormsAdapter(options: FormsAdapterOptions): TaskFormPort {
  const documentSets = options.documentSets ?? (() => shippedDocumentSets());
  // A task's documents are those in effect when it was created, so an admin's change
  // reaches the next task and never changes a form someone has open.
  const setsMoment = async (ctx: FormContext): Promise<number> => {
    const formId = ctx.task.formId ?? ctx.task.elementId;
    if (!(REVIEW_FORM_IDS as readonly string[]).includes(formId) || !options.documentsTaskCreatedAt) return ctx.task.createdAt;
    return (await options.documentsTaskCreatedAt(ctx.task.instanceId)) ?? ctx.task.createdAt;
  };
  const schemaOf = async (ctx: FormContext): Promise<FormSchema | null> => {
    const formId = ctx.task.formId ?? ctx.task.elementId;
    try {
      return await loadTaskForm(formId, { documentSets: await documentSets(await setsMoment(ctx)) });
    } catch {
      return null; // a task without a form: completing it needs no answers
    }
  };
  const values = (ctx: FormContext): Record<string, unknown> => {
    const v: Record<string, unknown> = { ...ctx.task.variables };
    const d = ctx.deal;
    if (d) {
      if (d.requisites) v.requisites = d.requisites;
      if (d.documents) v.documents = d.documents;
      if (d.clientType) v.clientType = d.clientType;
      if (d.premisesAddress && v.premisesAddress === undefined) v.premisesAddress = d.premisesAddress;
    }
    for (const [k, list] of Object.entries(ctx.options)) v[k] = list;
    return v;
  };
  return {
    async form(ctx) {
      return { schema: await schemaOf(ctx), values: values(ctx) };
    },
    async validate(ctx, data) {
      const schema = await schemaOf(ctx);
      if (!schema) return { problems: [], values: {} };
      const files = ctx.deal ? await options.fileIdsOfDeal(ctx.deal.id) : new Set<string>();
      const result = validateSubmission(schema, data, {
        variables: values(ctx),
        options: ctx.options,
        timeZone: options.timeZone,
        taskId: ctx.task.elementId,
        isKnownFile: (id) => files.has(id),
      });
      return result.ok ? { problems: [], values: result.values } : { problems: result.errors.map((e) => ({ field: e.field, message: e.message })), values: {} };
    },
  };
}
