/**
 * Deploy-time checks of a FEEL expression that parses but cannot run as written:
 *
 * - a call of a function that does not exist (`add workng minutes(now(), 30)`): feelin
 *   parses any name followed by `(…)` as a call, and only fails at run time, with
 *   «Cannot invoke 'null'»;
 * - two operators in a row (`premisesFound = = true`): the FEEL grammar reads `= true`
 *   as a unary test (a range), so the comparison quietly gives null instead of a boolean;
 * - a call of a known function with arguments it does not take (`add working minutes(now())`):
 *   too few or too many positional arguments, or a named parameter it does not have or
 *   without one it needs. feelin answers such a call with null (a warning nobody sees), a
 *   working-time function with an error; either way a best-effort field (a due date) is
 *   quietly left empty. The parameters are those the functions declare: the working-time
 *   functions' (src/calendar/feel.ts), Potok's Camunda built-ins' (camunda-builtins.ts),
 *   feelin's argument types (an optional one ends in '?'; a rest parameter takes any number).
 *
 * Which calls are checked: a call whose callee is a plain name. The name must be a FEEL
 * built-in (feelin's, the Camunda ones Potok adds, now/today/uuid), a working-time function
 * (src/calendar/feel.ts), or a name the expression itself binds (a context entry
 * `{f: function(x) …}`, a function parameter, a for/some/every variable). A process
 * variable is never accepted as a function: variables are JSON and cannot hold one, so
 * such a call would fail at run time anyway. A call on any other callee (`a.b(1)`,
 * `(f)(1)`) depends on run-time values and is not checked.
 */
import { builtinFunctionNames, builtinFunctionSignatures, parseExpression, type FeelSyntaxNode } from './vendor/feelin.js';
import { functionTableFor, type FeelFn } from './camunda-builtins.ts';
import { BASE_PARSE_CONTEXT } from './feel-expression.ts';
import { WORKING_TIME_FUNCTION_NAMES, workingTimeFeelFunctions } from '../../calendar/feel.ts';
import { createWorkingCalendar } from '../../calendar/working-calendar.ts';

export interface FeelIssue {
  /**
   * INVALID_FEEL: the expression does not say what it seems to; UNKNOWN_FUNCTION: a call of a
   * function that does not exist; INVALID_ARGUMENTS: a call of a known function with arguments it does not take.
   */
  readonly code: 'INVALID_FEEL' | 'UNKNOWN_FUNCTION' | 'INVALID_ARGUMENTS';
  /** Reads after "the condition …" / "the timer timeDuration …". */
  readonly message: string;
  /** 1-based, in the expression without its '='. */
  readonly position: number;
}

/** Every function a model's FEEL can call by name. */
export const KNOWN_FUNCTION_NAMES: ReadonlySet<string> = new Set([
  ...builtinFunctionNames,
  ...Object.keys(functionTableFor(undefined).functions),
  ...WORKING_TIME_FUNCTION_NAMES,
]);

/** The problems of an expression that already compiled (syntax errors are reported by compileFeel). */
export function checkFeel(source: string): FeelIssue[] {
  const top = parseExpression(source, BASE_PARSE_CONTEXT).topNode;
  const bound = boundNames(top, source);
  const issues: FeelIssue[] = [];
  visit(top, (node) => {
    if (node.type.isError) {
      issues.push({ code: 'INVALID_FEEL', message: `is not valid FEEL: unexpected "${source.slice(node.from, node.to) || 'end'}" at position ${node.from + 1}`, position: node.from + 1 });
    } else if (node.name === 'FunctionInvocation') {
      const callee = node.firstChild;
      if (callee?.name !== 'VariableName') return;
      const name = normalize(source.slice(callee.from, callee.to));
      if (bound.has(name)) return;
      if (KNOWN_FUNCTION_NAMES.has(name)) {
        const issue = argumentIssue(name, callee, source);
        if (issue) issues.push(issue);
        return;
      }
      const near = nearestName(name, [...KNOWN_FUNCTION_NAMES, ...bound]);
      const hint = near ? `did you mean "${near}"?` : 'it is neither a FEEL built-in nor a Potok function (see docs/modelling.md)';
      issues.push({ code: 'UNKNOWN_FUNCTION', message: `calls an unknown function "${name}" at position ${callee.from + 1}: ${hint}`, position: callee.from + 1 });
    } else if (node.name === 'DateTimeLiteral' && node.firstChild?.name === 'DateTimeConstructor') {
      // date(…), time(…), date and time(…), duration(…): feelin's built-ins, parsed apart.
      const callee = node.firstChild;
      const issue = argumentIssue(normalize(source.slice(callee.from, callee.to)), callee, source);
      if (issue) issues.push(issue);
    } else if (isStrayUnaryTest(node)) {
      const before = previousOperator(node);
      const at = before ?? node;
      const text = source.slice(at.from, node.firstChild!.to);
      issues.push({ code: 'INVALID_FEEL', message: `is not valid FEEL: two operators in a row ("${text}") at position ${at.from + 1}`, position: at.from + 1 });
    }
  });
  return issues;
}

/** What a call of a known function must pass: `parameters` in order, the first `required` of them, any number more after a rest parameter. */
export interface FunctionSignature {
  readonly parameters: readonly string[];
  readonly required: number;
  /** The last parameter takes any number of arguments (`sum(1, 2, 3)`). */
  readonly rest: boolean;
}

let signatures: ReadonlyMap<string, FunctionSignature> | null = null;

/**
 * The parameters of every function a model can call by name, as the evaluation sees them:
 * the working-time functions and Potok's built-ins come first (a context entry wins over
 * feelin's built-in of the same name: `string join`, `now`, `today`). A function whose
 * parameters are not known (feelin's unimplemented range functions) is absent: not checked.
 */
export function functionSignatures(): ReadonlyMap<string, FunctionSignature> {
  if (signatures) return signatures;
  const map = new Map<string, FunctionSignature>();
  for (const [name, { parameters, types }] of Object.entries(builtinFunctionSignatures)) {
    if (!Array.isArray(parameters) || !Array.isArray(types)) continue;
    const rest = parameters.length > 0 && parameters[parameters.length - 1].startsWith('...');
    if (!rest && parameters.length < types.length) continue;
    const required = types.reduce((n, type, i) => (type.endsWith('?') ? n : i + 1), 0);
    map.set(name, { parameters: parameters.map((p) => p.replace(/^\.\.\./, '')), required, rest });
  }
  const own = (functions: Readonly<Record<string, unknown>>) => {
    for (const [name, fn] of Object.entries(functions)) {
      const parameters = (fn as FeelFn).$args;
      if (!Array.isArray(parameters)) continue;
      map.set(name, { parameters, required: (fn as FeelFn).$required ?? parameters.length, rest: false });
    }
  };
  own(functionTableFor(undefined).functions);
  own(workingTimeFeelFunctions(createWorkingCalendar()));
  signatures = map;
  return map;
}

/** A call of `name` (its callee's node; the arguments follow it) with arguments the function does not take, or null. */
function argumentIssue(name: string, callee: FeelSyntaxNode, source: string): FeelIssue | null {
  const signature = functionSignatures().get(name);
  if (!signature) return null;
  let args: FeelSyntaxNode | null = null;
  for (let child = callee.nextSibling; child; child = child.nextSibling) {
    if (child.name === 'PositionalParameters' || child.name === 'NamedParameters') args = child;
  }
  if (!args) return null;
  const given = childrenOf(args);
  if (given.some((n) => n.type.isError)) return null; // reported as invalid FEEL
  const position = callee.from + 1;
  const wrong = (why: string): FeelIssue => ({ code: 'INVALID_ARGUMENTS', message: `calls "${name}" at position ${position} with the wrong arguments: ${why}`, position });
  if (args.name === 'PositionalParameters') {
    const count = given.length;
    const { required, parameters, rest } = signature;
    if (count >= required && (rest || count <= parameters.length)) return null;
    if (parameters.length === 0) return wrong(`${name} takes no arguments, got ${count}`);
    return wrong(`${name} expects ${expected(signature)} (${describeParameters(signature)}), got ${count}`);
  }
  const names = given.filter((n) => n.name === 'NamedParameter').map((n) => {
    const parameterName = n.firstChild;
    return parameterName ? normalize(source.slice(parameterName.from, parameterName.to)) : '';
  });
  const unknown = names.find((n) => !signature.parameters.includes(n));
  if (unknown !== undefined) {
    const near = nearestName(unknown, signature.parameters);
    return wrong(`${name} has no parameter "${unknown}"${near ? ` (did you mean "${near}"?)` : ''}; its parameters are ${describeParameters(signature)}`);
  }
  const missing = signature.parameters.slice(0, signature.required).filter((p) => !names.includes(p));
  if (missing.length > 0) {
    return wrong(`${name} needs ${missing.map((p) => `"${p}"`).join(' and ')}; its parameters are ${describeParameters(signature)}`);
  }
  return null;
}

/** "2 arguments", "1 to 4 arguments", "at least 1 argument". */
function expected({ parameters, required, rest }: FunctionSignature): string {
  const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');
  if (rest) return `at least ${required} ${plural(required)}`;
  if (required === parameters.length) return `${required} ${plural(required)}`;
  return `${required} to ${parameters.length} arguments`;
}

/** "date, minutes"; "list, delimiter?, prefix?, suffix?"; "list, ...item". */
function describeParameters({ parameters, required, rest }: FunctionSignature): string {
  return parameters.map((p, i) => (rest && i === parameters.length - 1 ? `...${p}` : i < required ? p : `${p}?`)).join(', ');
}

/** The child nodes that are the arguments (comments are nodes too). */
function childrenOf(node: FeelSyntaxNode): FeelSyntaxNode[] {
  const out: FeelSyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.name !== 'LineComment' && child.name !== 'BlockComment') out.push(child);
  }
  return out;
}

function visit(node: FeelSyntaxNode, fn: (node: FeelSyntaxNode) => void): void {
  fn(node);
  for (let child = node.firstChild; child; child = child.nextSibling) visit(child, fn);
}

function normalize(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/** Names the expression binds itself: context keys, function parameters, for/some/every variables. */
function boundNames(top: FeelSyntaxNode, source: string): Set<string> {
  const names = new Set<string>();
  visit(top, (node) => {
    const parent = node.parent?.name;
    const bindsHere = (node.name === 'Key') || (node.name === 'ParameterName' && parent === 'FormalParameter') || (node.name === 'Name' && parent === 'InExpression');
    if (!bindsHere) return;
    const text = source.slice(node.from, node.to).trim();
    names.add(normalize(text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text));
  });
  return names;
}

/**
 * `= true` as an operand: the grammar's "simple positive unary test" (`< 5`, `= true`) is
 * a range value, which a comparison or an arithmetic operator never meant. After `in` it
 * is legitimate (`x in > 5`) and sits under PositiveUnaryTest, so it is not matched here.
 */
function isStrayUnaryTest(node: FeelSyntaxNode): boolean {
  return node.name === 'SimplePositiveUnaryTest'
    && node.firstChild?.name === 'CompareOp'
    && (node.parent?.name === 'Comparison' || node.parent?.name === 'ArithmeticExpression');
}

function previousOperator(node: FeelSyntaxNode): FeelSyntaxNode | null {
  let found: FeelSyntaxNode | null = null;
  for (let child = node.parent?.firstChild ?? null; child && child !== node; child = child.nextSibling) {
    if (child.name === 'CompareOp' || child.name === 'ArithOp') found = child;
  }
  return found;
}

/** The known name closest to a misspelt one (typos, transpositions, spaces or case), if close enough. */
export function nearestName(name: string, candidates: readonly string[]): string | null {
  const wanted = name.toLowerCase();
  const limit = Math.max(1, Math.floor(wanted.length / 4));
  let best: { name: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const distance = Math.min(editDistance(wanted, c), editDistance(wanted.replace(/ /g, ''), c.replace(/ /g, '')));
    if (distance <= limit && (!best || distance < best.distance || (distance === best.distance && candidate < best.name))) best = { name: candidate, distance };
  }
  return best?.name ?? null;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}
