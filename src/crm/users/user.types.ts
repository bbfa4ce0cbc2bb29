import type { Role } from '../roles.ts';

/** Kinds of in-app notifications; each person chooses which also come by e-mail. */
export const NOTIFICATION_KINDS = ['task_assigned', 'task_overdue', 'escalation', 'email_failed', 'deal_closed', 'incident', 'comment'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface User {
  readonly login: string;
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly role: Role;
  readonly active: boolean;
  readonly isGeneralDirector: boolean;
  /** Notification kinds also sent by e-mail (the first-call escalation always is). */
  readonly emailKinds: readonly NotificationKind[];
  readonly hasPassword: boolean;
  readonly createdAt: number;
}
