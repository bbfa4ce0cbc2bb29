/**
 * The executor's effect writers for timers and jobs: given to the CommandExecutor
 * (`effectWriters: runtimeEffectWriters`), they write timer and job rows in the command's
 * transaction, so that a step and the work it asks for are stored together or not at all.
 */
import type { Kysely } from 'kysely';
import type { Command, Effect, InstanceState } from '../../engine/api.ts';
import { cancelJob, writeJobEffects } from '../../store/job.repository.ts';
import { deleteTimer, deleteTimersOfInstance, timerRowId, writeTimerEffects } from '../../store/timer.repository.ts';

/** The part of the executor's EffectContext the writers read. */
export interface EffectWriterContext {
  readonly trx: Kysely<any>;
  readonly instanceId: string;
  readonly effects: readonly Effect[];
  readonly now: number;
  readonly state?: InstanceState;
  readonly command?: Command;
}

export async function writeTimerRows(ctx: EffectWriterContext): Promise<void> {
  // The engine consumes a fired timer without a `timer.cancelled` effect: the delivered
  // row goes here, unless the same command re-armed it (a cycle), which rewrites it below.
  const fired = ctx.command?.kind === 'fireTimer' ? ctx.command.timerId : null;
  // (A `timer.fired` history event makes writeTimerEffects delete it anyway.)
  const deletedByEffects = ctx.effects.some((e) => e.kind === 'history' && e.event.kind === 'timer.fired' && e.event.timerId === fired);
  if (fired !== null && !deletedByEffects && !ctx.effects.some((e) => e.kind === 'timer.armed' && e.timer.id === fired)) {
    await deleteTimer(ctx.trx, timerRowId(ctx.instanceId, fired));
  }
  await writeTimerEffects(ctx.trx, ctx.instanceId, ctx.effects, ctx.now);
}

export async function writeJobRows(ctx: EffectWriterContext): Promise<void> {
  await writeJobEffects(ctx.trx, ctx.instanceId, ctx.effects, ctx.now);
}

/** An ended instance keeps no timer and runs no job, whatever effects the engine listed. */
export async function clearEndedInstance(ctx: EffectWriterContext): Promise<void> {
  // With an `instance.ended` effect the writers above have cleared both already.
  if (ctx.state && ctx.state.status !== 'active' && !ctx.effects.some((e) => e.kind === 'instance.ended')) {
    await deleteTimersOfInstance(ctx.trx, ctx.instanceId);
    await cancelJob(ctx.trx, ctx.instanceId, undefined, ctx.now);
  }
}

export const runtimeEffectWriters = [writeTimerRows, writeJobRows, clearEndedInstance] as const;
