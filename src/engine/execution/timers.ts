/**
 * Timer due times, computed once when the timer is armed: a duration is plain clock
 * time from now (calendar units in the company's zone); a date is its instant (a local
 * date-time without offset is read in the company's zone); a cycle R[n]/[start/]PnX
 * fires first at start (or now + interval) and then every interval.
 */
import type { Millis } from '../api.ts';
import { addDuration, toInstant } from '../feel/feel-values.ts';
import { ISO_CYCLE } from '../model/model-values.ts';
import type { TimerDefinition } from '../model/model.types.ts';
import type { Step } from './engine-step.ts';
import { valueAt } from './evaluate.ts';

export type TimerTimes =
  | { readonly ok: true; readonly dueAt: Millis; readonly repetitionsLeft?: number; readonly intervalMs?: number }
  | { readonly ok: false; readonly message: string };

export function timerTimes(step: Step, timer: TimerDefinition, elementInstanceId: string): TimerTimes {
  const evaluated = valueAt(step, timer.value, elementInstanceId);
  if (!evaluated.ok) return evaluated;
  const { now } = step.env;
  const zone = step.env.calendar.zone;
  const value = evaluated.value;
  if (timer.kind === 'duration') {
    const dueAt = addDuration(now, value, zone);
    return dueAt === null ? bad(`the timer duration ${show(value)} is not a duration`) : { ok: true, dueAt };
  }
  if (timer.kind === 'date') {
    const dueAt = toInstant(value, zone);
    return dueAt === null ? bad(`the timer date ${show(value)} is not a date-time`) : { ok: true, dueAt };
  }
  const match = typeof value === 'string' ? ISO_CYCLE.exec(value.trim()) : null;
  if (!match) return bad(`the timer cycle ${show(value)} is not a repeating interval like R3/PT1H`);
  const start = match[2] ? toInstant(match[2], zone) : null;
  if (match[2] && start === null) return bad(`the timer cycle's start '${match[2]}' is not a date-time`);
  const first = start ?? addDuration(now, match[3], zone);
  const second = first === null ? null : addDuration(first, match[3], zone);
  if (first === null || second === null) return bad(`the timer cycle's interval '${match[3]}' is not a duration`);
  const repetitions = match[1] === '' ? -1 : Number(match[1]);
  if (repetitions === 0) return bad('the timer cycle repeats zero times');
  return { ok: true, dueAt: first, repetitionsLeft: repetitions === -1 ? -1 : repetitions - 1, intervalMs: second - first };
}

function bad(message: string): TimerTimes {
  return { ok: false, message };
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : value === null || value === undefined ? 'null' : String(value);
}
