/**
 * The simulation's output events (../../shared/spec/simulation.md, "Output"): one JSON
 * object per line, every time ISO 8601 with the company's offset, to the second, and
 * fields with no value left out.
 */
import { DateTime } from 'luxon';

export type SimEventType =
  | 'process.started'
  | 'stage.changed'
  | 'task.created'
  | 'task.completed'
  | 'task.overdue'
  | 'task.cancelled'
  | 'email.sent'
  | 'notification.sent'
  | 'onec.requested'
  | 'timer.fired'
  | 'job.failed'
  | 'incident.raised'
  | 'process.completed'
  | 'simulation.idle';

export interface SimEvent {
  readonly type: SimEventType;
  readonly at: string;
  readonly [field: string]: unknown;
}

/** An instant as ISO 8601 in `zone`, to the second (`2026-12-30T10:00:00+03:00`). */
export function isoInZone(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

/** Drops fields whose value is null or undefined (the spec: fields with no value are left out). */
export function withoutEmpty<T extends Record<string, unknown>>(event: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(event)) if (v !== null && v !== undefined) out[k] = v;
  return out as T;
}
