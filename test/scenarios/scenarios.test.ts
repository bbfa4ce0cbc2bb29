/**
 * Checks the scenario files themselves, before any simulator runs them: every expected
 * file is well-formed and ordered in time, every answer is one the task's form accepts,
 * and every expected line about an answer agrees with the scenario (the task's k-th
 * occurrence is completed when its k-th answer says, by whom, with that data).
 * The simulator's own test compares its output with these files (compare-events.ts).
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { DateTime, Duration } from 'luxon';
import { loadFormFile, validateSubmission } from '../../src/forms/index.ts';
import { compareEvents, parseEventLines, type SimEvent } from './compare-events.ts';

const dir = path.dirname(fileURLToPath(import.meta.url));
const names = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();
const model = readFileSync(path.join(dir, '../../processes/franchise-onboarding.bpmn'), 'utf8');
const userTaskIds = new Set([...model.matchAll(/<bpmn:userTask id="([^"]+)"/g)].map((m) => m[1]));

interface Answer { readonly at?: string; readonly by?: string; readonly data: Record<string, unknown> }
interface Scenario {
  readonly start: string;
  readonly deal: Record<string, unknown>;
  readonly answers: Record<string, Answer[]>;
  readonly cancel?: { at: string; by: string; reason: string };
  readonly users?: { login: string; role: string; name: string }[];
}

const load = (name: string) => ({
  scenario: JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as Scenario,
  events: parseEventLines(readFileSync(path.join(dir, `${name}.expected.jsonl`), 'utf8')),
});
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/;
const millis = (iso: string) => DateTime.fromISO(iso).toMillis();
const TYPES = new Set([
  'process.started', 'stage.changed', 'task.created', 'task.completed', 'task.overdue', 'task.cancelled', 'email.sent',
  'notification.sent', 'onec.requested', 'timer.fired', 'job.failed', 'incident.raised', 'process.completed', 'simulation.idle',
]);

describe('the franchise scenarios', () => {
  it('cover every path the issue lists', () => {
    expect(names).toEqual(expect.arrayContaining([
      'sample', 'think-negative', 'think-positive-meeting', 'premises-twice-ip-won', 'ooo-more-docs-twice-won', 'approve-return-won', 'ban',
      'cancel-first-call', 'cancel-considering', 'cancel-legal-review', 'first-call-late', 'new-year-2026-12-30', 'shortened-day-premises-call',
    ]));
  });

  // The specification lives beside the repository (../shared/spec), not in it.
  const specFile = path.join(dir, '../../../shared/spec/simulation.md');
  it.skipIf(!existsSync(specFile))('reproduce the simulation spec\'s sample output, with only the task.completed lines added', () => {
    const spec = readFileSync(specFile, 'utf8');
    const published = spec.split('\n').filter((l) => l.startsWith('{"type":')).map((l) => JSON.parse(l.replace('"deal":"…"', '"deal":"*"')) as SimEvent);
    expect(published.length).toBeGreaterThan(20);
    const { events } = load('sample');
    expect(events.filter((e) => e.type !== 'task.completed')).toEqual(published);
  });

  describe.each(names)('%s', (name) => {
    const { scenario, events } = load(name);

    it('has an expected file of known event types, +03:00 times to the second, in time order', () => {
      expect(events.filter((e) => !TYPES.has(String(e.type))).map((e) => e.type)).toEqual([]);
      const times = events.flatMap((e) => ['at', 'due', 'plannedStart'].filter((k) => k in e).map((k) => String(e[k])));
      expect(times.filter((t) => !ISO.test(t))).toEqual([]);
      const ats = events.map((e) => millis(String(e.at)));
      expect(ats.every((t, i) => i === 0 || t >= ats[i - 1])).toBe(true);
      expect(events[0]).toEqual({ type: 'process.started', at: scenario.start, deal: '*' });
      const last = events[events.length - 1];
      expect(['process.completed', 'simulation.idle']).toContain(last.type);
      if (last.type === 'process.completed') {
        expect(events[events.length - 2]).toEqual({ type: 'stage.changed', at: last.at, stage: last.outcome });
      }
    });

    it('answers only user tasks of the shipped model, with data their forms accept', async () => {
      expect(Object.keys(scenario.answers).filter((id) => !userTaskIds.has(id))).toEqual([]);
      // Replays the answers in the order the expected file completes them, so that each
      // form sees the variables the earlier answers set (clientType for the documents).
      const variables: Record<string, unknown> = { ...scenario.deal, owner: 'manager' };
      for (const e of events.filter((x) => x.type === 'task.completed')) {
        const form = await loadFormFile(String(e.task));
        const result = validateSubmission(form, e.data, {
          variables,
          options: { salesRepOptions: [{ label: 'Торговый представитель', value: 'rep' }] },
          timeZone: 'Europe/Moscow',
        });
        expect(result, `${String(e.task)} at ${String(e.at)}`).toMatchObject({ ok: true });
        Object.assign(variables, e.data);
      }
    });

    it('completes each task occurrence when, by whom and with what its answer says', () => {
      const createdBy = new Map<string, SimEvent[]>();
      const completedBy = new Map<string, SimEvent[]>();
      for (const e of events) {
        const bucket = e.type === 'task.created' ? createdBy : e.type === 'task.completed' ? completedBy : null;
        if (bucket) bucket.set(String(e.task), [...(bucket.get(String(e.task)) ?? []), e]);
      }
      for (const [task, answers] of Object.entries(scenario.answers)) {
        const created = createdBy.get(task) ?? [];
        const completed = completedBy.get(task) ?? [];
        // Answers beyond the tasks created stay unused; every completion has its answer.
        expect(completed.length, task).toBe(Math.min(answers.length, created.length));
        completed.forEach((c, k) => {
          const answer = answers[k];
          const t = created[k];
          const at = answer.at ?? 'created';
          const when =
            at === 'created' ? String(t.at)
            : at === 'planned' ? String(t.plannedStart ?? t.at)
            : at === 'due' ? String(t.due ?? t.at)
            : at.startsWith('P') ? DateTime.fromISO(String(t.at), { setZone: true }).plus(Duration.fromISO(at)).toISO({ suppressMilliseconds: true })
            : at;
          expect(millis(String(c.at)), `${task} #${k + 1} time`).toBe(millis(String(when)));
          expect(c.by, `${task} #${k + 1} by`).toBe(answer.by ?? t.assignee);
          expect(c.data, `${task} #${k + 1} data`).toEqual(answer.data);
        });
      }
      expect([...completedBy.keys()].filter((task) => !(task in scenario.answers))).toEqual([]);
    });

    it('cancels only as its scenario says', () => {
      const end = events.find((e) => e.type === 'process.completed');
      if (scenario.cancel) {
        expect(end).toEqual({ type: 'process.completed', at: scenario.cancel.at, outcome: 'lost', reason: 'cancelled' });
      } else {
        expect(events.some((e) => e.type === 'task.cancelled')).toBe(false);
        expect(end?.reason).not.toBe('cancelled');
      }
    });
  });
});

describe('comparing a run with an expected file', () => {
  const expected: SimEvent[] = [
    { type: 'process.started', at: '2026-12-30T10:00:00+03:00', deal: '*' },
    { type: 'task.created', at: '2026-12-30T10:00:00+03:00', task: 'assign_rep', assignee: 'manager' },
  ];

  it('given any deal id and task_assigned notifications in the run, when compared, then they match', () => {
    const actual: SimEvent[] = [
      { type: 'process.started', at: '2026-12-30T10:00:00+03:00', deal: 'D-17' },
      { assignee: 'manager', task: 'assign_rep', at: '2026-12-30T10:00:00+03:00', type: 'task.created' },
      { type: 'notification.sent', at: '2026-12-30T10:00:00+03:00', to: 'manager', kind: 'task_assigned' },
    ];
    expect(compareEvents(expected, actual)).toBeNull();
  });

  it('given a run with an extra field, a different time or a missing line, when compared, then the first mismatch is reported', () => {
    expect(compareEvents(expected, [expected[0], { ...expected[1], due: '2026-12-30T10:30:00+03:00' }])?.line).toBe(2);
    expect(compareEvents(expected, [expected[0], { ...expected[1], at: '2026-12-30T10:00:01+03:00' }])?.line).toBe(2);
    expect(compareEvents(expected, [{ ...expected[0], deal: 17 }, expected[1]])?.line).toBe(1);
    expect(compareEvents(expected, [expected[0]])).toEqual({ line: 2, expected: expected[1], actual: null });
  });

  it('given an escalation notification in the run that the expected file lacks, when compared, then it is a mismatch', () => {
    const extra = { type: 'notification.sent', at: '2026-12-30T10:30:00+03:00', to: 'manager', kind: 'task_overdue' };
    expect(compareEvents(expected, [...expected, extra])?.line).toBe(3);
  });
});
