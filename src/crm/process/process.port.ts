/**
 * What the CRM needs from the process runtime, as a narrow port. `runtime-process.adapter.ts`
 * implements it on the runtime's command executor; tests may use a scripted one.
 * Every call is one runtime command = one transaction; the CRM's own bookkeeping for it
 * (stage, timeline, notifications) happens in the effect listener inside it — except for
 * the task assignment commands, which run no listener: the task service records those
 * on the deal's timeline right after.
 */
import type { Kysely } from 'kysely';

export type ProcessVariables = Readonly<Record<string, unknown>>;

export interface DiagramData {
  readonly xml: string;
  readonly definitionKey: string;
  readonly status: string;
  readonly activeElements: readonly string[];
  readonly completedElements: readonly string[];
  readonly incidents: readonly { id: string; elementId: string; message: string; createdAt: number }[];
}

export interface ProcessPort {
  /** Starts the franchise process for a deal (business key = deal id); returns the instance id. */
  startDeal(dealId: string, variables: ProcessVariables, actor: string): Promise<string>;
  completeTask(instanceId: string, elementInstanceId: string, variables: ProcessVariables, actor: string): Promise<void>;
  /** Cancels the instance: open tasks end as cancelled, timers and pending jobs are dropped. */
  cancel(instanceId: string, reason: string, actor: string): Promise<void>;
  /** Publishes a message to the instances waiting for it with this key (e.g. `meeting_rescheduled`). */
  correlate(messageName: string, correlationKey: string, variables: ProcessVariables, actor: string): Promise<boolean>;
  setVariables(instanceId: string, variables: ProcessVariables, actor: string): Promise<void>;
  /**
   * The task's assignee changes in the runtime's row and in the instance's history
   * (task.claimed / task.unclaimed / task.reassigned), under the instance lock. A task
   * closed meanwhile, or claimed by someone else first, is a conflict.
   */
  claimTask(taskId: string, actor: string): Promise<void>;
  unclaimTask(taskId: string, actor: string): Promise<void>;
  reassignTask(taskId: string, assignee: string, actor: string): Promise<void>;
  diagram(instanceId: string): Promise<DiagramData | null>;
}

/** What an effect listener receives from the runtime (see notes/runtime-contract.md). */
export interface EffectContext {
  readonly trx: Kysely<any>;
  readonly instanceId: string;
  readonly businessKey: string | null;
  readonly processId: string;
  readonly definitionKey?: string;
  readonly effects: readonly any[];
  /** The command whose effects these are (its kind and variables, e.g. a job's result). */
  readonly command?: unknown;
  readonly actor?: string | null;
  readonly now: number;
  readonly model?: unknown;
}
