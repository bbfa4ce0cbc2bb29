/**
 * Checks that a form file is a form-js schema Potok can both render and re-validate:
 * `type: "default"`, schemaVersion 16+, an id, known component types, keys on value
 * fields, no two fields bound to the same value, options on choice fields, FEEL and
 * patterns that parse. Used at start for the shipped forms and when an admin uploads one.
 */
import { expressionProblem, isExpression } from './feel-expressions.ts';
import { CHOICE_TYPES, CONTAINER_TYPES, DISPLAY_TYPES, KEYED_TYPES, type FormComponent, type FormSchema } from './form-schema.types.ts';

export interface FormSchemaProblem {
  /** The component's id (or key, or position) the problem is about; '' for the form itself. */
  readonly component: string;
  readonly message: string;
}

export type FormSchemaCheck = { ok: true; schema: FormSchema } | { ok: false; problems: FormSchemaProblem[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const FEEL_PROPERTIES = ['label', 'valuesExpression', 'text'] as const;
const FEEL_VALIDATE = ['minLength', 'maxLength', 'min', 'max'] as const;

export function checkFormSchema(input: unknown): FormSchemaCheck {
  const problems: FormSchemaProblem[] = [];
  const form = (message: string) => problems.push({ component: '', message });
  if (!isObject(input)) return { ok: false, problems: [{ component: '', message: 'a form must be a JSON object' }] };
  if (input.type !== 'default') form('the form\'s "type" must be "default"');
  if (typeof input.schemaVersion !== 'number' || input.schemaVersion < 16) form('"schemaVersion" must be a number, 16 or higher');
  if (typeof input.id !== 'string' || !/^[A-Za-z_][\w-]*$/.test(input.id)) form('"id" must be the form id (letters, digits, _ and -)');
  if (!Array.isArray(input.components)) {
    form('"components" must be a list');
    return { ok: false, problems };
  }

  const ids = new Set<string>();
  const paths = new Map<string, string>();
  const walk = (components: unknown[], base: string[], where: string) => {
    components.forEach((raw, index) => {
      const name = isObject(raw) ? String(raw.id ?? raw.key ?? `${where}[${index}]`) : `${where}[${index}]`;
      const problem = (message: string) => problems.push({ component: name, message });
      if (!isObject(raw) || typeof raw.type !== 'string') return problem('a component must be an object with a "type"');
      const c = raw as FormComponent;
      if (c.id !== undefined) {
        if (ids.has(c.id)) problem(`duplicate component id "${c.id}"`);
        ids.add(c.id);
      }
      if (!KEYED_TYPES.has(c.type) && !DISPLAY_TYPES.has(c.type) && !CONTAINER_TYPES.has(c.type)) {
        return problem(`component type "${c.type}" is not supported by Potok`);
      }
      if (isExpression(c.conditional?.hide)) {
        const p = expressionProblem(c.conditional.hide, 'unaryTest');
        if (p) problem(`conditional.hide does not parse: ${p}`);
      }
      for (const property of FEEL_PROPERTIES) {
        const value = c[property];
        if (isExpression(value)) {
          const p = expressionProblem(value, 'expression');
          if (p) problem(`${property} does not parse as FEEL: ${p}`);
        }
      }
      if (CONTAINER_TYPES.has(c.type)) {
        if (!Array.isArray(c.components)) return problem('a group needs "components"');
        return walk(c.components as unknown[], c.path ? [...base, ...c.path.split('.')] : base, name);
      }
      if (!KEYED_TYPES.has(c.type)) return;
      if (typeof c.key !== 'string' || !/^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(c.key)) return problem('a value field needs a "key" (letters, digits, _; dots for nesting)');
      const path = [...base, ...c.key.split('.')].join('.');
      const owner = paths.get(path);
      if (owner) problem(`binds "${path}", which "${owner}" already binds`);
      paths.set(path, name);
      const v = c.validate ?? {};
      if (v.pattern !== undefined) {
        try {
          new RegExp(v.pattern);
        } catch (err) {
          problem(`validate.pattern is not a regular expression: ${(err as Error).message}`);
        }
      }
      for (const property of FEEL_VALIDATE) {
        const value = v[property];
        if (isExpression(value)) {
          const p = expressionProblem(value, 'expression');
          if (p) problem(`validate.${property} does not parse as FEEL: ${p}`);
        } else if (value !== undefined && typeof value !== 'number') problem(`validate.${property} must be a number or a FEEL expression`);
      }
      if (CHOICE_TYPES.has(c.type)) {
        const sources = [c.values !== undefined, c.valuesKey !== undefined, c.valuesExpression !== undefined].filter(Boolean).length;
        if (sources !== 1) problem('a choice field needs exactly one of "values", "valuesKey", "valuesExpression"');
        if (c.values !== undefined && (!Array.isArray(c.values) || c.values.length === 0 || !c.values.every((o) => isObject(o) && typeof o.label === 'string' && o.label !== '' && ['string', 'number', 'boolean'].includes(typeof o.value)))) {
          problem('"values" must be a non-empty list of { label, value }');
        }
      }
      if (c.type === 'datetime' && !['date', 'time', 'datetime'].includes(c.subtype ?? '')) problem('a datetime field needs "subtype": date, time or datetime');
    });
  };
  walk(input.components, [], 'components');
  return problems.length ? { ok: false, problems } : { ok: true, schema: input as unknown as FormSchema };
}
