export const STAGES = ['new', 'first_call', 'considering', 'meeting', 'premises', 'documents', 'legal_review', 'onboarding', 'won', 'lost'] as const;
export type Stage = (typeof STAGES)[number];
export const OPEN_STAGES: readonly Stage[] = STAGES.filter((s) => s !== 'won' && s !== 'lost');
export const LOST_REASONS = ['declined', 'banned', 'cancelled'] as const;
export type LostReason = (typeof LOST_REASONS)[number];

export interface Deal {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly contactName: string;
  readonly phone: string;
  readonly email: string;
  readonly city: string | null;
  readonly source: string | null;
  readonly comment: string | null;
  readonly owner: string;
  readonly salesRep: string | null;
  readonly stage: Stage;
  readonly lostReason: string | null;
  readonly lostComment: string | null;
  readonly instanceId: string | null;
  readonly clientType: string | null;
  readonly premisesAddress: string | null;
  readonly requisites: Record<string, unknown> | null;
  readonly documents: Record<string, unknown> | null;
  readonly onecRef: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly stageChangedAt: number;
  readonly closedAt: number | null;
}

/** Fields a person edits directly on the deal card (with history). */
export const EDITABLE_FIELDS = ['title', 'contactName', 'phone', 'email', 'city', 'source', 'comment', 'owner'] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];
export type DealPatch = Partial<Record<EditableField, string | null>>;
