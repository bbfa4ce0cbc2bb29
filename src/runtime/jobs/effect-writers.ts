/**
 * The executor's effect writers for timers and jobs: given to the CommandExecutor
 * (`effectWriters: runtimeEffectWriters`), they write timer and job rows in the command's
 * transaction, so that a step and the work it asks for are stored together or not at all.
 */
import type { Kysely } from 'kysely';
import type { Effect, InstanceState } from '../../engine/api.ts';
import { cancelJob, writeJobEffects } from '../../store/job.repository.ts';
import { deleteTimersOfInstance, writeTimerEffects } from '../../store/timer.repository.ts';

/** The part of the executor's EffectContext the writers read. */
export interface EffectWriterContext {
  readonly trx: Kysely<any>;
  readonly instanceId: string;
  readonly effects: readonly Effect[];
  readonly now: number;
  readonly state?: InstanceState;
}

export async function writeTimerRows(ctx: EffectWriterContext): Promise<void> {
  await writeTimerEffects(ctx.trx, ctx.instanceId, ctx.effects, ctx.now);
}

export async function writeJobRows(ctx: EffectWriterContext): Promise<void> {
  await writeJobEffects(ctx.trx, ctx.instanceId, ctx.effects, ctx.now);
}

/** An ended instance keeps no timer and runs no job, whatever effects the engine listed. */
export async function clearEndedInstance(ctx: EffectWriterContext): Promise<void> {
  if (ctx.state && ctx.state.status !== 'active') {
    await deleteTimersOfInstance(ctx.trx, ctx.instanceId);
    await cancelJob(ctx.trx, ctx.instanceId, undefined, ctx.now);
  }
}

export const runtimeEffectWriters = [writeTimerRows, writeJobRows, clearEndedInstance] as const;
