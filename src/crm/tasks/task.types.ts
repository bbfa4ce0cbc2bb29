export type TaskStatus = 'open' | 'completed' | 'cancelled';

/** A person's task: a user task of a process instance (a row of the runtime's user_tasks) as the CRM shows it. */
export interface Task {
  readonly id: string;
  readonly dealId: string | null;
  readonly instanceId: string;
  readonly elementInstanceId: string;
  readonly elementId: string;
  readonly title: string;
  readonly kind: string | null; // call | meeting | email | todo | approval
  readonly author: string | null;
  readonly assignee: string | null;
  readonly candidateGroups: readonly string[];
  readonly dueAt: number | null;
  /** Planned start of a call or meeting. */
  readonly plannedAt: number | null;
  readonly formId: string | null;
  readonly properties: Readonly<Record<string, string>>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly status: TaskStatus;
  readonly createdAt: number;
  readonly endedAt: number | null;
  readonly completedBy: string | null;
}
