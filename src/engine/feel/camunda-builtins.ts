/**
 * The Camunda FEEL built-ins that feelin lacks, as context functions. Time comes from
 * env.now (read in the calendar's zone), and `uuid()` is derived from the instance id
 * and a counter so that the core stays deterministic.
 */
import { DateTime } from 'luxon';
import type { Millis } from '../api.ts';

/** `$required`: how many of the `$args` a call must pass (the rest are optional); all when absent. */
export type FeelFn = ((...args: any[]) => unknown) & { $args?: string[]; $required?: number };

/**
 * feelin reads parameter names from the function's source; declare them explicitly instead.
 * `required`: how many a call must pass (the deploy-time check of calls reads it).
 */
function named(args: string[], fn: (...a: any[]) => unknown, required = args.length): FeelFn {
  const f = fn as FeelFn;
  f.$args = args;
  f.$required = required;
  return f;
}

const isDefined = named(['value'], (value: unknown) => value !== null && value !== undefined);
const getOrElse = named(['value', 'default'], (value: unknown, fallback: unknown) => (value === null || value === undefined ? (fallback ?? null) : value));
const isEmpty = named(['list'], (list: unknown) => {
  if (Array.isArray(list)) return list.length === 0;
  if (typeof list === 'string') return list.length === 0;
  return null;
});
const stringJoin = named(['list', 'delimiter', 'prefix', 'suffix'], (list: unknown, delimiter?: unknown, prefix?: unknown, suffix?: unknown) => {
  if (!Array.isArray(list)) return null;
  if (list.some((x) => x !== null && typeof x !== 'string')) return null;
  const text = (list as (string | null)[]).filter((x): x is string => x !== null).join(typeof delimiter === 'string' ? delimiter : '');
  return `${typeof prefix === 'string' ? prefix : ''}${text}${typeof suffix === 'string' ? suffix : ''}`;
}, 1);

/** Functions that do not depend on the instance or the time (shared). */
export const STATIC_BUILTINS: Readonly<Record<string, FeelFn>> = {
  'is defined': isDefined,
  'get or else': getOrElse,
  'is empty': isEmpty,
  'string join': stringJoin,
};

/** What `now()`, `today()` and `uuid()` read: the step being evaluated. */
export interface StepClock {
  readonly now: Millis;
  readonly zone: string;
  readonly nextUuid: () => string;
}

export interface FunctionTable {
  readonly functions: Readonly<Record<string, unknown>>;
  /** Set by the caller around each (synchronous) evaluation. */
  clock: StepClock | null;
}

const tables = new WeakMap<object, FunctionTable>();
const NO_EXTRA = {};

/**
 * The function table for a set of caller functions, built once and reused by every
 * step: building closures per step showed up in profiles, so the time-dependent
 * functions read the current step from `clock` instead.
 */
export function functionTableFor(extra: Readonly<Record<string, unknown>> | undefined): FunctionTable {
  const key = extra ?? NO_EXTRA;
  let table = tables.get(key);
  if (table) return table;
  const holder: FunctionTable = { functions: {}, clock: null };
  const clock = (): StepClock => {
    if (!holder.clock) throw new Error('now()/today()/uuid() evaluated outside a step');
    return holder.clock;
  };
  const own: Record<string, FeelFn> = {
    now: named([], () => DateTime.fromMillis(clock().now, { zone: clock().zone })),
    // feelin represents a date as a DateTime at midnight UTC; keep that convention.
    today: named([], () => DateTime.fromISO(`${DateTime.fromMillis(clock().now, { zone: clock().zone }).toISODate()}T00:00:00`, { zone: 'utc' })),
    uuid: named([], () => clock().nextUuid()),
  };
  table = Object.assign(holder, { functions: { ...STATIC_BUILTINS, ...own, ...(extra ?? {}) } });
  tables.set(key, table);
  return table;
}

/** A UUID-shaped string (version 4 layout) hashed from a seed: same seed, same id. */
export function deterministicUuid(seed: string): string {
  const words = [0x811c9dc5, 0x01000193, 0x6a09e667, 0xbb67ae85].map((init, i) => fnv1a(`${i}:${seed}`, init));
  const hex = words.map((w) => w.toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function fnv1a(text: string, init: number): number {
  let h = init >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
