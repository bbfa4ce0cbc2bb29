/**
 * Reading values from the model: a string is a FEEL expression when it starts with '='
 * (Camunda 8 convention), otherwise a literal. FEEL is parsed here, once.
 */
import { compileFeel, FeelSyntaxError, type FeelExpression } from '../feel/feel-expression.ts';
import { checkFeel } from '../feel/feel-check.ts';
import type { ModelValue } from './model.types.ts';
import type { ProblemList, ElementRef } from './model-problems.ts';

/** A ModelValue, or null when absent; a bad FEEL expression is reported and gives null. */
export function modelValue(raw: unknown, owner: ElementRef, what: string, problems: ProblemList): ModelValue | null {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const text = raw.trim();
  if (!text.startsWith('=')) return { kind: 'literal', value: text };
  const expression = feel(text.slice(1), owner, what, problems);
  return expression ? { kind: 'feel', expression } : null;
}

/**
 * A FEEL expression (the '=' already removed or never there); reported when invalid: when
 * it does not parse, and when it parses but cannot run as written (see ../feel/feel-check.ts).
 */
export function feel(source: string, owner: ElementRef, what: string, problems: ProblemList): FeelExpression | null {
  let expression: FeelExpression;
  try {
    expression = compileFeel(source);
  } catch (err) {
    if (!(err instanceof FeelSyntaxError)) throw err;
    problems.add('INVALID_FEEL', owner, `${what} is not valid FEEL: ${err.message} (in "${source.trim()}")`);
    return null;
  }
  if (problems.checkUse) {
    for (const issue of checkFeel(source)) problems.add(issue.code, owner, `${what} ${issue.message} (in "${source.trim()}")`);
  }
  return expression;
}

const ISO_DURATION = /^P(?!$)(\d+(?:\.\d+)?Y)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?W)?(\d+(?:\.\d+)?D)?(T(?=\d)(\d+(?:\.\d+)?H)?(\d+(?:\.\d+)?M)?(\d+(?:\.\d+)?S)?)?$/;

export function isIsoDuration(text: string): boolean {
  return ISO_DURATION.test(text);
}

/** ISO 8601 repeating interval: R[n]/[start/]duration. */
export const ISO_CYCLE = /^R(\d*)\/(?:([^/]+)\/)?(P[^/]+)$/;
