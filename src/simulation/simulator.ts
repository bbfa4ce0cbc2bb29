/**
 * The simulator (../../shared/spec/simulation.md): runs a scenario on the real engine,
 * runtime, calendar, CRM and model, on a fresh in-memory SQLite database, with a virtual
 * clock that jumps to the next scripted answer, cancel, job or timer.
 *
 * How events are observed, so that they come out in the order they happened:
 * - the CRM's effect listener is called once per effect, and after each effect the
 *   deal's stage (as the CRM set it) and new notifications are read in the same
 *   transaction; task, timer, incident and end events come from the effects themselves;
 * - job events (`email.sent`, `onec.requested`, `task.overdue`, `job.failed`) come from
 *   the simulation-mode job handlers, which run right after the step that created them.
 *
 * At one instant: a cancel, then the scripted answers (in the order their tasks were
 * created), then jobs due at that instant (retries), then timers.
 */
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import { createWorkingCalendar, type Workday } from '../calendar/index.ts';
import type { Effect } from '../engine/api.ts';
import type { CompiledProcess } from '../engine/index.ts';
import { createRuntime, isRuntimeError, ManualClock, type EffectContext, type Runtime } from '../runtime/index.ts';
import { JobHandlerRegistry, JobWorkers, TimerScheduler, type JobContext } from '../runtime/jobs/index.ts';
import { openDatabase } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { listJobs, nextJobRunAt } from '../store/job.repository.ts';
import { nextTimerDueAt } from '../store/timer.repository.ts';
import { createCrm, type Crm } from '../crm/crm.ts';
import { crmJobHandlers } from '../crm/process/crm-job.handlers.ts';
import { createRuntimeProcessPort } from '../crm/process/runtime-process.adapter.ts';
import { createRuntimeMailOutbox } from '../crm/process/runtime-outbox.adapter.ts';
import { createFormsAdapter } from '../crm/tasks/forms.adapter.ts';
import { ServiceError } from '../crm/service-error.ts';
import type { Actor } from '../crm/roles.ts';
import type { FileStore } from '../connectors/storage/file-store.ts';
import { ScenarioError, type AnswerTime, type Scenario, type ScenarioAnswer } from './scenario.ts';
import { isoInZone, withoutEmpty, type SimEvent } from './sim-events.ts';
import { scripted, simCompleteHandler, simEmailHandler, simOnecHandler, type SimJobHooks } from './sim-job-handlers.ts';
import { validateOtherModelAnswer } from './other-model-forms.ts';

export const SHIPPED_MODEL_FILE = new URL('../../processes/franchise-onboarding.bpmn', import.meta.url);

export interface SimulationOptions {
  /** The company's zone (POTOK_TZ; default Europe/Moscow): calendar and output offsets. */
  readonly zone?: string;
  /** The working day (POTOK_WORKDAY_START / POTOK_WORKDAY_END; default 09:00–18:00), as `serve` uses it. */
  readonly workday?: Workday;
  /** Receives each event as it happens (the CLI prints it at once). */
  readonly emit: (event: SimEvent) => void;
}

export interface SimulationResult {
  /** `completed`: the process ended; `idle`: nothing left to happen (or `until` reached). */
  readonly end: 'completed' | 'idle';
  readonly events: number;
  /** Scripted answers no task used (`answers.decision_call[1]`): likely a mistake in the scenario. */
  readonly unusedAnswers: readonly string[];
  /** The scripted cancel lies after `until`: this run never reached it. */
  readonly cancelAfterUntil: boolean;
}

/** The users every simulation has (spec); `users` may add more. */
const DEFAULT_USERS = [
  { login: 'manager', role: 'manager', name: 'Менеджер' },
  { login: 'rep', role: 'sales_rep', name: 'Торговый представитель' },
  { login: 'lawyer', role: 'lawyer', name: 'Юрист' },
  { login: 'director', role: 'director', name: 'Генеральный директор' },
] as const;

const DEAL_FIELDS = ['title', 'contactName', 'phone', 'email', 'city', 'source', 'comment'];
const SIMULATED_ONEC = { baseUrl: 'https://1c.simulation.invalid/base', simulated: true };

/** Documents are links in a simulation: a file store that has nothing. */
const noFiles: FileStore = {
  put: async () => {
    throw new ScenarioError('files cannot be uploaded in a simulation: give documents as links');
  },
  get: async () => Readable.from([]),
  delete: async () => {},
};

interface OpenTask {
  readonly taskId: string;
  readonly elementInstanceId: string;
  readonly elementId: string;
  readonly assignee: string | null;
  readonly candidateGroups: readonly string[];
  readonly createdAt: number;
  readonly dueAt: number | null;
  readonly followUpAt: number | null;
  readonly occurrence: number;
  readonly seq: number;
  readonly formId: string | null;
  readonly variables: Readonly<Record<string, unknown>>;
}

interface Step {
  readonly at: number;
  /** Ties at one instant: cancel (-2), answers (task creation order), jobs, timers. */
  readonly order: number;
  readonly act: () => Promise<void>;
}

const ORDER_CANCEL = -2;
const ORDER_JOBS = Number.MAX_SAFE_INTEGER - 1;
const ORDER_TIMERS = Number.MAX_SAFE_INTEGER;

export async function simulate(scenario: Scenario, options: SimulationOptions): Promise<SimulationResult> {
  const database = openDatabase({ sqliteFile: ':memory:' });
  try {
    await migrateToLatest(database);
    return await new Simulation(scenario, options, database).run();
  } finally {
    await database.close();
  }
}

class Simulation {
  readonly #s: Scenario;
  readonly #zone: string;
  readonly #emitOut: (event: SimEvent) => void;
  readonly #clock: ManualClock;
  readonly #runtime: Runtime;
  readonly #db: Kysely<any>;
  readonly #crm: Crm;
  readonly #handlers = new JobHandlerRegistry();
  readonly #workers: JobWorkers;
  readonly #scheduler: TimerScheduler;
  readonly #shipped: boolean;
  readonly #hooks: SimJobHooks;
  #processId = '';
  #model: CompiledProcess | undefined;
  #events = 0;
  #lastAt: string | null = null;
  #started = false;
  #ended = false;
  #instanceId: string | null = null;
  #dealId: string | null = null;
  #stage: string | null = null;
  #notificationCursor = 0;
  #seq = 0;
  readonly #open = new Map<string, OpenTask>();
  readonly #occurrences = new Map<string, number>();
  readonly #answered = new Map<string, number>();
  readonly #completing = new Map<string, { by: string; data: Readonly<Record<string, unknown>> }>();
  readonly #jobOutcomesTaken = new Map<string, number>();
  readonly #deferred = new Set<string>();
  #cancelPending: boolean;
  /** The kind a notification of the running escalation job is reported with. */
  #escalationKind: string | null = null;

  constructor(scenario: Scenario, options: SimulationOptions, database: ReturnType<typeof openDatabase>) {
    this.#s = scenario;
    this.#zone = options.zone ?? 'Europe/Moscow';
    this.#emitOut = options.emit;
    this.#shipped = scenario.model === undefined;
    this.#cancelPending = scenario.cancel !== undefined;
    this.#clock = new ManualClock(scenario.start);
    this.#runtime = createRuntime({ database, clock: this.#clock, calendar: createWorkingCalendar({ zone: this.#zone, workdayStart: options.workday?.start, workdayEnd: options.workday?.end }) });
    this.#db = database.db;
    this.#crm = createCrm(database, {
      process: createRuntimeProcessPort(this.#runtime),
      files: noFiles,
      forms: createFormsAdapter({ timeZone: this.#zone, fileIdsOfDeal: async () => new Set<string>() }),
      outbox: createRuntimeMailOutbox(this.#clock),
      clock: this.#clock,
      zone: this.#zone,
      ...(options.workday ? { workdayDefault: options.workday } : {}),
    });
    const crmListener = this.#crm.effectListener;
    this.#runtime.executor.onEffects(async (ctx) => {
      // One effect at a time, so that each change the CRM makes is seen where it happened.
      for (const effect of ctx.effects) {
        if (effect.kind === 'userTask.ended') await this.#observeBefore(ctx, effect);
        await crmListener({ ...ctx, effects: [effect] } as any);
        await this.#observeAfter(ctx, effect);
      }
    });
    const hooks: SimJobHooks = {
      emit: (e) => this.#emit(e),
      takeOutcome: (elementId) => this.#takeJobOutcome(elementId),
      afterAttempt: (ctx) => this.#afterJob(ctx),
    };
    const crmHandlers = crmJobHandlers({ db: this.#db, notifier: this.#crm.notifier, settings: this.#crm.repositories.settings, users: this.#crm.users, deals: this.#crm.repositories.deals });
    for (const h of [...crmHandlers, simEmailHandler(hooks), simOnecHandler()]) this.#handlers.register(scripted(h, hooks));
    this.#hooks = hooks;
    this.#workers = new JobWorkers({ database, executor: this.#runtime.executor, clock: this.#clock, handlers: this.#handlers, concurrency: 1 });
    this.#scheduler = new TimerScheduler({ database, executor: this.#runtime.executor, clock: this.#clock, batchSize: 1 });
  }

  async run(): Promise<SimulationResult> {
    await this.#setUp();
    await this.#start();
    await this.#settle();
    let sameInstant = 0;
    while (!this.#ended) {
      const next = await this.#nextStep();
      sameInstant = next && next.at <= this.#clock.now() ? sameInstant + 1 : 0;
      // A model that loops without ever waiting would keep the virtual clock still forever.
      if (sameInstant > 10_000) throw new Error(`the process made 10000 steps at ${this.#iso(this.#clock.now())} without time passing: the model loops without waiting`);
      if (!next || next.at > this.#s.until) {
        this.#emit({ type: 'simulation.idle', open: [...this.#open.values()].sort((a, b) => a.seq - b.seq).map((t) => t.elementId) }, next ? this.#s.until : undefined);
        // A cancel scripted after `until` never happens in this run: said, not dropped silently.
        return { end: 'idle', events: this.#events, unusedAnswers: this.#unusedAnswers(), cancelAfterUntil: this.#cancelPending && !!this.#s.cancel };
      }
      if (next.at > this.#clock.now()) this.#clock.set(next.at);
      await next.act();
      await this.#settle();
    }
    // "Cancelling a finished deal is refused": a cancel scripted after the end is an error in the scenario, not ignored.
    const cancel = this.#s.cancel;
    if (this.#cancelPending && cancel) {
      throw new ScenarioError(`cancel.at: the deal was already closed (${this.#stage ?? 'ended'}) at ${this.#lastAt ?? this.#iso(this.#clock.now())}, before ${this.#iso(cancel.at)}: cancelling a finished deal is refused`);
    }
    return { end: 'completed', events: this.#events, unusedAnswers: this.#unusedAnswers(), cancelAfterUntil: false };
  }

  #unusedAnswers(): string[] {
    const out: string[] = [];
    for (const [elementId, answers] of Object.entries(this.#s.answers)) {
      for (let n = this.#answered.get(elementId) ?? 0; n < answers.length; n++) out.push(`answers.${elementId}[${n + 1}]`);
    }
    return out;
  }

  // ---------------------------------------------------------------------------
  // Setting up: users, 1C, the model, the deal
  // ---------------------------------------------------------------------------

  async #setUp(): Promise<void> {
    const logins = new Set<string>();
    const users = [...DEFAULT_USERS, ...this.#s.users];
    for (const [i, u] of users.entries()) {
      if (logins.has(u.login)) {
        if (i >= DEFAULT_USERS.length) throw new ScenarioError(`users[${i - DEFAULT_USERS.length + 1}].login: "${u.login}" exists already in every simulation or is listed twice`);
      }
      logins.add(u.login);
      try {
        await this.#crm.users.createTrusted({ login: u.login, name: u.name, role: u.role, email: `${u.login}@potok.simulation.test` });
      } catch (err) {
        if (err instanceof ServiceError) throw new ScenarioError(`users[${i - DEFAULT_USERS.length + 1}]: ${(err.fields ?? []).map((f) => `${f.field}: ${f.message}`).join('; ') || err.message}`);
        throw err;
      }
    }
    if (this.#s.onec) await this.#crm.repositories.settings.set('onec', SIMULATED_ONEC, this.#clock.now());
    const xml = await this.#readModel();
    let deployed;
    try {
      deployed = await this.#runtime.deployments.deployModel(xml, { source: this.#shipped ? 'shipped' : 'admin', actor: 'system' });
    } catch (err) {
      if (isRuntimeError(err, 'MODEL_INVALID')) {
        const problems = ((err as any).problems ?? []) as { elementId?: string | null; message: string }[];
        throw new ScenarioError(`model ${this.#s.model ?? ''} is refused: ${problems.map((p) => (p.elementId ? `${p.elementId}: ${p.message}` : p.message)).join('; ')}`);
      }
      throw err;
    }
    this.#processId = deployed[0]!.processId;
    this.#model = (await this.#runtime.deployments.getCompiled(deployed[0]!.key)).process;
    this.#checkIds();
  }


  async #readModel(): Promise<string> {
    const file = this.#s.model ?? SHIPPED_MODEL_FILE;
    try {
      return await readFile(file, 'utf8');
    } catch (err) {
      throw new ScenarioError(`model: cannot read ${String(file)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }

  /** Answers name user tasks of the model, job outcomes its service and send tasks. */
  #checkIds(): void {
    const elements = this.#model!.elements;
    for (const id of Object.keys(this.#s.answers)) {
      const el = elements.get(id);
      if (!el || el.type !== 'userTask') {
        const which = this.#shipped ? 'the shipped model' : `the model ${this.#s.model}`;
        throw new ScenarioError(`answers.${id}: ${which} has no user task "${id}"${el ? ` (it is a ${el.type})` : ''}`);
      }
    }
    for (const id of Object.keys(this.#s.jobs)) {
      const el = elements.get(id);
      if (!el || !el.job) throw new ScenarioError(`jobs.${id}: the model has no service or send task "${id}"${el ? ` (it is a ${el.type})` : ''}`);
    }
  }

  async #start(): Promise<void> {
    if (this.#shipped) {
      const unknown = Object.keys(this.#s.deal).filter((k) => !DEAL_FIELDS.includes(k));
      if (unknown.length) throw new ScenarioError(`deal.${unknown[0]}: unknown field (a deal has ${DEAL_FIELDS.join(', ')})`);
      try {
        const deal = await this.#crm.deals.create(await this.#actor('manager', 'deal'), this.#s.deal as any);
        this.#dealId = deal.id;
      } catch (err) {
        if (err instanceof ServiceError && err.code === 'validation') {
          throw new ScenarioError((err.fields ?? []).map((f) => `deal.${f.field}: ${f.message}`).join('; ') || `deal: ${err.message}`);
        }
        throw err;
      }
    } else {
      await this.#runtime.executor.start({ processId: this.#processId, variables: this.#s.deal as any, actor: 'manager' });
    }
  }

  // ---------------------------------------------------------------------------
  // The next step on the virtual clock
  // ---------------------------------------------------------------------------

  async #nextStep(): Promise<Step | null> {
    let best: Step | null = null;
    const consider = (step: Step) => {
      if (!best || step.at < best.at || (step.at === best.at && step.order < best.order)) best = step;
    };
    const cancel = this.#s.cancel;
    if (this.#cancelPending && cancel) consider({ at: Math.max(cancel.at, this.#clock.now()), order: ORDER_CANCEL, act: () => this.#cancel() });
    for (const task of this.#open.values()) {
      const answers = this.#s.answers[task.elementId] ?? [];
      if ((this.#answered.get(task.elementId) ?? 0) > task.occurrence) continue;
      const answer = answers[task.occurrence];
      if (!answer) continue;
      consider({ at: this.#answerTime(task, answer), order: task.seq, act: () => this.#answer(task, answer) });
    }
    const jobAt = await nextJobRunAt(this.#db, this.#handlers.types());
    if (jobAt !== null) consider({ at: Math.max(jobAt, this.#clock.now()), order: ORDER_JOBS, act: async () => {} });
    const timerAt = await nextTimerDueAt(this.#db);
    if (timerAt !== null) consider({ at: Math.max(timerAt, this.#clock.now()), order: ORDER_TIMERS, act: async () => void (await this.#scheduler.fireDue(this.#clock.now())) });
    return best;
  }

  #answerTime(task: OpenTask, answer: ScenarioAnswer): number {
    const where = `answers.${task.elementId}[${task.occurrence + 1}].at`;
    return resolveTime(answer.at, { created: task.createdAt, planned: task.followUpAt, due: task.dueAt }, where, this.#zone, 'the task was created');
  }

  async #answer(task: OpenTask, answer: ScenarioAnswer): Promise<void> {
    const n = task.occurrence + 1;
    const where = `answers.${task.elementId}[${n}]`;
    this.#answered.set(task.elementId, n);
    const by = answer.by ?? task.assignee;
    if (!by) throw new ScenarioError(`${where}.by: required: task ${task.elementId} has no single assignee (offered to ${task.candidateGroups.join(', ') || 'nobody'})`);
    const actor = await this.#actor(by, `${where}.by`);
    this.#completing.set(task.taskId, { by, data: answer.data });
    try {
      if (this.#shipped) {
        await this.#crm.tasks.complete(actor, task.taskId, answer.data);
      } else {
        const values = await validateOtherModelAnswer(task, answer.data, { formsDir: this.#s.forms, zone: this.#zone, salesReps: await this.#salesRepOptions(), where });
        await this.#runtime.executor.completeUserTask(task.taskId, values as any, by);
      }
    } catch (err) {
      this.#completing.delete(task.taskId);
      if (err instanceof ServiceError) {
        const fields = (err.fields ?? []).map((f) => `field ${f.field}: ${f.message}`).join('; ');
        if (err.code === 'validation') throw new ScenarioError(`${where} (answer ${n} of task ${task.elementId}) is refused by the form: ${fields || err.message}`);
        if (err.code === 'forbidden') throw new ScenarioError(`${where}.by: ${by} may not complete task ${task.elementId}${task.assignee ? ` (it is assigned to ${task.assignee})` : ''}`);
        throw new ScenarioError(`${where} (answer ${n} of task ${task.elementId}): ${err.message}`);
      }
      if (isRuntimeError(err, 'INVALID_INPUT')) throw new ScenarioError(`${where} (answer ${n} of task ${task.elementId}): ${(err as Error).message}`);
      throw err;
    }
  }

  async #salesRepOptions() {
    return (await this.#crm.repositories.users.list({ role: 'sales_rep', active: true })).map((u) => ({ value: u.login, label: u.name }));
  }

  async #actor(login: string, where: string): Promise<Actor> {
    const user = await this.#crm.repositories.users.find(login);
    if (!user) {
      const known = (await this.#crm.repositories.users.list({})).map((u) => u.login);
      throw new ScenarioError(`${where}: no user "${login}" in this simulation (users: ${known.join(', ')}; add others with "users")`);
    }
    return { login: user.login, name: user.name, role: user.role };
  }

  async #cancel(): Promise<void> {
    this.#cancelPending = false;
    const cancel = this.#s.cancel!;
    const actor = await this.#actor(cancel.by, 'cancel.by');
    if (this.#shipped) {
      try {
        await this.#crm.deals.cancel(actor, this.#dealId!, cancel.reason);
      } catch (err) {
        if (err instanceof ServiceError && err.code === 'forbidden') throw new ScenarioError(`cancel.by: ${cancel.by} (${actor.role}) may not cancel a deal`);
        throw err;
      }
      // The deal service closes the deal after the process is cancelled, in its own transaction.
      await this.#checkStage(this.#db);
      const deal = await this.#crm.repositories.deals.find(this.#dealId!);
      this.#emit(withoutEmpty({ type: 'process.completed', outcome: deal?.stage ?? 'lost', reason: deal?.lostReason ?? null }));
    } else {
      await this.#runtime.executor.cancelInstance(this.#instanceId!, cancel.reason, cancel.by);
      this.#setStage('lost');
      this.#emit({ type: 'process.completed', outcome: 'lost', reason: 'cancelled' });
    }
    this.#ended = true;
  }

  // ---------------------------------------------------------------------------
  // Jobs
  // ---------------------------------------------------------------------------

  /** Runs every job runnable now (and the jobs those create) to its outcome. */
  async #settle(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      await this.#prepareJobs();
      const ran = await this.#workers.drain(this.#clock.now());
      if (ran === 0) return;
    }
  }

  /** Registers a completing handler for job types nobody handles, and holds jobs whose scripted outcome comes later. */
  async #prepareJobs(): Promise<void> {
    const ready = await listJobs(this.#db, { status: 'ready' });
    const known = new Set(this.#handlers.types());
    for (const job of ready) {
      if (!known.has(job.type)) {
        this.#handlers.register(scripted(simCompleteHandler(job.type), this.#hooks));
        known.add(job.type);
      }
      if (job.kind !== 'bpmn' || !job.elementId || job.runAt > this.#clock.now()) continue;
      const key = `${job.id}:${job.attempts}`;
      if (this.#deferred.has(key)) continue;
      this.#deferred.add(key);
      const k = this.#jobOutcomesTaken.get(job.elementId) ?? 0;
      const outcome = this.#s.jobs[job.elementId]?.[k];
      if (!outcome) continue;
      const at = resolveTime(outcome.at, { created: job.runAt, planned: null, due: null }, `jobs.${job.elementId}[${k + 1}].at`, this.#zone, 'the job became runnable');
      if (at > job.runAt) await this.#db.updateTable('jobs').set({ run_at: at }).where('id', '=', job.id).execute();
    }
  }

  #takeJobOutcome(elementId: string) {
    const k = this.#jobOutcomesTaken.get(elementId) ?? 0;
    const outcome = this.#s.jobs[elementId]?.[k];
    if (outcome) this.#jobOutcomesTaken.set(elementId, k + 1);
    return outcome;
  }

  async #afterJob(ctx: JobContext): Promise<void> {
    this.#escalationKind = ctx.job.type === 'potok.notify' ? (ctx.job.headers.kind ?? 'task_overdue') : null;
    await this.#flushNotifications(this.#db);
    this.#escalationKind = null;
  }

  // ---------------------------------------------------------------------------
  // Observing the runtime's effects
  // ---------------------------------------------------------------------------

  async #observeBefore(ctx: EffectContext, effect: Extract<Effect, { kind: 'userTask.ended' }>): Promise<void> {
    await this.#ensureStarted(ctx);
    const taskId = `${ctx.instanceId}:${effect.elementInstanceId}`;
    const task = this.#open.get(effect.elementInstanceId);
    this.#open.delete(effect.elementInstanceId);
    if (effect.reason === 'completed') {
      const c = this.#completing.get(taskId);
      this.#completing.delete(taskId);
      this.#emit({ type: 'task.completed', task: effect.elementId, by: c?.by ?? ctx.actor ?? 'system', data: c?.data ?? {} });
    } else if (task) {
      this.#emit({ type: 'task.cancelled', task: effect.elementId, reason: effect.reason === 'cancelled' ? 'deal_cancelled' : 'interrupted' });
    }
  }

  async #observeAfter(ctx: EffectContext, effect: Effect): Promise<void> {
    await this.#ensureStarted(ctx);
    switch (effect.kind) {
      case 'scope.entered':
        await this.#checkStage(ctx.trx, effect.properties.stage);
        break;
      case 'userTask.created': {
        const t = effect.task;
        await this.#checkStage(ctx.trx, t.properties.stage);
        const occurrence = this.#occurrences.get(t.elementId) ?? 0;
        this.#occurrences.set(t.elementId, occurrence + 1);
        this.#open.set(t.elementInstanceId, {
          taskId: `${ctx.instanceId}:${t.elementInstanceId}`,
          elementInstanceId: t.elementInstanceId,
          elementId: t.elementId,
          assignee: t.assignee,
          candidateGroups: t.candidateGroups,
          createdAt: ctx.now,
          dueAt: t.dueAt,
          followUpAt: t.followUpAt,
          occurrence,
          seq: this.#seq++,
          formId: t.formId,
          variables: t.variables,
        });
        this.#emit(withoutEmpty({
          type: 'task.created',
          task: t.elementId,
          assignee: t.assignee,
          plannedStart: t.followUpAt === null ? null : this.#iso(t.followUpAt),
          due: t.dueAt === null ? null : this.#iso(t.dueAt),
          author: t.author && t.author !== 'system' ? t.author : null,
        }));
        break;
      }
      case 'userTask.ended':
        await this.#checkStage(ctx.trx);
        break;
      case 'history':
        if (effect.event.kind === 'timer.fired') this.#emit({ type: 'timer.fired', element: effect.event.elementId });
        break;
      case 'incident.raised':
        this.#emit({ type: 'incident.raised', element: effect.incident.elementId, message: effect.incident.message });
        break;
      case 'instance.ended':
        if (effect.status !== 'cancelled') await this.#completed(ctx, effect.endEventId);
        break;
      default:
        break;
    }
    await this.#flushNotifications(ctx.trx);
  }

  async #ensureStarted(ctx: EffectContext): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#instanceId = ctx.instanceId;
    if (this.#shipped) this.#dealId = ctx.businessKey;
    this.#emit({ type: 'process.started', deal: ctx.businessKey ?? ctx.instanceId });
    // The CRM creates the deal at the stage `new` before its process starts.
    await this.#checkStage(ctx.trx);
  }

  async #completed(ctx: EffectContext, endEventId: string | null): Promise<void> {
    this.#ended = true;
    if (this.#shipped) {
      await this.#checkStage(ctx.trx);
      const deal = await this.#crm.repositories.deals.find(this.#dealId!, ctx.trx);
      const closed = deal?.stage === 'won' || deal?.stage === 'lost';
      this.#emit(withoutEmpty({ type: 'process.completed', outcome: closed ? deal!.stage : endEventId, reason: deal?.stage === 'lost' ? deal.lostReason : null }));
      return;
    }
    // Another model: the stage its end event names (property `outcome` won/lost, as the shipped model's), and the end event's id as the outcome.
    const named = this.#model?.elements.get(endEventId ?? '')?.properties.outcome;
    if (named === 'won' || named === 'lost') this.#setStage(named);
    this.#emit({ type: 'process.completed', outcome: endEventId ?? 'ended' });
  }

  /** The shipped model: the deal's stage as the CRM set it; another model: the `stage` property just entered. */
  async #checkStage(db: Kysely<any>, propertyStage?: string): Promise<void> {
    if (this.#shipped) {
      if (!this.#dealId) return;
      const row = await db.selectFrom('deals').select('stage').where('id', '=', this.#dealId).executeTakeFirst();
      if (row?.stage) this.#setStage(row.stage as string);
    } else if (propertyStage) {
      this.#setStage(propertyStage);
    }
  }

  #setStage(stage: string): void {
    if (stage === this.#stage) return;
    this.#stage = stage;
    this.#emit({ type: 'stage.changed', stage });
  }

  /** Notifications to employees, in the order they were written (the deal's own close notice is the process.completed line). */
  async #flushNotifications(db: Kysely<any>): Promise<void> {
    const rows = await sql<{ rid: number; login: string; kind: string }>`select rowid as rid, login, kind from notifications where rowid > ${this.#notificationCursor} order by rowid`.execute(db);
    for (const r of rows.rows) {
      this.#notificationCursor = Number(r.rid);
      if (r.kind === 'deal_closed') continue;
      const kind = r.kind === 'escalation' ? (this.#escalationKind ?? 'task_overdue') : r.kind;
      this.#emit({ type: 'notification.sent', to: r.login, kind });
    }
  }

  // ---------------------------------------------------------------------------
  // Output
  // ---------------------------------------------------------------------------

  #iso(ms: number): string {
    return isoInZone(ms, this.#zone);
  }

  #emit(event: Record<string, unknown> & { type: string }, at?: number): void {
    const { type, ...rest } = event;
    const stamp = at !== undefined ? this.#iso(at) : type === 'simulation.idle' ? (this.#lastAt ?? this.#iso(this.#clock.now())) : this.#iso(this.#clock.now());
    this.#lastAt = stamp;
    this.#events++;
    this.#emitOut({ type: type as SimEvent['type'], at: stamp, ...rest });
  }
}

/** An answer's (or job outcome's) time from its base instants; an absolute time before `created` is an error. */
export function resolveTime(at: AnswerTime, base: { created: number; planned: number | null; due: number | null }, where: string, zone: string, what: string): number {
  switch (at.kind) {
    case 'created':
      return base.created;
    case 'planned':
      return base.planned ?? base.created;
    case 'due':
      return base.due ?? base.created;
    case 'after':
      return base.created + at.ms;
    case 'absolute':
      if (at.at < base.created) throw new ScenarioError(`${where}: ${at.text} is earlier than when ${what} (${isoInZone(base.created, zone)})`);
      return at.at;
  }
}
