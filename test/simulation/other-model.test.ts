/**
 * Another model (`model` + `forms`, paths relative to the scenario): its user tasks are
 * answered by id, its forms validate the answers, `deal` is its starting variables, its
 * `stage` properties move the stage, and `process.completed` names the end event reached.
 */
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { fixtures, runCli, scenarioFile } from './run-cli.ts';

const scenario = (extra: Record<string, unknown>) => ({
  model: 'order-review.bpmn',
  forms: 'forms',
  start: '2026-03-06T17:30:00+03:00',
  deal: { reviewer: 'rep', amount: 1200 },
  ...extra,
});

describe('potok simulate with another model', () => {
  it('given a model, its forms and an approval, when simulated, then its tasks, working-time due date, timer and end event are printed', async () => {
    const run = await runCli(['simulate', scenarioFile(scenario({ answers: { review: [{ at: 'PT30M', data: { decision: 'approve' } }] } }), fixtures)]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.events).toEqual([
      { type: 'process.started', at: '2026-03-06T17:30:00+03:00', deal: expect.any(String) },
      { type: 'stage.changed', at: '2026-03-06T17:30:00+03:00', stage: 'review' },
      // 60 working minutes from Friday 17:30: 30 on Friday, Mar 7–9 off, 30 on Tuesday.
      { type: 'task.created', at: '2026-03-06T17:30:00+03:00', task: 'review', assignee: 'rep', due: '2026-03-10T09:30:00+03:00' },
      { type: 'task.completed', at: '2026-03-06T18:00:00+03:00', task: 'review', by: 'rep', data: { decision: 'approve' } },
      { type: 'timer.fired', at: '2026-03-07T18:00:00+03:00', element: 'wait_a_day' },
      { type: 'process.completed', at: '2026-03-07T18:00:00+03:00', outcome: 'end_approved' },
    ]);
  });

  it('given a rejection, when simulated, then the other end event is the outcome', async () => {
    const run = await runCli(['simulate', scenarioFile(scenario({ answers: { review: [{ data: { decision: 'reject' } }] } }), fixtures)]);
    expect(run.code).toBe(0);
    expect(run.events[run.events.length - 1]).toEqual({ type: 'process.completed', at: '2026-03-06T17:30:00+03:00', outcome: 'end_rejected' });
  });

  it('given its service task failing on both attempts, when simulated, then the failures and the incident are printed and the run ends idle', async () => {
    const run = await runCli(['simulate', scenarioFile(scenario({
      answers: { review: [{ data: { decision: 'approve' } }] },
      jobs: { notify_partner: [{ result: 'fail', message: 'partner API down' }, { result: 'fail', message: 'still down' }] },
    }), fixtures)]);
    expect(run.code).toBe(0);
    expect(run.events.slice(4)).toEqual([
      { type: 'job.failed', at: '2026-03-06T17:30:00+03:00', task: 'notify_partner', retriesLeft: 1, message: 'partner API down' },
      { type: 'job.failed', at: '2026-03-06T17:30:05+03:00', task: 'notify_partner', retriesLeft: 0, message: 'still down' },
      { type: 'incident.raised', at: '2026-03-06T17:30:05+03:00', element: 'notify_partner', message: expect.stringContaining('still down') },
      { type: 'simulation.idle', at: '2026-03-06T17:30:05+03:00', open: [] },
    ]);
  });

  it('given no answer, when simulated, then it ends idle with the task open; given until, the clock stops there', async () => {
    const idle = await runCli(['simulate', scenarioFile(scenario({ answers: {} }), fixtures)]);
    expect(idle.code).toBe(0);
    expect(idle.events[idle.events.length - 1]).toEqual({ type: 'simulation.idle', at: '2026-03-06T17:30:00+03:00', open: ['review'] });
    const stopped = await runCli(['simulate', scenarioFile(scenario({ until: '2026-03-07T12:00:00+03:00', answers: { review: [{ data: { decision: 'approve' } }] } }), fixtures)]);
    expect(stopped.code).toBe(0);
    expect(stopped.events.map((e) => e.type)).not.toContain('timer.fired');
    expect(stopped.events[stopped.events.length - 1]).toEqual({ type: 'simulation.idle', at: '2026-03-07T12:00:00+03:00', open: [] });
  });

  it('given a model file that does not exist, when simulated, then it exits 2 naming it', async () => {
    const run = await runCli(['simulate', scenarioFile(scenario({ model: path.join(fixtures, 'missing.bpmn') }))]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('model: cannot read');
  });
});

describe('potok simulate with another model: tasks that end without an answer', () => {
  const base = { model: 'callback-deadline.bpmn', start: '2026-03-02T10:00:00+03:00', deal: {} };

  it('given an interrupting timer on an unanswered task, when it fires, then the task is cancelled as interrupted', async () => {
    const run = await runCli(['simulate', scenarioFile({ ...base, answers: {} }, fixtures)]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.events.slice(1)).toEqual([
      { type: 'task.created', at: '2026-03-02T10:00:00+03:00', task: 'call_back', assignee: 'rep' },
      { type: 'timer.fired', at: '2026-03-02T11:00:00+03:00', element: 'callback_timeout' },
      { type: 'task.cancelled', at: '2026-03-02T11:00:00+03:00', task: 'call_back', reason: 'interrupted' },
      { type: 'process.completed', at: '2026-03-02T11:00:00+03:00', outcome: 'end_missed' },
    ]);
  });

  it('given an answer exactly at the timer\'s time, when simulated, then the answer comes first and the timer never fires', async () => {
    const run = await runCli(['simulate', scenarioFile({ ...base, answers: { call_back: [{ at: 'PT1H', data: {} }] } }, fixtures)]);
    expect(run.code).toBe(0);
    expect(run.events.map((e) => e.type)).not.toContain('timer.fired');
    expect(run.events[run.events.length - 1]).toEqual({ type: 'process.completed', at: '2026-03-02T11:00:00+03:00', outcome: 'end_called' });
  });

  it('given a cancel, when simulated, then the open task is cancelled and the process ends lost, cancelled', async () => {
    const run = await runCli(['simulate', scenarioFile({ ...base, answers: {}, cancel: { at: '2026-03-02T10:20:00+03:00', by: 'director', reason: 'duplicate' } }, fixtures)]);
    expect(run.code).toBe(0);
    expect(run.events.slice(-3)).toEqual([
      { type: 'task.cancelled', at: '2026-03-02T10:20:00+03:00', task: 'call_back', reason: 'deal_cancelled' },
      { type: 'stage.changed', at: '2026-03-02T10:20:00+03:00', stage: 'lost' },
      { type: 'process.completed', at: '2026-03-02T10:20:00+03:00', outcome: 'lost', reason: 'cancelled' },
    ]);
  });
});
