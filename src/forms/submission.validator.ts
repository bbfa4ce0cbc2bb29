/**
 * Server-side re-validation of a user-task submission against the same form-js JSON the
 * browser renders (form-js runs only in browsers). A submission the form would refuse is
 * refused here too, with one message per field; then the task's domain rules run.
 *
 * Decisions:
 * - Only the form's own visible, editable fields make the answer. Keys the form does not
 *   bind (and fields it hides, or shows read-only) are dropped, not refused: the browser
 *   sends initial data back, and a dropped key can never reach the process. `dropped`
 *   lists them for logging.
 * - Conditions (`conditional.hide`) see the process variables overlaid with the form's own
 *   fields — never with dropped keys, so a client cannot unhide or hide a field by sending
 *   e.g. its own `clientType`.
 * - Text is trimmed. An optional field left empty is left out of `values` (a checkbox
 *   answers false, a multi-choice []), so an optional change the user did not make — a
 *   meeting's place, say — keeps the process variable it would otherwise erase.
 */
import { checkFieldValue, emptyValueOf, isEmptyValue, type FieldCheckContext } from './field-value.validator.ts';
import { evaluateProperty, isExpression, isHidden } from './feel-expressions.ts';
import { boundFields, getAt, leafPaths, setAt, type BoundField } from './form-fields.ts';
import type { FieldError, FormComponent, FormSchema } from './form-schema.types.ts';
import { FRANCHISE_TASK_RULES, type TaskRule } from './franchise-task.rules.ts';

export interface SubmissionContext {
  /** The process variables the form was opened with (form-js's initial data). */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** Options of `valuesKey` fields, by key (e.g. `salesRepOptions`); falls back to `variables[valuesKey]`. */
  readonly options?: Readonly<Record<string, unknown>>;
  /** The company's zone for date-times without an offset and for stored values. Default Europe/Moscow. */
  readonly timeZone?: string;
  /** Which task's domain rules apply; default: the form's id. */
  readonly taskId?: string;
  /** Domain rules by task id; default: the franchise process's. */
  readonly rules?: Readonly<Record<string, TaskRule>>;
  /** Confirms that an uploaded file id exists (optional). */
  readonly isKnownFile?: (fileId: string) => boolean;
}

export type SubmissionResult =
  | { readonly ok: true; readonly values: Record<string, unknown>; readonly dropped: readonly string[] }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The label people see for a field, with FEEL labels evaluated. */
export function fieldLabel(component: FormComponent, feel: Record<string, unknown>): string {
  const raw = component.label ?? component.dateLabel ?? component.timeLabel;
  const label = isExpression(raw) ? evaluateProperty(raw, feel) : raw;
  return typeof label === 'string' && label.trim() ? label.trim() : (component.key ?? component.id ?? component.type);
}

function isEditable(field: BoundField): boolean {
  return field.component.readonly !== true && field.component.disabled !== true;
}

/**
 * «Label: detail» — unless the detail already begins with the label, as an author's
 * patternErrorMessage often does («БИК: 9 цифр»; form-js shows it as it is).
 */
export function withLabel(label: string, detail: string): string {
  const head = label.trim().toLowerCase();
  const text = detail.trim();
  const named = head !== '' && text.toLowerCase().startsWith(head) && !/[\p{L}\p{N}]/u.test(text.charAt(head.length));
  return named ? text : `${label}: ${detail}`;
}

export function validateSubmission(schema: FormSchema, data: unknown, context: SubmissionContext = {}): SubmissionResult {
  const submitted = isObject(data) ? data : {};
  const fields = boundFields(schema).filter(isEditable);

  // What the form's conditions see: variables, overlaid with the form's own fields only.
  const feel: Record<string, unknown> = structuredClone({ ...(context.variables ?? {}) });
  for (const field of fields) {
    const value = getAt(submitted, field.path);
    if (value !== undefined) setAt(feel, field.path, value);
  }
  const ctx: FieldCheckContext = {
    feel,
    options: (key) => context.options?.[key] ?? context.variables?.[key],
    timeZone: context.timeZone ?? 'Europe/Moscow',
    isKnownFile: context.isKnownFile,
  };

  const values: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  const labels = new Map<string, string>();
  const visible: BoundField[] = [];
  // Many fields share a condition (a whole ООО-only set); FEEL is slow enough to evaluate each once.
  const hiddenBy = new Map<string, boolean>();
  const hides = (hide: string | undefined) => {
    if (hide === undefined) return false;
    if (!hiddenBy.has(hide)) hiddenBy.set(hide, isHidden(hide, feel));
    return hiddenBy.get(hide)!;
  };
  for (const field of fields) {
    const hidden = [...field.ancestors, field.component].some((c) => hides(c.conditional?.hide));
    if (hidden) continue;
    visible.push(field);
    const name = field.path.join('.');
    const label = fieldLabel(field.component, feel);
    labels.set(name, label);
    const raw = getAt(submitted, field.path);
    if (isEmptyValue(field.component, raw)) {
      if (field.component.validate?.required) {
        errors.push({ field: name, code: 'REQUIRED', message: `${label}: ${field.component.type === 'checkbox' ? 'нужно отметить' : 'обязательное поле'}` });
      } else {
        const empty = emptyValueOf(field.component);
        if (empty !== undefined) setAt(values, field.path, empty);
      }
      continue;
    }
    const checked = checkFieldValue(field.component, raw, ctx);
    if ('problem' in checked) errors.push({ field: name, code: checked.problem.code, message: withLabel(label, checked.problem.detail) });
    else setAt(values, field.path, checked.value);
  }

  const rule = (context.rules ?? FRANCHISE_TASK_RULES)[context.taskId ?? schema.id];
  if (rule) {
    const failed = new Set(errors.map((e) => e.field));
    for (const error of rule({ values, variables: context.variables ?? {}, labels, timeZone: ctx.timeZone })) {
      // One message per field: a field the form already refused keeps the form's message.
      if (!failed.has(error.field)) {
        failed.add(error.field);
        errors.push(error);
      }
    }
  }
  if (errors.length) return { ok: false, errors };

  const kept = visible.map((f) => f.path.join('.'));
  const dropped = leafPaths(submitted)
    .map((p) => p.join('.'))
    .filter((p) => !kept.some((k) => p === k || p.startsWith(`${k}.`)));
  return { ok: true, values, dropped };
}
