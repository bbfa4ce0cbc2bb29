/**
 * What the job workers and the timer scheduler need from the rest of the runtime,
 * structurally (R1's CommandExecutor and Clock satisfy these), so they stay testable
 * with a stand-in and never depend on how commands are executed.
 */
import type { Command, Effect } from '../../engine/api.ts';

export interface RuntimeClock {
  now(): number;
}

export interface CommandPort {
  execute(instanceId: string, command: Command, opts?: { actor?: string }): Promise<{ readonly effects: readonly Effect[] }>;
  /** Optional: effect listeners, used only to wake the loops early. */
  onEffects?(listener: (ctx: { readonly effects: readonly Effect[]; readonly now: number }) => Promise<void> | void): unknown;
}

/** A failure's typed code (`CONFLICT`, engine codes such as `TIMER_NOT_FOUND`), if it has one. */
export function errorCodeOf(err: unknown): string | undefined {
  const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** The command met a concurrent command on the same instance: try again shortly. */
export function isConflict(err: unknown): boolean {
  return errorCodeOf(err) === 'CONFLICT';
}

/**
 * The instance no longer waits for this (already done, interrupted, cancelled, ended):
 * the runtime's NOT_FOUND / INVALID_STATE, or the engine's own codes.
 */
export function isStale(err: unknown): boolean {
  const code = errorCodeOf(err);
  return (
    code === 'INVALID_STATE' ||
    code === 'TIMER_NOT_FOUND' ||
    code === 'ELEMENT_INSTANCE_NOT_FOUND' ||
    code === 'INSTANCE_NOT_ACTIVE' ||
    code === 'WRONG_ELEMENT_TYPE' ||
    code === 'WAIT_NOT_FOUND' ||
    code === 'INSTANCE_NOT_FOUND' ||
    code === 'NOT_FOUND'
  );
}
