/**
 * Executes engine commands durably: one command = one database transaction.
 *
 *   lock the instance row → load its state → engine `apply` → write the changed state →
 *   perform the effects as rows (user tasks, timers, jobs, subscriptions, incidents,
 *   history) → bump the instance version → run the effect listeners → commit.
 *
 * Either the whole step is stored or none of it. A second command on the same instance
 * waits for the lock (PostgreSQL row lock; SQLite's single writer) and then sees the
 * first one's outcome: if what it wanted to act on is gone it fails with CONFLICT and
 * changes nothing. User-task commands that change only rows (claim, unclaim, reassign)
 * take the same lock, so they never interleave with a completion.
 */
import type { Kysely } from 'kysely';
import type { ApplyResult, Command, CompiledProcess, Effect, EngineEnv, HistoryEvent, InstanceState, Variables } from '../engine/index.ts';
import type { WorkingCalendar } from '../calendar/types.ts';
import type { PotokDatabase } from '../store/database.ts';
import { insertInstance, lockInstance, updateInstance, type InstanceRow } from '../store/instance.repository.ts';
import { loadInstanceState, writeStateChanges } from '../store/instance-state.repository.ts';
import { appendHistory, type HistoryEntry } from '../store/history.repository.ts';
import { cancelOpenTasksOfInstance, endUserTask, findUserTask, insertUserTask, setAssignment, userTaskId, type UserTaskRow } from '../store/user-task.repository.ts';
import { deleteSubscriptionsOfInstance, findSubscriptions } from '../store/subscription.repository.ts';
import { findIncident } from '../store/incident.repository.ts';
import type { Clock } from './clock.ts';
import type { DeploymentService } from './deployment.ts';
import { RuntimeError, conflict, invalidInput, invalidState, notFound, toRuntimeError } from './errors.ts';
import { InstanceStateCache } from './instance-state.cache.ts';
import { timeOrderedId } from '../store/ids.ts';
import { TransactionBatcher, type AfterCommit, type BatcherStats } from './transaction-batcher.ts';

export type ApplyFn = (process: CompiledProcess, state: InstanceState | null, command: Command, env: EngineEnv) => ApplyResult;
export type FeelFunctions = Readonly<Record<string, (...args: any[]) => unknown>>;

/** What one command did, handed to effect writers and effect listeners inside its transaction. */
export interface EffectContext {
  readonly trx: Kysely<any>;
  readonly instanceId: string;
  readonly businessKey: string | null;
  readonly processId: string;
  readonly definitionKey: string;
  readonly command: Command;
  readonly effects: readonly Effect[];
  readonly actor: string | null;
  readonly now: number;
  readonly model: CompiledProcess;
  /** The instance's state after the command. */
  readonly state: InstanceState;
}

/** Writes rows for some kinds of effects (R2's timers and jobs) in the command's transaction. */
export type EffectWriter = (ctx: EffectContext) => Promise<void>;
export type EffectListener = (ctx: EffectContext) => Promise<void> | void;

export interface StartInput {
  readonly processId?: string;
  readonly definitionKey?: string;
  readonly businessKey?: string | null;
  readonly variables?: Variables;
  readonly actor?: string | null;
  readonly startEventId?: string;
  /** Optional: the new instance's id (default: a random UUID). */
  readonly instanceId?: string;
}

export interface ExecuteOptions {
  readonly actor?: string | null;
  /** The instance version the caller saw; a different one is a CONFLICT. */
  readonly expectedVersion?: number;
}

export interface CommandResult {
  readonly instanceId: string;
  readonly version: number;
  readonly effects: readonly Effect[];
}

export interface CommandExecutorConfig {
  readonly database: PotokDatabase;
  readonly clock: Clock;
  readonly deployments: DeploymentService;
  readonly apply: ApplyFn;
  readonly calendar: WorkingCalendar;
  /** FEEL functions for one command at `now` (e.g. the working-time ones of src/calendar). */
  readonly feelFunctions?: (now: number) => FeelFunctions;
  /** Rows for timer and job effects (R2's writeTimerEffects / writeJobEffects), in order. */
  readonly effectWriters?: readonly EffectWriter[];
  readonly newInstanceId?: () => string;
  /** Instances whose state is kept in memory between commands (default 10,000; 0 = none). */
  readonly stateCacheSize?: number;
  /**
   * Also load every cached state from the database and fail the command if the two differ
   * (a diagnostic; default: POTOK_VERIFY_STATE_CACHE=1, which the test suite sets).
   */
  readonly verifyStateCache?: boolean;
}

export class CommandExecutor {
  readonly #db: PotokDatabase;
  readonly #clock: Clock;
  readonly #deployments: DeploymentService;
  readonly #apply: ApplyFn;
  readonly #calendar: WorkingCalendar;
  readonly #feel?: (now: number) => FeelFunctions;
  readonly #writers: EffectWriter[];
  readonly #listeners = new Set<EffectListener>();
  readonly #newId: () => string;
  readonly #batcher: TransactionBatcher;
  readonly #states: InstanceStateCache;
  readonly #verifyStates: boolean;

  constructor(config: CommandExecutorConfig) {
    this.#db = config.database;
    this.#clock = config.clock;
    this.#deployments = config.deployments;
    this.#apply = config.apply;
    this.#calendar = config.calendar;
    this.#feel = config.feelFunctions;
    this.#writers = [...(config.effectWriters ?? [])];
    this.#newId = config.newInstanceId ?? (() => timeOrderedId());
    this.#batcher = new TransactionBatcher({ db: this.#db.db, savepoints: this.#db.caps.kind === 'sqlite', lanes: this.#db.writeLanes });
    this.#states = new InstanceStateCache(config.stateCacheSize ?? 10_000);
    this.#verifyStates = config.verifyStateCache ?? process.env.POTOK_VERIFY_STATE_CACHE === '1';
  }

  /** Transactions and commands run so far (group commit: several commands share a transaction). */
  get transactionStats(): Readonly<BatcherStats> {
    return this.#batcher.stats;
  }

  /** Registers a listener run inside every command's transaction (after the rows are written); returns an unsubscribe. */
  onEffects(listener: EffectListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Adds an effect writer (R2's timers/jobs) after construction. */
  addEffectWriter(writer: EffectWriter): void {
    this.#writers.push(writer);
  }

  // -------------------------------------------------------------------------
  // Engine commands
  // -------------------------------------------------------------------------

  /** Starts an instance on the given definition, or on the process's default for new instances. */
  async start(input: StartInput): Promise<CommandResult> {
    if (!input.definitionKey && !input.processId) throw invalidInput('start needs a processId or a definitionKey');
    const definitionKey = input.definitionKey ?? (await this.#guard(() => this.#deployments.definitionForNewInstances(input.processId!)));
    const compiled = await this.#guard(() => this.#deployments.getCompiled(definitionKey));
    if (input.processId && compiled.definition.processId !== input.processId) {
      throw invalidInput(`definition '${definitionKey}' is of process '${compiled.definition.processId}', not '${input.processId}'`);
    }
    const instanceId = input.instanceId ?? this.#newId();
    const actor = input.actor ?? null;
    const command: Command = {
      kind: 'start',
      instanceId,
      definitionKey,
      businessKey: input.businessKey ?? null,
      variables: input.variables ?? {},
      ...(input.startEventId ? { startEventId: input.startEventId } : {}),
    };
    return this.#transaction(instanceId, async (trx, tx) => {
      const now = this.#clock.now();
      const result = this.#applyCommand(compiled.process, null, command, now);
      const state = result.state;
      const row: InstanceRow = {
        id: instanceId,
        definitionKey,
        processId: compiled.definition.processId,
        businessKey: input.businessKey ?? null,
        status: state.status,
        version: 0,
        nextId: state.nextId,
        historySeq: 0,
        startedAt: state.startedAt,
        startedBy: actor,
        endedAt: state.endedAt,
        updatedAt: now,
        meta: {},
      };
      await insertInstance(trx, row);
      return this.#persist(trx, tx, row, compiled.process, null, result, command, { actor, now });
    });
  }

  /** Runs one engine command on an instance in its own transaction. */
  execute(instanceId: string, command: Command, options: ExecuteOptions = {}): Promise<CommandResult> {
    if (command.kind === 'start') return Promise.reject(invalidInput('use start() to start an instance'));
    return this.#onInstance(instanceId, options, async () => command);
  }

  /**
   * Completes a user task as `actor`: the task row records who, and the completion
   * variables carry `completedBy` (the login), which models use (e.g. "who approved").
   */
  async completeUserTask(taskId: string, variables: Variables = {}, actor: string | null = null, options: { expectedVersion?: number } = {}): Promise<CommandResult> {
    // The task id names its instance (`${instanceId}:${elementInstanceId}`; element
    // instance ids never contain ':'), so the row is read once, under the instance lock.
    const cut = taskId.lastIndexOf(':');
    if (cut <= 0) throw notFound(`no task '${taskId}'`, { taskId });
    const completion = { ...variables, ...(actor ? { completedBy: actor } : {}) };
    return this.#onInstance(taskId.slice(0, cut), { actor, expectedVersion: options.expectedVersion }, async (trx, state) => {
      // A user task still waiting in the loaded state has an open row (the row ends in the
      // command that ends the element, or when the instance ends): no need to read it.
      const waiting = state.status === 'active' ? state.elements[taskId.slice(cut + 1)] : undefined;
      if (waiting?.elementType === 'userTask' && waiting.status === 'waiting') {
        return { kind: 'completeUserTask', elementInstanceId: waiting.id, variables: completion };
      }
      const task = await this.#openTask(trx, taskId);
      return { kind: 'completeUserTask', elementInstanceId: task.elementInstanceId, variables: completion };
    }, () => notFound(`no task '${taskId}'`, { taskId }));
  }

  cancelInstance(instanceId: string, reason: string | null = null, actor: string | null = null): Promise<CommandResult> {
    return this.execute(instanceId, { kind: 'cancel', ...(reason ? { reason } : {}) }, { actor });
  }

  /**
   * Resolves an incident (id `${instanceId}:${incidentId}`): the engine retries what
   * failed; for a job out of retries the job comes back with fresh retries.
   */
  async resolveIncident(id: string, actor: string | null = null): Promise<CommandResult> {
    const incident = await this.#guard(() => findIncident(this.#db.db, id));
    if (!incident) throw notFound(`no incident '${id}'`, { incidentId: id });
    if (incident.resolvedAt !== null) throw invalidState(`incident '${id}' was already resolved`, { incidentId: id });
    return this.execute(incident.instanceId, { kind: 'resolveIncident', incidentId: incident.incidentId }, { actor });
  }

  setVariables(instanceId: string, variables: Variables, actor: string | null = null, scopeId?: string): Promise<CommandResult> {
    return this.execute(instanceId, { kind: 'setVariables', variables, ...(scopeId ? { scopeId } : {}) }, { actor });
  }

  /**
   * Delivers a message to every instance waiting for it with this correlation key (each
   * in its own transaction); returns the instances it reached.
   */
  async correlateMessage(messageName: string, correlationKey: string, variables: Variables = {}, actor: string | null = null): Promise<string[]> {
    const subscriptions = await this.#guard(() => findSubscriptions(this.#db.db, messageName, correlationKey));
    const reached: string[] = [];
    const seen = new Set<string>();
    for (const s of subscriptions) {
      if (seen.has(s.instanceId)) continue;
      seen.add(s.instanceId);
      try {
        await this.execute(s.instanceId, { kind: 'correlateMessage', waitId: s.waitId, variables }, { actor });
        reached.push(s.instanceId);
      } catch (err) {
        // The instance stopped waiting meanwhile (another command took the path).
        if (!(err instanceof RuntimeError && (err.code === 'NOT_FOUND' || err.code === 'INVALID_STATE'))) throw err;
      }
    }
    return reached;
  }

  // -------------------------------------------------------------------------
  // User-task row commands (no engine step; history rows and the instance lock)
  // -------------------------------------------------------------------------

  /** `actor` takes the task. Refused when someone else holds it. */
  claimUserTask(taskId: string, actor: string): Promise<UserTaskRow> {
    return this.#changeAssignment(taskId, actor, 'task.claimed', (task, now) => {
      if (task.assignee && task.assignee !== actor) throw conflict(`the task is already assigned to ${task.assignee}`, { taskId, assignee: task.assignee });
      return { assignee: actor, claimedBy: actor, claimedAt: now };
    });
  }

  /** Gives a claimed task back to its candidates. */
  unclaimUserTask(taskId: string, actor: string): Promise<UserTaskRow> {
    return this.#changeAssignment(taskId, actor, 'task.unclaimed', () => ({ assignee: null, claimedBy: null, claimedAt: null }));
  }

  /** Assigns the task to someone (a manager's decision); null removes the assignee. */
  reassignUserTask(taskId: string, assignee: string | null, actor: string): Promise<UserTaskRow> {
    return this.#changeAssignment(taskId, actor, 'task.reassigned', () => ({ assignee, claimedBy: null, claimedAt: null }));
  }

  async #changeAssignment(
    taskId: string,
    actor: string,
    kind: string,
    decide: (task: UserTaskRow, now: number) => { assignee: string | null; claimedBy: string | null; claimedAt: number | null },
  ): Promise<UserTaskRow> {
    const found = await this.#findTask(taskId);
    return this.#transaction(found.instanceId, async (trx, tx) => {
      const instance = await lockInstance(trx, this.#db.caps, found.instanceId);
      if (!instance) throw notFound(`no instance '${found.instanceId}'`);
      const task = await this.#openTask(trx, taskId);
      const now = this.#clock.now();
      const change = decide(task, now);
      await setAssignment(trx, taskId, { ...change, at: now });
      const historySeq = await appendHistory(trx, instance.id, instance.historySeq, [
        { at: now, kind, elementId: task.elementId, elementInstanceId: task.elementInstanceId, data: { taskId, from: task.assignee, to: change.assignee }, actor },
      ]);
      const ok = await updateInstance(trx, instance.id, instance.version, { status: instance.status, nextId: instance.nextId, historySeq, endedAt: instance.endedAt, updatedAt: now }, instance.status);
      if (!ok) throw conflict(`instance '${instance.id}' was changed by another command; try again`);
      // The state did not change, only its version.
      tx.afterCommit(() => this.#states.bump(instance.id, instance.version, instance.version + 1));
      return (await findUserTask(trx, taskId))!;
    });
  }

  // -------------------------------------------------------------------------
  // The transaction
  // -------------------------------------------------------------------------

  async #onInstance(
    instanceId: string,
    options: ExecuteOptions,
    prepare: (trx: Kysely<any>, state: InstanceState) => Promise<Command>,
    missing?: () => RuntimeError,
  ): Promise<CommandResult> {
    return this.#transaction(instanceId, (trx, tx) => this.#step(trx, tx, instanceId, options, prepare, missing));
  }

  /** One command on one instance inside the caller's transaction. */
  async #step(
    trx: Kysely<any>,
    tx: AfterCommit,
    instanceId: string,
    options: ExecuteOptions,
    prepare: (trx: Kysely<any>, state: InstanceState) => Promise<Command>,
    missing: () => RuntimeError = () => notFound(`no instance '${instanceId}'`, { instanceId }),
  ): Promise<CommandResult> {
    const actor = options.actor ?? null;
    const row = await lockInstance(trx, this.#db.caps, instanceId);
    if (!row) throw missing();
    if (options.expectedVersion !== undefined && options.expectedVersion !== row.version) {
      throw conflict(`instance '${instanceId}' is at version ${row.version}, not ${options.expectedVersion}: it was changed meanwhile`, { instanceId, version: row.version });
    }
    const compiled = await this.#deployments.getCompiled(row.definitionKey, trx);
    // The state as the last command here left it, unless another command (or process) changed it since.
    const before = await this.#stateOf(trx, row);
    const command = await prepare(trx, before);
    const now = this.#clock.now();
    const result = this.#applyCommand(compiled.process, before, command, now);
    return this.#persist(trx, tx, row, compiled.process, before, result, command, { actor, now });
  }

  async #stateOf(trx: Kysely<any>, row: InstanceRow): Promise<InstanceState> {
    const cached = this.#states.get(row.id, row.version);
    if (!cached) return loadInstanceState(trx, row);
    if (this.#verifyStates) {
      const stored = await loadInstanceState(trx, row);
      const difference = firstDifference(cached, stored, 'state');
      if (difference) throw new Error(`instance '${row.id}' v${row.version}: the cached state differs from the stored one at ${difference}`);
    }
    return cached;
  }

  #applyCommand(process: CompiledProcess, state: InstanceState | null, command: Command, now: number): ApplyResult {
    const env: EngineEnv = { now, calendar: this.#calendar, ...(this.#feel ? { feelFunctions: this.#feel(now) } : {}) };
    try {
      return this.#apply(process, state, command, env);
    } catch (err) {
      throw toRuntimeError(err);
    }
  }

  async #persist(
    trx: Kysely<any>,
    tx: AfterCommit,
    row: InstanceRow,
    process: CompiledProcess,
    before: InstanceState | null,
    result: ApplyResult,
    command: Command,
    context: { actor: string | null; now: number },
  ): Promise<CommandResult> {
    const { state, effects } = result;
    const { actor, now } = context;
    const instance = { id: row.id, processId: row.processId, businessKey: row.businessKey };
    await writeStateChanges(trx, instance, before, state, context);

    const completion = command.kind === 'completeUserTask' ? command : null;
    for (const effect of effects) {
      if (effect.kind === 'userTask.created') {
        await insertUserTask(trx, instance, effect.task, now);
      } else if (effect.kind === 'userTask.ended') {
        const completed = effect.reason === 'completed';
        await endUserTask(trx, userTaskId(row.id, effect.elementInstanceId), {
          status: completed ? 'completed' : 'cancelled',
          reason: effect.reason,
          at: now,
          by: actor,
          result: completed && completion?.elementInstanceId === effect.elementInstanceId ? (completion.variables ?? {}) : null,
        });
      }
    }

    const ctx: EffectContext = {
      trx, instanceId: row.id, businessKey: row.businessKey, processId: row.processId, definitionKey: row.definitionKey,
      command, effects, actor, now, model: process, state,
    };
    for (const write of this.#writers) await write(ctx);

    // An ended instance keeps nothing waiting, whatever effects the engine listed.
    if (state.status !== 'active' && (before === null || before.status === 'active')) {
      // Such rows exist only for what the state had waiting, or for what this command created.
      const elements = Object.values(before?.elements ?? {});
      if (elements.some((e) => e.elementType === 'userTask') || effects.some((e) => e.kind === 'userTask.created')) await cancelOpenTasksOfInstance(trx, row.id, now, actor);
      if (Object.values(before?.waits ?? {}).some((w) => w.kind === 'message')) await deleteSubscriptionsOfInstance(trx, row.id);
    }

    const history: HistoryEntry[] = [];
    for (const effect of effects) if (effect.kind === 'history') history.push(historyEntry(effect.event, actor));
    const historySeq = await appendHistory(trx, row.id, row.historySeq, history);

    const ok = await updateInstance(trx, row.id, row.version, { status: state.status, nextId: state.nextId, historySeq, endedAt: state.endedAt, updatedAt: now }, row.status);
    if (!ok) throw conflict(`instance '${row.id}' was changed by another command; try again`, { instanceId: row.id });

    for (const listener of this.#listeners) await listener(ctx);
    tx.afterCommit(() => this.#states.put(row.id, row.version + 1, state));
    return { instanceId: row.id, version: row.version + 1, effects };
  }

  /** Runs `work` in a transaction, possibly together with other commands (group commit); `key` is the instance. */
  async #transaction<T>(key: string | null, work: (trx: Kysely<any>, tx: AfterCommit) => Promise<T>): Promise<T> {
    try {
      return await this.#batcher.run(key, work);
    } catch (err) {
      throw toRuntimeError(err);
    }
  }

  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw toRuntimeError(err);
    }
  }

  async #findTask(taskId: string): Promise<UserTaskRow> {
    const task = await this.#guard(() => findUserTask(this.#db.db, taskId));
    if (!task) throw notFound(`no task '${taskId}'`, { taskId });
    return task;
  }

  /** Re-reads the task under the instance lock: a task completed meanwhile is a CONFLICT. */
  async #openTask(trx: Kysely<any>, taskId: string): Promise<UserTaskRow> {
    const task = await findUserTask(trx, taskId);
    if (!task) throw notFound(`no task '${taskId}'`, { taskId });
    if (task.status !== 'open') {
      const who = task.completedBy ? ` by ${task.completedBy}` : '';
      throw conflict(task.status === 'completed' ? `the task was already completed${who}` : 'the task was cancelled (the process moved on)', { taskId, status: task.status });
    }
    return task;
  }
}

/** Where two JSON-like values differ (a property holding undefined counts as absent), or null. */
function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (a === b) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${path} (${JSON.stringify(a)} ≠ ${JSON.stringify(b)})`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = (a as Record<string, unknown>)[k];
    const y = (b as Record<string, unknown>)[k];
    if (x === undefined && y === undefined) continue;
    const d = firstDifference(x, y, `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

function historyEntry(event: HistoryEvent, actor: string | null): HistoryEntry {
  const { at, kind, ...data } = event as HistoryEvent & Record<string, unknown>;
  const e = event as { elementId?: string; elementInstanceId?: string };
  return { at, kind, elementId: e.elementId ?? null, elementInstanceId: e.elementInstanceId ?? null, data, actor };
}
