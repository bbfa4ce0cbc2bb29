/**
 * A FEEL expression parsed once. feelin's public `evaluate` re-parses on every call
 * (measured: ~50–350 µs per evaluation, of which parsing is ~70%); the vendored build
 * exposes `compileExpression`, which builds the evaluator once (~1.6 µs per run after).
 *
 * feelin resolves names with spaces (`add working days`) only when the parser knows
 * them, so an expression is parsed against the set of known spaced function names; a
 * caller that brings new spaced names (env.feelFunctions) gets a second parse, cached.
 */
import { compileExpression, type FeelWarning } from './vendor/feelin.js';
import { WORKING_TIME_FUNCTION_NAMES } from '../../calendar/feel.ts';

type Evaluator = (context: Record<string, unknown>) => { value: unknown; warnings: FeelWarning[] };

/**
 * Spaced names every expression is parsed with: Camunda built-ins and the working-time
 * functions (all of them: `working days between` parses as a `between` comparison otherwise).
 */
export const KNOWN_SPACED_NAMES: readonly string[] = [
  'is defined', 'get or else', 'is empty', 'string join',
  ...WORKING_TIME_FUNCTION_NAMES,
];

/** The parse context of every expression (the known spaced names; values are ignored). */
export const BASE_PARSE_CONTEXT: Readonly<Record<string, unknown>> = Object.fromEntries(KNOWN_SPACED_NAMES.map((n) => [n, true]));

export class FeelSyntaxError extends Error {
  override name = 'FeelSyntaxError';
}

export interface FeelExpression {
  /** The expression without the leading '='. */
  readonly source: string;
  evaluate(context: Record<string, unknown>, extraNames: ExtraNames | null): { value: unknown; warnings: readonly FeelWarning[] };
}

/** Spaced names beyond KNOWN_SPACED_NAMES, as one cache key. */
export interface ExtraNames {
  readonly key: string;
  readonly parseContext: Record<string, unknown>;
}

const extraNamesCache = new WeakMap<object, ExtraNames | null>();

/** The extra spaced names of a function table (cached per table object). */
export function extraNamesOf(functions: Readonly<Record<string, unknown>> | undefined): ExtraNames | null {
  if (!functions) return null;
  const cached = extraNamesCache.get(functions);
  if (cached !== undefined) return cached;
  const extra = Object.keys(functions).filter((n) => n.includes(' ') && !KNOWN_SPACED_NAMES.includes(n)).sort();
  const result = extra.length === 0 ? null : { key: extra.join('|'), parseContext: { ...BASE_PARSE_CONTEXT, ...Object.fromEntries(extra.map((n) => [n, true])) } };
  extraNamesCache.set(functions, result);
  return result;
}

/** Parses `source` (without '='); throws FeelSyntaxError with a readable reason. */
export function compileFeel(source: string): FeelExpression {
  if (source.includes('`')) throw new FeelSyntaxError('backtick-quoted names are not supported; rename the variable');
  if (source.trim() === '') throw new FeelSyntaxError('the expression is empty');
  const base = parse(source, BASE_PARSE_CONTEXT);
  const byNames = new Map<string, Evaluator>();
  return {
    source,
    evaluate(context, extraNames) {
      if (!extraNames) return base(context);
      let evaluator = byNames.get(extraNames.key);
      if (!evaluator) {
        evaluator = parse(source, extraNames.parseContext);
        byNames.set(extraNames.key, evaluator);
      }
      return evaluator(context);
    },
  };
}

function parse(source: string, parseContext: Readonly<Record<string, unknown>>): Evaluator {
  try {
    return compileExpression(source, parseContext);
  } catch (err) {
    const e = err as { message?: string; position?: { from: number } };
    const at = e.position ? ` at position ${e.position.from + 1}` : '';
    throw new FeelSyntaxError(`${e.message ?? String(err)}${at}`);
  }
}
