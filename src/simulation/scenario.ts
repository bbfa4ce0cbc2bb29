/**
 * A simulation scenario (../../shared/spec/simulation.md): read from a JSON file,
 * checked field by field before anything runs, with times parsed to epoch ms and paths
 * resolved against the scenario file. Every problem is a ScenarioError naming its place
 * (`answers.first_call[2].at`), which the CLI reports as bad input (exit 2).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DateTime, Duration } from 'luxon';

/** A scenario the simulator refuses (bad input): the message names the place. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

/** When an answer (or a job outcome) is given, relative to its task (or job). */
export type AnswerTime =
  | { readonly kind: 'created' }
  | { readonly kind: 'planned' }
  | { readonly kind: 'due' }
  | { readonly kind: 'after'; readonly ms: number; readonly text: string }
  | { readonly kind: 'absolute'; readonly at: number; readonly text: string };

export interface ScenarioAnswer {
  readonly at: AnswerTime;
  readonly by?: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface ScenarioJobOutcome {
  readonly at: AnswerTime;
  readonly result: 'complete' | 'fail' | 'error';
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly errorCode?: string;
  readonly message?: string;
}

export interface ScenarioUser {
  readonly login: string;
  readonly role: 'manager' | 'sales_rep' | 'lawyer' | 'director' | 'admin';
  readonly name: string;
}

export interface Scenario {
  /** The scenario file (for messages) and its folder (for relative paths). */
  readonly file: string;
  readonly start: number;
  readonly until: number;
  readonly deal: Readonly<Record<string, unknown>>;
  readonly answers: Readonly<Record<string, readonly ScenarioAnswer[]>>;
  readonly jobs: Readonly<Record<string, readonly ScenarioJobOutcome[]>>;
  readonly onec: boolean;
  readonly cancel?: { readonly at: number; readonly by: string; readonly reason: string };
  readonly users: readonly ScenarioUser[];
  /** Absolute paths of another model and its forms folder, when given. */
  readonly model?: string;
  readonly forms?: string;
}

const KEYS = ['start', 'deal', 'answers', 'model', 'forms', 'jobs', 'onec', 'until', 'cancel', 'users'];
const ROLES = ['manager', 'sales_rep', 'lawyer', 'director', 'admin'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An ISO 8601 date-time; without an offset it is wall-clock time in the company's zone. */
export function parseInstant(text: unknown, where: string, zone: string): number {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    throw new ScenarioError(`${where}: expected an ISO 8601 date-time such as "2026-12-30T10:00:00+03:00", got ${JSON.stringify(text)}`);
  }
  const parsed = DateTime.fromISO(text, { zone, setZone: false });
  if (!parsed.isValid) throw new ScenarioError(`${where}: "${text}" is not a valid date-time (${parsed.invalidExplanation ?? parsed.invalidReason})`);
  return parsed.toMillis();
}

/** `created` | `planned` | `due` | an ISO duration (plain clock time) | an absolute ISO date-time. */
export function parseAnswerTime(value: unknown, where: string, zone: string, allowPlanned = true): AnswerTime {
  if (value === undefined || value === 'created') return { kind: 'created' };
  if (allowPlanned && value === 'planned') return { kind: 'planned' };
  if (allowPlanned && value === 'due') return { kind: 'due' };
  if (typeof value === 'string' && /^P/i.test(value)) {
    const d = Duration.fromISO(value);
    if (!d.isValid || d.toMillis() < 0) throw new ScenarioError(`${where}: "${value}" is not a valid ISO 8601 duration (e.g. "PT10M", "P2D")`);
    return { kind: 'after', ms: d.toMillis(), text: value };
  }
  if (typeof value === 'string' && /^\d{4}-/.test(value)) return { kind: 'absolute', at: parseInstant(value, where, zone), text: value };
  const choices = allowPlanned ? '"created", "planned", "due"' : '"created"';
  throw new ScenarioError(`${where}: expected ${choices}, an ISO 8601 duration ("PT10M") or an ISO date-time, got ${JSON.stringify(value)}`);
}

function parseAnswers(raw: unknown, zone: string): Record<string, ScenarioAnswer[]> {
  if (raw === undefined) return {};
  if (!isObject(raw)) throw new ScenarioError('answers: expected an object of task id → list of answers');
  const out: Record<string, ScenarioAnswer[]> = {};
  for (const [task, list] of Object.entries(raw)) {
    if (!Array.isArray(list)) throw new ScenarioError(`answers.${task}: expected a list of answers`);
    out[task] = list.map((a, i) => {
      const where = `answers.${task}[${i + 1}]`;
      if (!isObject(a)) throw new ScenarioError(`${where}: expected an object with "data"`);
      const unknown = Object.keys(a).filter((k) => !['at', 'by', 'data'].includes(k));
      if (unknown.length) throw new ScenarioError(`${where}: unknown field "${unknown[0]}" (an answer has at, by, data)`);
      if (a.data !== undefined && !isObject(a.data)) throw new ScenarioError(`${where}.data: expected an object of form values`);
      if (a.by !== undefined && (typeof a.by !== 'string' || !a.by)) throw new ScenarioError(`${where}.by: expected a user login`);
      return { at: parseAnswerTime(a.at, `${where}.at`, zone), ...(a.by !== undefined ? { by: a.by as string } : {}), data: (a.data ?? {}) as Record<string, unknown> };
    });
  }
  return out;
}

function parseJobs(raw: unknown, zone: string): Record<string, ScenarioJobOutcome[]> {
  if (raw === undefined) return {};
  if (!isObject(raw)) throw new ScenarioError('jobs: expected an object of task id → list of job outcomes');
  const out: Record<string, ScenarioJobOutcome[]> = {};
  for (const [task, list] of Object.entries(raw)) {
    if (!Array.isArray(list)) throw new ScenarioError(`jobs.${task}: expected a list of job outcomes`);
    out[task] = list.map((o, i) => {
      const where = `jobs.${task}[${i + 1}]`;
      if (!isObject(o)) throw new ScenarioError(`${where}: expected an object with "result"`);
      const unknown = Object.keys(o).filter((k) => !['at', 'result', 'variables', 'errorCode', 'message'].includes(k));
      if (unknown.length) throw new ScenarioError(`${where}: unknown field "${unknown[0]}" (a job outcome has at, result, variables, errorCode, message)`);
      const result = o.result ?? 'complete';
      if (result !== 'complete' && result !== 'fail' && result !== 'error') throw new ScenarioError(`${where}.result: expected "complete", "fail" or "error", got ${JSON.stringify(o.result)}`);
      if (o.variables !== undefined && !isObject(o.variables)) throw new ScenarioError(`${where}.variables: expected an object`);
      if (result === 'error' && (typeof o.errorCode !== 'string' || !o.errorCode)) throw new ScenarioError(`${where}.errorCode: required with result "error" (the BPMN error code)`);
      if (o.message !== undefined && typeof o.message !== 'string') throw new ScenarioError(`${where}.message: expected a text`);
      return {
        at: parseAnswerTime(o.at, `${where}.at`, zone, false),
        result,
        ...(o.variables !== undefined ? { variables: o.variables as Record<string, unknown> } : {}),
        ...(typeof o.errorCode === 'string' ? { errorCode: o.errorCode } : {}),
        ...(typeof o.message === 'string' ? { message: o.message } : {}),
      };
    });
  }
  return out;
}

function parseUsers(raw: unknown): ScenarioUser[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new ScenarioError('users: expected a list of { "login", "role", "name" }');
  return raw.map((u, i) => {
    const where = `users[${i + 1}]`;
    if (!isObject(u)) throw new ScenarioError(`${where}: expected { "login", "role", "name" }`);
    if (typeof u.login !== 'string' || !/^[a-z0-9._-]{2,40}$/.test(u.login)) {
      throw new ScenarioError(`${where}.login: expected 2–40 lower-case latin letters, digits, ".", "_" or "-", got ${JSON.stringify(u.login ?? null)}`);
    }
    if (typeof u.role !== 'string' || !ROLES.includes(u.role)) throw new ScenarioError(`${where}.role: expected one of ${ROLES.join(', ')}, got ${JSON.stringify(u.role)}`);
    const name = typeof u.name === 'string' && u.name.trim() ? u.name.trim() : u.login;
    return { login: u.login, role: u.role as ScenarioUser['role'], name };
  });
}

/** Checks a parsed scenario object; `file` is where it came from (relative paths start there). */
export function parseScenario(raw: unknown, file: string, zone: string): Scenario {
  if (!isObject(raw)) throw new ScenarioError('the scenario must be a JSON object with "start", "deal" and "answers"');
  const unknown = Object.keys(raw).filter((k) => !KEYS.includes(k));
  if (unknown.length) throw new ScenarioError(`unknown field "${unknown[0]}" (a scenario has ${KEYS.join(', ')})`);
  if (raw.start === undefined) throw new ScenarioError('start: required (when the deal is created, e.g. "2026-12-30T10:00:00+03:00")');
  const start = parseInstant(raw.start, 'start', zone);
  const until = raw.until === undefined ? DateTime.fromMillis(start, { zone }).plus({ years: 1 }).toMillis() : parseInstant(raw.until, 'until', zone);
  if (until < start) throw new ScenarioError(`until: ${String(raw.until)} is earlier than start`);
  if (raw.deal !== undefined && !isObject(raw.deal)) throw new ScenarioError('deal: expected an object of the deal\'s fields');
  if (raw.onec !== undefined && typeof raw.onec !== 'boolean') throw new ScenarioError('onec: expected true or false');
  let cancel: Scenario['cancel'];
  if (raw.cancel !== undefined) {
    const c = raw.cancel;
    if (!isObject(c)) throw new ScenarioError('cancel: expected { "at", "by", "reason" }');
    const at = parseInstant(c.at, 'cancel.at', zone);
    if (at < start) throw new ScenarioError('cancel.at: earlier than start');
    if (c.by !== undefined && (typeof c.by !== 'string' || !c.by)) throw new ScenarioError('cancel.by: expected a user login');
    if (typeof c.reason !== 'string' || !c.reason.trim()) throw new ScenarioError('cancel.reason: required (why the deal is cancelled)');
    cancel = { at, by: (c.by as string | undefined) ?? 'manager', reason: c.reason };
  }
  const dir = path.dirname(path.resolve(file));
  for (const key of ['model', 'forms'] as const) {
    if (raw[key] !== undefined && (typeof raw[key] !== 'string' || !raw[key])) throw new ScenarioError(`${key}: expected a path relative to the scenario file`);
  }
  if (raw.forms !== undefined && raw.model === undefined) throw new ScenarioError('forms: given without "model" (the shipped model uses the shipped forms)');
  return {
    file,
    start,
    until,
    deal: (raw.deal ?? {}) as Record<string, unknown>,
    answers: parseAnswers(raw.answers, zone),
    jobs: parseJobs(raw.jobs, zone),
    onec: raw.onec === true,
    ...(cancel ? { cancel } : {}),
    users: parseUsers(raw.users),
    ...(typeof raw.model === 'string' ? { model: path.resolve(dir, raw.model) } : {}),
    ...(typeof raw.forms === 'string' ? { forms: path.resolve(dir, raw.forms) } : {}),
  };
}

export async function loadScenario(file: string, zone: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    // «… at position 67» says nothing to a person with an editor: line and column.
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    if (at) {
      const before = text.slice(0, Number(at[1]));
      const line = before.split('\n').length;
      const column = Number(at[1]) - before.lastIndexOf('\n');
      throw new ScenarioError(`${file} is not JSON: line ${line}, column ${column}: ${message.replace(/\s*(in JSON )?at position \d+.*$/, '')}`);
    }
    throw new ScenarioError(`${file} is not JSON: ${message}`);
  }
  return parseScenario(raw, file, zone);
}
