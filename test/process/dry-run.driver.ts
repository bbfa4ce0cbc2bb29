/**
 * A minimal driver that runs a franchise scenario through the pure engine (compileModel +
 * apply) and the real calendar, printing events in the simulation format. It exists to
 * dry-run the shipped model against the hand-written expected files before the real
 * simulator (`potok simulate`, built on the durable runtime) lands; it follows the
 * ordering rules of test/scenarios/README.md and nothing more (no forms, no database).
 */
import { DateTime, Duration } from 'luxon';
import { apply, compileModel, type ApplyResult, type CompiledProcess, type Effect, type InstanceState, type Json, type Variables } from '../../src/engine/index.ts';
import { createWorkingCalendar, workingTimeFeelFunctions } from '../../src/calendar/index.ts';

const ZONE = 'Europe/Moscow';
const calendar = createWorkingCalendar({ zone: ZONE });

export interface ScenarioAnswer { readonly at?: string; readonly by?: string; readonly data: Record<string, Json> }
export interface DryRunScenario {
  readonly start: string;
  readonly deal: Record<string, Json>;
  readonly answers: Record<string, ScenarioAnswer[]>;
  readonly cancel?: { readonly at: string; readonly by: string; readonly reason: string };
  readonly onec?: boolean;
}
export type DryRunEvent = Record<string, Json>;

/** Hooks for model tests that need more than the simulation's events. */
export interface DryRunHooks {
  /** Sees every engine effect, in order. */
  readonly observe?: (effect: Effect) => void;
  /** Overrides a job's outcome: variables to complete it with, or a BPMN error to throw. */
  readonly job?: (job: { type: string; elementId: string; variables: Variables }) => Variables | { errorCode: string; message: string } | undefined;
  /** Messages published at a time (e.g. a meeting rescheduled), correlated to the matching subscription. */
  readonly messages?: readonly { at: string; name: string; variables: Variables }[];
}

interface OpenTask {
  readonly elementInstanceId: string;
  readonly elementId: string;
  readonly assignee: string | null;
  readonly createdAt: number;
  readonly dueAt: number | null;
  readonly followUpAt: number | null;
  readonly occurrence: number;
  readonly seq: number;
}

const iso = (ms: number): string => DateTime.fromMillis(ms, { zone: ZONE }).toISO({ suppressMilliseconds: true })!;
const ms = (text: string): number => DateTime.fromISO(text).toMillis();

export async function compileShipped(xml: string): Promise<CompiledProcess> {
  const result = await compileModel(xml);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.elementId}: ${p.message}`).join('\n'));
  return result.processes[0] as CompiledProcess;
}

export function dryRun(process: CompiledProcess, scenario: DryRunScenario, hooks: DryRunHooks = {}): DryRunEvent[] {
  const out: DryRunEvent[] = [];
  let state: InstanceState | null = null;
  let stage: string | null = null;
  let seq = 0;
  let ended = false;
  let now = ms(scenario.start);
  const tasks = new Map<string, OpenTask>();
  const occurrences = new Map<string, number>();
  const used = new Map<string, number>();
  const jobs: { elementInstanceId: string; elementId: string; type: string; headers: Record<string, string>; variables: Variables }[] = [];
  const messages = [...(hooks.messages ?? [])];
  let cancelPending = scenario.cancel !== undefined;

  const env = () => ({ now, calendar, feelFunctions: workingTimeFeelFunctions(calendar, { now }) });

  function effects(list: readonly Effect[]): void {
    for (const effect of list) {
      hooks.observe?.(effect);
      switch (effect.kind) {
        case 'scope.entered': {
          const next = effect.properties.stage;
          if (next !== undefined && next !== stage) {
            stage = next;
            out.push({ type: 'stage.changed', at: iso(now), stage: next });
          }
          break;
        }
        case 'userTask.created': {
          const t = effect.task;
          const occurrence = occurrences.get(t.elementId) ?? 0;
          occurrences.set(t.elementId, occurrence + 1);
          tasks.set(t.elementInstanceId, {
            elementInstanceId: t.elementInstanceId, elementId: t.elementId, assignee: t.assignee, createdAt: now,
            dueAt: t.dueAt, followUpAt: t.followUpAt, occurrence, seq: seq++,
          });
          const e: DryRunEvent = { type: 'task.created', at: iso(now), task: t.elementId };
          if (t.assignee) e.assignee = t.assignee;
          if (t.followUpAt !== null) e.plannedStart = iso(t.followUpAt);
          if (t.dueAt !== null) e.due = iso(t.dueAt);
          if (t.author) e.author = t.author;
          out.push(e);
          break;
        }
        case 'userTask.ended': {
          const t = tasks.get(effect.elementInstanceId);
          tasks.delete(effect.elementInstanceId);
          if (t && effect.reason !== 'completed') {
            out.push({ type: 'task.cancelled', at: iso(now), task: t.elementId, reason: effect.reason === 'cancelled' ? 'deal_cancelled' : 'interrupted' });
          }
          break;
        }
        case 'job.created':
          jobs.push({ elementInstanceId: effect.job.elementInstanceId, elementId: effect.job.elementId, type: effect.job.type, headers: { ...effect.job.headers }, variables: effect.job.variables });
          break;
        case 'incident.raised':
          out.push({ type: 'incident.raised', at: iso(now), element: effect.incident.elementId, message: effect.incident.message });
          break;
        case 'instance.ended': {
          ended = true;
          if (effect.status === 'cancelled') {
            out.push({ type: 'stage.changed', at: iso(now), stage: 'lost' }, { type: 'process.completed', at: iso(now), outcome: 'lost', reason: 'cancelled' });
            break;
          }
          const end = effect.endEventId ? process.elements.get(effect.endEventId) : undefined;
          const props: Readonly<Record<string, string>> = end?.properties ?? {};
          const outcome = props.outcome ?? String(effect.endEventId);
          out.push({ type: 'stage.changed', at: iso(now), stage: outcome });
          const done: DryRunEvent = { type: 'process.completed', at: iso(now), outcome };
          if (props.reason) done.reason = props.reason;
          out.push(done);
          break;
        }
        default:
          break;
      }
    }
  }

  function run(command: Parameters<typeof apply>[2]): void {
    const result = apply(process, state, command, env());
    state = result.state;
    effects(result.effects);
    // Jobs run right after the step that created them, before anything else at this instant.
    while (jobs.length > 0 && !ended) {
      const job = jobs.shift()!;
      const override = hooks.job?.(job);
      const outcome = override ?? runJob(job);
      const r: ApplyResult = 'errorCode' in outcome && typeof outcome.errorCode === 'string'
        ? apply(process, state, {
          // As the runtime does: the message goes into the variable the job's header names.
          kind: 'throwError', elementInstanceId: job.elementInstanceId, errorCode: outcome.errorCode, message: String(outcome.message),
          variables: { [job.headers['potok.errorVariable'] || `${job.elementId}Error`]: String(outcome.message) },
        }, env())
        : apply(process, state, { kind: 'completeJob', elementInstanceId: job.elementInstanceId, variables: outcome as Variables }, env());
      state = r.state;
      effects(r.effects);
    }
  }

  function runJob(job: { type: string; headers: Record<string, string>; variables: Variables }): Variables {
    const v = job.variables;
    switch (job.type) {
      case 'email.send':
        out.push({ type: 'email.sent', at: iso(now), template: job.headers.template, to: (v.to ?? v.email) as Json });
        return {};
      case 'potok.notify': {
        const recipients = (v.recipients ?? []) as string[];
        if (job.headers.kind === 'task_overdue') out.push({ type: 'task.overdue', at: iso(now), task: job.headers.task, notified: recipients });
        for (const to of recipients) out.push({ type: 'notification.sent', at: iso(now), to, kind: job.headers.kind });
        return {};
      }
      case 'potok.onboarding.prepare':
        return { onecConfigured: scenario.onec === true, director: 'director' };
      case 'onec.createCounterparty':
        out.push({ type: 'onec.requested', at: iso(now) });
        return { onecRef: 'simulated-ref-key' };
      default:
        return {};
    }
  }

  function answerTime(task: OpenTask, at: string | undefined): number {
    if (at === undefined || at === 'created') return task.createdAt;
    if (at === 'planned') return task.followUpAt ?? task.createdAt;
    if (at === 'due') return task.dueAt ?? task.createdAt;
    if (at.startsWith('P')) return task.createdAt + Duration.fromISO(at).toMillis();
    return ms(at);
  }

  run({ kind: 'start', instanceId: 'sim', definitionKey: 'franchise_onboarding:1', businessKey: 'deal-1', variables: { ...scenario.deal, dealId: 'deal-1', owner: 'manager' } });

  for (let guard = 0; guard < 1000 && !ended; guard++) {
    // The next scripted answer (by time, then by task creation), the cancel, the next timer.
    let next: { at: number; order: number; act: () => void } | null = null;
    const consider = (at: number, order: number, act: () => void) => {
      if (!next || at < next.at || (at === next.at && order < next.order)) next = { at, order, act };
    };
    for (const task of tasks.values()) {
      const answers = scenario.answers[task.elementId] ?? [];
      const answer = answers[task.occurrence];
      if (!answer || (used.get(task.elementId) ?? 0) > task.occurrence) continue;
      consider(answerTime(task, answer.at), task.seq, () => {
        used.set(task.elementId, task.occurrence + 1);
        const by = answer.by ?? task.assignee ?? '';
        out.push({ type: 'task.completed', at: iso(now), task: task.elementId, by, data: answer.data });
        run({ kind: 'completeUserTask', elementInstanceId: task.elementInstanceId, variables: { ...answer.data, completedBy: by } });
      });
    }
    if (cancelPending && scenario.cancel) {
      consider(ms(scenario.cancel.at), -1, () => {
        cancelPending = false;
        run({ kind: 'cancel', reason: scenario.cancel!.reason });
      });
    }
    const message = messages[0];
    if (message) {
      consider(ms(message.at), -1, () => {
        messages.shift();
        const wait = Object.values((state as InstanceState | null)?.waits ?? {}).find((w) => w.kind === 'message' && w.messageName === message.name);
        if (wait) run({ kind: 'correlateMessage', waitId: wait.id, variables: message.variables });
      });
    }
    for (const wait of Object.values((state as InstanceState | null)?.waits ?? {})) {
      if (wait.kind !== 'timer') continue;
      consider(wait.dueAt, Number.MAX_SAFE_INTEGER, () => {
        out.push({ type: 'timer.fired', at: iso(now), element: wait.elementId });
        run({ kind: 'fireTimer', timerId: wait.id });
      });
    }
    const chosen = next as { at: number; order: number; act: () => void } | null;
    if (!chosen) {
      const last = out[out.length - 1];
      out.push({ type: 'simulation.idle', at: last.at, open: [...tasks.values()].sort((a, b) => a.seq - b.seq).map((t) => t.elementId) });
      break;
    }
    now = Math.max(now, chosen.at);
    chosen.act();
  }
  out.unshift({ type: 'process.started', at: scenario.start.replace(/\.\d+/, ''), deal: 'deal-1' });
  return out;
}
