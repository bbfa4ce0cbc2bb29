/**
 * The durable runtime, composed: database + clock + calendar + engine → deployments and
 * the command executor (with R2's timer and job rows written in every command's
 * transaction). The CRM registers effect listeners on `runtime.executor`; `potok serve`
 * and `potok worker` start R2's scheduler and workers with `startBackground(runtime)`.
 */
import { createWorkingCalendar, workingTimeFeelFunctions, type WorkingCalendar } from '../calendar/index.ts';
import { apply as engineApply, compileModel as engineCompile } from '../engine/index.ts';
import type { PotokDatabase } from '../store/database.ts';
import { systemClock, type Clock } from './clock.ts';
import { CommandExecutor, type ApplyFn, type EffectWriter, type FeelFunctions } from './command-executor.ts';
import { DeploymentService, type CompileModelFn } from './deployment.ts';
import { runtimeEffectWriters } from './jobs/effect-writers.ts';

export interface RuntimeConfig {
  readonly database: PotokDatabase;
  /** Default: the system clock. The simulator passes a ManualClock. */
  readonly clock?: Clock;
  /** Default: the shipped Russian production calendar, Europe/Moscow, 09:00–18:00. */
  readonly calendar?: WorkingCalendar;
  /** Default: the working-time FEEL functions of the calendar at the command's `now`. */
  readonly feelFunctions?: (now: number) => FeelFunctions;
  /** Replaces the engine (tests of the runtime alone). */
  readonly engine?: { readonly compileModel: CompileModelFn; readonly apply: ApplyFn };
  /** Writers run after the timer and job writers in every command. */
  readonly effectWriters?: readonly EffectWriter[];
  readonly newInstanceId?: () => string;
}

export interface Runtime {
  readonly database: PotokDatabase;
  readonly clock: Clock;
  readonly calendar: WorkingCalendar;
  readonly deployments: DeploymentService;
  readonly executor: CommandExecutor;
}

export function createRuntime(config: RuntimeConfig): Runtime {
  const clock = config.clock ?? systemClock;
  const calendar = config.calendar ?? createWorkingCalendar();
  // Built once: the engine provides now() and today() from each step's clock (in the calendar's
  // zone), and a new function table per command showed up in profiles.
  const workingTime = workingTimeFeelFunctions(calendar) as FeelFunctions;
  const feelFunctions = config.feelFunctions ?? (() => workingTime);
  const engine = config.engine ?? { compileModel: engineCompile, apply: engineApply };
  const deployments = new DeploymentService({ database: config.database, clock, compileModel: engine.compileModel });
  const executor = new CommandExecutor({
    database: config.database,
    clock,
    deployments,
    apply: engine.apply,
    calendar,
    feelFunctions,
    effectWriters: [...runtimeEffectWriters, ...(config.effectWriters ?? [])],
    newInstanceId: config.newInstanceId,
  });
  return { database: config.database, clock, calendar, deployments, executor };
}

export { systemClock, ManualClock, type Clock } from './clock.ts';
export { RuntimeError, isRuntimeError, toRuntimeError, type RuntimeErrorCode } from './errors.ts';
export {
  CommandExecutor, type ApplyFn, type CommandResult, type EffectContext, type EffectListener, type EffectWriter, type ExecuteOptions, type StartInput,
} from './command-executor.ts';
export { DeploymentService, checksumOf, type CompiledDefinition, type DeployOptions, type DeployedProcess } from './deployment.ts';
