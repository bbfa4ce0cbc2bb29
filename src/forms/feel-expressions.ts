/**
 * FEEL in form schemas, evaluated as form-js does: a string starting with `=` is an
 * expression; `conditional.hide` is a unary test that hides the field only when it is
 * exactly `true`; anything that fails to evaluate counts as "not hidden" / no value.
 */
import { evaluate, unaryTest } from '@bpmn-io/feelin';

export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('=');
}

export function isHidden(hide: string | undefined, context: Record<string, unknown>): boolean {
  if (!isExpression(hide)) return false;
  try {
    return unaryTest(hide.slice(1), context).value === true;
  } catch {
    return false;
  }
}

/** The value of a property that may be a FEEL expression; plain values come back as they are. */
export function evaluateProperty(value: unknown, context: Record<string, unknown>): unknown {
  if (!isExpression(value)) return value;
  try {
    return evaluate(value.slice(1), context).value ?? undefined;
  } catch {
    return undefined;
  }
}

/** A syntax problem in an expression, or null when it parses. */
export function expressionProblem(expression: string, kind: 'unaryTest' | 'expression'): string | null {
  try {
    if (kind === 'unaryTest') unaryTest(expression.slice(1), {});
    else evaluate(expression.slice(1), {});
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}
