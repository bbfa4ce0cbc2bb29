/**
 * Domain rules of the franchise process that a form cannot express (or that must hold
 * even if an admin edits the form): they run after the form's own checks, per task id.
 */
import { DateTime } from 'luxon';
import { validateRequisites } from '../crm/requisites/requisites.validator.ts';
import type { ClientType } from '../crm/requisites/requisites.types.ts';
import type { FieldError } from './form-schema.types.ts';

export interface TaskRuleInput {
  /** The validated answer (only visible fields, normalised). */
  readonly values: Readonly<Record<string, unknown>>;
  readonly variables: Readonly<Record<string, unknown>>;
  /** Field labels by dotted path, as the form showed them. */
  readonly labels: ReadonlyMap<string, string>;
  readonly timeZone: string;
}

export type TaskRule = (input: TaskRuleInput) => FieldError[];

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function requiredWhen(field: string, fallbackLabel: string) {
  return (input: TaskRuleInput): FieldError[] =>
    isBlank(input.values[field])
      ? [{ field, code: 'REQUIRED', message: `${input.labels.get(field) ?? fallbackLabel}: обязательное поле` }]
      : [];
}

/** The meeting's end must come after its start (the start may be the planned one, kept from before). */
function meetingOrder(input: TaskRuleInput): FieldError[] {
  const start = input.values.meetingAt ?? input.variables.meetingAt;
  const end = input.values.meetingEnd;
  if (typeof end !== 'string') return [];
  // Without a start the process would plan 11:00 of the next working day, whatever the end.
  if (typeof start !== 'string') {
    return [{ field: 'meetingAt', code: 'MEETING_START_REQUIRED', message: `${input.labels.get('meetingAt') ?? 'Начало встречи'}: укажите начало, раз указано окончание` }];
  }
  const s = DateTime.fromISO(start, { zone: input.timeZone });
  const e = DateTime.fromISO(end, { zone: input.timeZone });
  if (!s.isValid || !e.isValid || e > s) return [];
  return [{ field: 'meetingEnd', code: 'MEETING_END_BEFORE_START', message: `${input.labels.get('meetingEnd') ?? 'Окончание встречи'}: должно быть позже начала встречи` }];
}

function documentsRule(input: TaskRuleInput): FieldError[] {
  const clientType = input.variables.clientType;
  if (clientType !== 'ip' && clientType !== 'ooo') {
    return [{ field: 'clientType', code: 'CLIENT_TYPE_UNKNOWN', message: 'Тип клиента: сначала укажите, ИП это или ООО' }];
  }
  const requisites = input.values.requisites as Record<string, unknown> | undefined;
  return validateRequisites(requisites, clientType as ClientType);
}

export const FRANCHISE_TASK_RULES: Readonly<Record<string, TaskRule>> = {
  decision_call: (input) => [
    ...(input.values.decision === 'negative' ? requiredWhen('lostReason', 'Причина отказа')(input) : []),
    ...(input.values.decision === 'positive' ? meetingOrder(input) : []),
  ],
  meeting: (input) => [
    ...(input.values.meetingHeld === true
      ? []
      : [{ field: 'meetingHeld', code: 'REQUIRED', message: `${input.labels.get('meetingHeld') ?? 'Встреча проведена'}: нужно отметить` }]),
    ...meetingOrder(input),
  ],
  premises_call: (input) => (input.values.premisesFound === true ? requiredWhen('premisesAddress', 'Адрес помещения')(input) : []),
  legal_review: (input) =>
    input.values.legalDecision === 'approve_return' || input.values.legalDecision === 'ban'
      ? requiredWhen('legalComment', 'Комментарий юриста')(input)
      : [],
  upload_documents: documentsRule,
  supplement_documents: documentsRule,
};
