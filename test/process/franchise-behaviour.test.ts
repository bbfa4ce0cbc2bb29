/**
 * What the shipped model does beyond the simulation's event lines: task titles, kinds and
 * authors the CRM shows, the variables jobs receive, the meeting's reschedule, the 1C
 * branches and the configurable recall delay — run through the pure engine.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { CompiledProcess, Effect, JobSpec, UserTaskSpec } from '../../src/engine/index.ts';
import { compileShipped, dryRun, type DryRunHooks, type DryRunScenario } from './dry-run.driver.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const scenario = (name: string) => JSON.parse(readFileSync(path.join(root, 'test/scenarios', `${name}.json`), 'utf8')) as DryRunScenario;
let process: CompiledProcess;

beforeAll(async () => {
  process = await compileShipped(readFileSync(path.join(root, 'processes/franchise-onboarding.bpmn'), 'utf8'));
});

function record(s: DryRunScenario, hooks: DryRunHooks = {}) {
  const effects: Effect[] = [];
  const events = dryRun(process, s, { ...hooks, observe: (e) => effects.push(e) });
  const tasks = effects.flatMap((e) => (e.kind === 'userTask.created' ? [e.task] : [])) as UserTaskSpec[];
  const jobs = effects.flatMap((e) => (e.kind === 'job.created' ? [e.job] : [])) as JobSpec[];
  const scopes = effects.flatMap((e) => (e.kind === 'scope.entered' ? [e] : []));
  return { events, tasks, jobs, scopes };
}
const isoMs = (iso: string) => Date.parse(iso);

describe('the shipped franchise model, as the CRM sees it', () => {
  it('names the first premises call «Уточнить результат поиска помещения» and every repeat «Перезвонить клиенту позже»', () => {
    const { tasks } = record(scenario('premises-twice-ip-won'));
    expect(tasks.filter((t) => t.elementId === 'premises_call').map((t) => t.title)).toEqual([
      'Уточнить результат поиска помещения', 'Перезвонить клиенту позже', 'Перезвонить клиенту позже',
    ]);
  });

  it('gives every task its kind, and the 1C task the director as author', () => {
    const { tasks } = record(scenario('premises-twice-ip-won'));
    const kinds = Object.fromEntries(tasks.map((t) => [t.elementId, t.kind]));
    expect(kinds).toEqual({
      assign_rep: 'todo', first_call: 'call', meeting: 'meeting', premises_call: 'call', client_type: 'todo',
      upload_documents: 'todo', legal_review: 'approval', enter_into_1c: 'todo',
    });
    const enter = tasks.find((t) => t.elementId === 'enter_into_1c')!;
    expect([enter.author, enter.assignee]).toEqual(['director', 'manager']);
    expect(tasks.find((t) => t.elementId === 'legal_review')!.candidateGroups).toEqual(['lawyer']);
  });

  it('moves the deal to first_call right before the call task, and sets each block\'s stage on entering it', () => {
    const { scopes } = record(scenario('premises-twice-ip-won'));
    expect(scopes.filter((s) => s.properties.stage).map((s) => `${s.elementId}:${s.properties.stage}`)).toEqual([
      'block_assign_rep:new', 'first_call:first_call', 'block_meeting:meeting', 'block_premises:premises',
      'block_documents:documents', 'block_legal_review:legal_review', 'block_onboarding:onboarding',
    ]);
  });

  it('e-mails the client with the rep as Reply-To, and gives the invitation the planned meeting', () => {
    const { jobs } = record(scenario('think-positive-meeting'));
    const mails = jobs.filter((j) => j.type === 'email.send');
    expect(mails.map((j) => [j.elementId, j.headers.template, j.variables.to, j.variables.replyToUser])).toEqual([
      ['send_presentation', 'presentation', 'client@example.test', 'rep'],
      ['send_meeting_invitation', 'meeting_invitation', 'client@example.test', 'rep'],
      ['send_premises_requirements', 'premises_requirements', 'client@example.test', 'rep'],
    ]);
    const invitation = mails[1].variables;
    expect([isoMs(String(invitation.meetingAt)), isoMs(String(invitation.meetingEnd)), invitation.meetingPlace]).toEqual([
      isoMs('2026-06-19T15:00:00+03:00'), isoMs('2026-06-19T16:30:00+03:00'), 'Тверь, ул. Советская, 1, кафе «Хмель»',
    ]);
  });

  it('given a rescheduled meeting, when the CRM publishes meeting_rescheduled, then the client gets a new invitation and the meeting stays open', () => {
    const s = { ...scenario('think-positive-meeting') };
    const moved = { meetingAt: '2026-06-22T10:00:00+03:00', meetingEnd: '2026-06-22T11:00:00+03:00', meetingPlace: 'Офис компании' };
    s.answers = { ...s.answers, meeting: [{ at: '2026-06-22T11:00:00+03:00', data: { meetingHeld: true } }] };
    const { events, jobs } = record(s, { messages: [{ at: '2026-06-18T12:00:00+03:00', name: 'meeting_rescheduled', variables: moved }] });
    const update = jobs.find((j) => j.elementId === 'send_meeting_update')!;
    expect([update.headers.template, isoMs(String(update.variables.meetingAt)), update.variables.meetingPlace]).toEqual([
      'meeting_invitation', isoMs(moved.meetingAt), 'Офис компании',
    ]);
    expect(events.filter((e) => e.type === 'email.sent' && e.template === 'meeting_invitation').map((e) => e.at)).toEqual([
      '2026-06-17T09:00:00+03:00', '2026-06-18T12:00:00+03:00',
    ]);
    expect(events.filter((e) => e.task === 'meeting').map((e) => e.type)).toEqual(['task.created', 'task.completed']);
    // The premises wait counts from the meeting as held (Jun 22) → the 4th working day, Jun 26.
    expect(events.find((e) => e.type === 'timer.fired' && e.element === 'wait_premises_call')?.at).toBe('2026-06-26T09:00:00+03:00');
  });

  it('given 1C configured, when block 7 runs, then the counterparty is created first and the manager only confirms the reference', () => {
    const { events, tasks } = record({ ...scenario('premises-twice-ip-won'), onec: true });
    expect(events.filter((e) => e.at === '2026-05-20T13:00:00+03:00').map((e) => e.type)).toEqual([
      'task.completed', 'stage.changed', 'onec.requested', 'task.created',
    ]);
    expect(tasks.find((t) => t.elementId === 'enter_into_1c')!.variables.onecRef).toBe('simulated-ref-key');
  });

  it('given 1C refusing the counterparty, when the job gives up with ONEC_FAILED, then the manager gets the task with 1C\'s reply', () => {
    const { events, tasks } = record({ ...scenario('premises-twice-ip-won'), onec: true }, {
      job: (job) => (job.type === 'onec.createCounterparty' ? { errorCode: 'ONEC_FAILED', message: 'Контрагент с таким ИНН уже существует' } : undefined),
    });
    const enter = tasks.find((t) => t.elementId === 'enter_into_1c')!;
    expect(enter.variables.onecError).toBe('Контрагент с таким ИНН уже существует');
    expect(events[events.length - 1]).toMatchObject({ type: 'process.completed', outcome: 'won' });
  });

  it('given a review that returned the documents with a comment, when the next review approves without one, then the old comment is gone', () => {
    const { tasks } = record(scenario('approve-return-won'));
    const enter = tasks.find((t) => t.elementId === 'enter_into_1c')!;
    expect([enter.variables.legalDecision, enter.variables.legalComment, enter.variables.legalReviewer]).toEqual(['approve', null, 'lawyer']);
    const reviews = tasks.filter((t) => t.elementId === 'legal_review');
    expect(reviews.map((t) => [t.variables.legalDecision, t.variables.legalComment])).toEqual([[null, null], [null, null]]);
  });

  it('given a ban, when ban_client runs, then it gets the client\'s ИНН, the lawyer\'s comment and who banned', () => {
    const { jobs } = record(scenario('ban'));
    const ban = jobs.find((j) => j.elementId === 'ban_client')!;
    expect([ban.type, ban.variables.inn, ban.variables.bannedBy]).toEqual(['potok.crm.banInn', '7736207543', 'lawyer']);
    expect(String(ban.variables.reason)).toMatch(/^Учредитель/);
  });

  it('given recallDelayDays = 2 among the start variables, when the premises are not found, then the recall comes 2 working days later', () => {
    const s = scenario('premises-twice-ip-won');
    const { events } = record({ ...s, deal: { ...s.deal, recallDelayDays: 2 } });
    // Not found at 18:00 on May 5 → May 6 (1), May 7 (2) → 09:00 May 7.
    expect(events.filter((e) => e.type === 'timer.fired' && e.element === 'wait_recall')[0]?.at).toBe('2026-05-07T09:00:00+03:00');
  });

  it('given the overdue first call, then the escalation job tells the responsible manager once, flagged as an escalation', () => {
    const { jobs } = record(scenario('first-call-late'));
    const notify = jobs.filter((j) => j.type === 'potok.notify');
    expect(notify.map((j) => [j.headers.kind, j.headers.escalation, j.headers.task, j.variables.recipients])).toEqual([
      ['task_overdue', 'true', 'first_call', ['manager']],
    ]);
  });
});
