/**
 * Evaluating the model's FEEL expressions and values at an element instance: the
 * context is the visible variables plus feelin's built-ins, the Camunda ones feelin
 * lacks, and the caller's functions (env.feelFunctions, e.g. working time).
 */
import type { Json, Variables } from '../api.ts';
import { extraNamesOf, type FeelExpression } from '../feel/feel-expression.ts';
import { toJson } from '../feel/feel-values.ts';
import type { IoMapping, ModelValue } from '../model/model.types.ts';
import type { Step } from './engine-step.ts';
import { assignPath, visibleVariables } from './variables.ts';

export type Evaluated = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string };

/** Evaluates an expression against the variables visible from an element instance. */
export function evaluateAt(step: Step, expression: FeelExpression, elementInstanceId: string, extra?: Variables): Evaluated {
  const variables = visibleVariables(step, elementInstanceId);
  return evaluateIn(step, expression, extra ? { ...variables, ...extra } : variables);
}

export function evaluateIn(step: Step, expression: FeelExpression, variables: Readonly<Record<string, Json>>): Evaluated {
  const context = { ...variables, ...step.functions };
  try {
    const { value, warnings } = expression.evaluate(context, extraNamesOf(step.env.feelFunctions));
    const failed = warnings.filter((w) => w.type === 'NO_FUNCTION_FOUND' || w.type === 'FUNCTION_INVOCATION_FAILURE');
    if (failed.length > 0) return { ok: false, message: `'${expression.source}': ${failed.map((w) => w.message).join('; ')}` };
    return { ok: true, value };
  } catch (err) {
    return { ok: false, message: `'${expression.source}' failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** A model value: literal text as is, FEEL evaluated. */
export function valueAt(step: Step, value: ModelValue, elementInstanceId: string): Evaluated {
  return value.kind === 'literal' ? { ok: true, value: value.value } : evaluateAt(step, value.expression, elementInstanceId);
}

/**
 * Applies io mappings: each source is evaluated against `variables` (plus the results so
 * far, so a mapping may use an earlier target) and written to its target path.
 */
export function applyMappings(step: Step, mappings: readonly IoMapping[], variables: Readonly<Record<string, Json>>): { ok: true; values: Record<string, Json> } | { ok: false; message: string } {
  const values: Record<string, Json> = {};
  for (const mapping of mappings) {
    const result = evaluateIn(step, mapping.source, { ...variables, ...values });
    if (!result.ok) return { ok: false, message: `mapping to '${mapping.target}': ${result.message}` };
    const top = mapping.target.split('.')[0];
    if (top !== mapping.target && values[top] === undefined && variables[top] !== undefined) values[top] = variables[top];
    assignPath(values, mapping.target, toJson(result.value));
  }
  return { ok: true, values };
}
