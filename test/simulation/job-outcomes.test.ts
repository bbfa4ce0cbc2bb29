/**
 * Scripted job outcomes (`jobs`): failures with retries (the runtime's backoff, in plain
 * clock time), an incident when the retries run out, 1C failing for good (the model's
 * BPMN error, then the manual task), an uncaught BPMN error, and an outcome given later.
 * A run that ends with an incident exits 0 and says so.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root, runCli, sampleScenario, scenarioFile } from './run-cli.ts';

const compared = (events: Record<string, any>[]) => events.filter((e) => !(e.type === 'notification.sent' && e.kind === 'task_assigned'));
const after = (events: Record<string, any>[], type: string, field: string, value: string) => compared(events.slice(events.findIndex((e) => e.type === type && e[field] === value)));

describe('potok simulate with scripted job outcomes', () => {
  it('given the presentation e-mail failing on every attempt, when simulated, then each failure is reported with the retries left, an incident is raised and the run ends idle with exit 0', async () => {
    const s = sampleScenario();
    s.jobs = {
      send_presentation: [
        { result: 'fail', message: 'SMTP server not reachable' },
        { at: 'PT5M', result: 'fail', message: 'still down' },
        { result: 'fail', message: 'down for good' },
      ],
    };
    const run = await runCli(['simulate', scenarioFile(s)]);
    expect(run.code, run.stderr).toBe(0);
    expect(after(run.events, 'timer.fired', 'element', 'wait_presentation')).toEqual([
      { type: 'timer.fired', at: '2027-01-12T10:10:00+03:00', element: 'wait_presentation' },
      { type: 'job.failed', at: '2027-01-12T10:10:00+03:00', task: 'send_presentation', retriesLeft: 2, message: 'SMTP server not reachable' },
      // The retry is due 5 s later (the backoff); its scripted outcome comes 5 minutes after that.
      { type: 'job.failed', at: '2027-01-12T10:15:05+03:00', task: 'send_presentation', retriesLeft: 1, message: 'still down' },
      { type: 'job.failed', at: '2027-01-12T10:15:15+03:00', task: 'send_presentation', retriesLeft: 0, message: 'down for good' },
      { type: 'incident.raised', at: '2027-01-12T10:15:15+03:00', element: 'send_presentation', message: expect.stringContaining('down for good') },
      // The deal's owner and the rep both learn that the client did not get the e-mail.
      { type: 'notification.sent', at: '2027-01-12T10:15:15+03:00', to: 'manager', kind: 'email_failed' },
      { type: 'notification.sent', at: '2027-01-12T10:15:15+03:00', to: 'rep', kind: 'email_failed' },
      { type: 'simulation.idle', at: '2027-01-12T10:15:15+03:00', open: [] },
    ]);
    expect(run.events.some((e) => e.type === 'email.sent' && e.template === 'presentation')).toBe(false);
  });

  it('given one failure then the default, when simulated, then the retry sends the e-mail and the process goes on', async () => {
    const s = sampleScenario();
    s.jobs = { send_presentation: [{ result: 'fail', message: 'timeout' }] };
    const run = await runCli(['simulate', scenarioFile(s)]);
    expect(run.code).toBe(0);
    expect(after(run.events, 'job.failed', 'task', 'send_presentation').slice(0, 3)).toEqual([
      { type: 'job.failed', at: '2027-01-12T10:10:00+03:00', task: 'send_presentation', retriesLeft: 2, message: 'timeout' },
      { type: 'email.sent', at: '2027-01-12T10:10:05+03:00', template: 'presentation', to: 'client@example.test' },
      // The next step is counted from the moment the e-mail step was passed.
      { type: 'timer.fired', at: '2027-01-13T09:00:00+03:00', element: 'wait_decision_call' },
    ]);
    expect(run.events[run.events.length - 1]).toMatchObject({ type: 'simulation.idle', open: ['client_type'] });
  });

  it('given 1C refusing every attempt, when simulated with onec, then every request is reported, the manual task appears after the last one and the deal is still won', async () => {
    const s = JSON.parse(readFileSync(path.join(root, 'test/scenarios/onec-configured-won.json'), 'utf8'));
    s.jobs = { create_counterparty_1c: Array.from({ length: 5 }, () => ({ result: 'fail', message: '1C: connection refused' })) };
    const run = await runCli(['simulate', scenarioFile(s)]);
    expect(run.code).toBe(0);
    const tail = after(run.events, 'stage.changed', 'stage', 'onboarding');
    expect(tail.filter((e) => e.type === 'onec.requested').map((e) => e.at)).toEqual([
      '2026-08-10T11:00:00+03:00', '2026-08-10T11:00:05+03:00', '2026-08-10T11:00:15+03:00', '2026-08-10T11:00:35+03:00', '2026-08-10T11:01:15+03:00',
    ]);
    expect(tail.filter((e) => e.type === 'job.failed').map((e) => e.retriesLeft)).toEqual([4, 3, 2, 1, 0]);
    expect(tail.some((e) => e.type === 'incident.raised')).toBe(false);
    expect(tail.slice(-4)).toEqual([
      { type: 'task.created', at: '2026-08-10T11:01:15+03:00', task: 'enter_into_1c', assignee: 'manager', author: 'director' },
      { type: 'task.completed', at: '2026-08-10T11:16:15+03:00', task: 'enter_into_1c', by: 'manager', data: { onecRef: '5b2e7c1a-0d4f-11ef-8b3a-00155d012345' } },
      { type: 'stage.changed', at: '2026-08-10T11:16:15+03:00', stage: 'won' },
      { type: 'process.completed', at: '2026-08-10T11:16:15+03:00', outcome: 'won' },
    ]);
  });

  it('given a BPMN error no boundary catches, when simulated, then an incident is raised and the run ends idle with exit 0', async () => {
    const s = sampleScenario();
    s.jobs = { send_meeting_invitation: [{ result: 'error', errorCode: 'BOUNCED', message: 'mailbox does not exist' }] };
    const run = await runCli(['simulate', scenarioFile(s)]);
    expect(run.code).toBe(0);
    const incident = run.events.find((e) => e.type === 'incident.raised');
    expect(incident).toMatchObject({ at: '2027-01-18T09:00:00+03:00', element: 'send_meeting_invitation' });
    expect(incident!.message).toContain('BOUNCED');
    expect(run.events.some((e) => e.type === 'email.sent' && e.template === 'meeting_invitation')).toBe(false);
    expect(run.events[run.events.length - 1]).toEqual({ type: 'simulation.idle', at: '2027-01-19T12:00:00+03:00', open: [] });
  });

  it('given an e-mail job completing two hours later, when simulated, then the e-mail is sent then', async () => {
    const s = sampleScenario();
    s.jobs = { send_presentation: [{ at: 'PT2H', result: 'complete' }] };
    const run = await runCli(['simulate', scenarioFile(s)]);
    expect(run.code).toBe(0);
    expect(run.events.find((e) => e.type === 'email.sent' && e.template === 'presentation')?.at).toBe('2027-01-12T12:10:00+03:00');
  });

  it('given POTOK_WORKDAY_START/END, when simulated, then working-time timers count in those hours (as serve does); a bad value exits 2 naming it', async () => {
    process.env.POTOK_WORKDAY_START = '10:00';
    process.env.POTOK_WORKDAY_END = '19:00';
    try {
      const run = await runCli(['simulate', scenarioFile(sampleScenario())]);
      expect(run.code).toBe(0);
      expect(run.events.find((e) => e.type === 'timer.fired' && e.element === 'wait_decision_call')?.at).toBe('2027-01-13T10:00:00+03:00');
      process.env.POTOK_WORKDAY_END = '08:00';
      const bad = await runCli(['simulate', scenarioFile(sampleScenario())]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/POTOK_WORKDAY_END/);
    } finally {
      delete process.env.POTOK_WORKDAY_START;
      delete process.env.POTOK_WORKDAY_END;
    }
  });
});
