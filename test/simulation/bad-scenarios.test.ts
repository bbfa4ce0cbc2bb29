/**
 * Bad scenarios stop with a message on stderr naming the place (task id, answer number,
 * field) and exit code 2; events printed before the error stay printed.
 */
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fixtures, runCli, sampleScenario, scenarioFile } from './run-cli.ts';

const simulateBad = async (scenario: unknown) => runCli(['simulate', scenarioFile(scenario)]);

describe('potok simulate, given a bad scenario', () => {
  it('given an answer for a task the model does not have, when simulated, then it exits 2 naming the task id, before printing anything', async () => {
    const s = sampleScenario();
    s.answers.call_client = [{ data: {} }];
    const run = await simulateBad(s);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('answers.call_client: the shipped model has no user task "call_client"');
    expect(run.stdout).toBe('');
  });

  it('given answer data the task\'s form refuses, when simulated, then it exits 2 naming the task, the answer number and the field, and the events before stay printed', async () => {
    const s = sampleScenario();
    s.answers.first_call = [{ at: 'PT10M', data: { callResult: 'maybe' } }];
    const run = await simulateBad(s);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/answers\.first_call\[1\] \(answer 1 of task first_call\) is refused by the form: field callResult: /);
    expect(run.events.map((e) => e.type)).toContain('task.created');
    expect(run.events.filter((e) => e.type === 'task.created').map((e) => e.task)).toEqual(['assign_rep', 'first_call']);
    expect(run.events.some((e) => e.type === 'task.completed' && e.task === 'first_call')).toBe(false);
  });

  it('given an answer the process never asks for, when simulated, then it runs to the end (exit 0) and warns naming the answer', async () => {
    const s = sampleScenario();
    s.answers.premises_call = [...s.answers.premises_call, { data: { premisesFound: true, premisesAddress: 'лишний ответ' } }];
    const run = await simulateBad(s);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`warning: .*answers\\.premises_call\\[${s.answers.premises_call.length}\\] was not used`));
    const clean = await simulateBad(sampleScenario());
    expect(clean.stderr).not.toMatch(/warning/);
  });

  it('given a cancel after until, when simulated, then the run ends at until and warns that the cancel did not happen', async () => {
    const s = sampleScenario();
    s.until = '2027-01-05T10:00:00+03:00';
    s.cancel = { at: '2027-02-01T10:00:00+03:00', by: 'manager', reason: 'позже' };
    const run = await simulateBad(s);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: .*cancel \(its time is after until\) was not used: the run stopped at "until" before it/);
  });

  it('given a file that is not JSON, when simulated, then it exits 2 naming the line and column', async () => {
    const run = await simulateBad('{\n  "start": "2026-12-30T10:00:00+03:00",\n  "deal": { "title": "x" ,, }\n}\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not JSON: line 3, column 27: /);
  });

  it('given a cancel after the deal was won, when simulated, then it exits 2 saying a finished deal cannot be cancelled, the events up to the win printed', async () => {
    const s = JSON.parse(readFileSync(path.join(fixtures, '..', '..', 'scenarios', 'ooo-more-docs-twice-won.json'), 'utf8'));
    s.cancel = { at: '2026-09-30T10:00:00+03:00', by: 'manager', reason: 'поздно' };
    const run = await simulateBad(s);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cancel\.at: the deal was already closed \(won\) at .+, before 2026-09-30T10:00:00\+03:00: cancelling a finished deal is refused/);
    expect(run.events.at(-1)).toMatchObject({ type: 'process.completed', outcome: 'won' });
  });

  it('given a second answer the form refuses, when simulated, then the message names answer 2', async () => {
    const s = sampleScenario();
    s.answers.premises_call[1] = { data: { premisesFound: true } };
    const run = await simulateBad(s);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/answers\.premises_call\[2\] \(answer 2 of task premises_call\) is refused by the form: field premisesAddress/);
    expect(run.events.filter((e) => e.type === 'task.completed' && e.task === 'premises_call')).toHaveLength(1);
  });

  it('given a start that is not an ISO date-time, when simulated, then it exits 2 naming start', async () => {
    const run = await simulateBad({ ...sampleScenario(), start: '30.12.2026 10:00' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('start: expected an ISO 8601 date-time');
  });

  it('given an impossible date, when simulated, then it exits 2 naming the place', async () => {
    const run = await simulateBad({ ...sampleScenario(), start: '2026-02-30T10:00:00+03:00' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('start: "2026-02-30T10:00:00+03:00" is not a valid date-time');
  });

  it('given an answer time earlier than its task\'s creation, when simulated, then it exits 2 naming the answer\'s at', async () => {
    const s = sampleScenario();
    s.answers.first_call[0].at = '2026-12-30T09:00:00+03:00';
    const run = await simulateBad(s);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('answers.first_call[1].at: 2026-12-30T09:00:00+03:00 is earlier than when the task was created (2026-12-30T10:00:00+03:00)');
  });

  it('given an answer time that is neither a keyword, a duration nor a date-time, when simulated, then it exits 2', async () => {
    const s = sampleScenario();
    s.answers.meeting[0].at = 'soon';
    const run = await simulateBad(s);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('answers.meeting[1].at: expected "created", "planned", "due", an ISO 8601 duration');
    expect(run.stdout).toBe('');
  });

  it('given an answer by a user who does not exist, when simulated, then it exits 2 naming by', async () => {
    const s = sampleScenario();
    s.answers.assign_rep[0].by = 'ghost';
    const run = await simulateBad(s);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('answers.assign_rep[1].by: no user "ghost"');
  });

  it('given an answer by someone the task is not for, when simulated, then it exits 2 saying who it is assigned to', async () => {
    const s = sampleScenario();
    s.answers.first_call[0].by = 'lawyer';
    const run = await simulateBad(s);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('answers.first_call[1].by: lawyer may not complete task first_call (it is assigned to rep)');
  });

  it('given a sales rep who is not a user, when assigned, then the answer is refused as the API refuses it', async () => {
    const s = sampleScenario();
    s.answers.assign_rep[0].data.salesRep = 'nobody';
    const run = await simulateBad(s);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/answers\.assign_rep\[1\] \(answer 1 of task assign_rep\) is refused by the form: field salesRep/);
  });

  it('given job outcomes for a user task, when simulated, then it exits 2 naming jobs.<id>', async () => {
    const run = await simulateBad({ ...sampleScenario(), jobs: { first_call: [{ result: 'fail' }] } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('jobs.first_call: the model has no service or send task "first_call" (it is a userTask)');
  });

  it('given a deal without the client\'s e-mail, when simulated, then it exits 2 naming deal.email', async () => {
    const s = sampleScenario();
    delete s.deal.email;
    const run = await simulateBad(s);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('deal.email: E-mail is required');
  });

  it('given a cancel without a reason, when simulated, then it exits 2 naming cancel.reason', async () => {
    const run = await simulateBad({ ...sampleScenario(), cancel: { at: '2027-01-05T10:00:00+03:00', by: 'manager' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cancel.reason: required');
  });

  it('given a field the scenario format does not have, when simulated, then it exits 2 naming it', async () => {
    const run = await simulateBad({ ...sampleScenario(), answer: {} });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown field "answer"');
  });

  it('given a file that is not JSON or does not exist, when simulated, then it exits 2', async () => {
    const notJson = await simulateBad('{ "start": ');
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('is not JSON');
    const missing = await runCli(['simulate', path.join(fixtures, 'no-such-scenario.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');
  });

  it('given another model whose form refuses an answer, when simulated, then it exits 2 naming the field', async () => {
    const run = await runCli(['simulate', scenarioFile({
      model: path.join(fixtures, 'order-review.bpmn'),
      forms: path.join(fixtures, 'forms'),
      start: '2026-03-02T10:00:00+03:00',
      deal: { reviewer: 'rep' },
      answers: { review: [{ data: { decision: 'maybe' } }] },
    })]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/answers\.review\[1\] \(answer 1 of task review\) is refused by the form: field decision/);
    expect(run.events.map((e) => e.type)).toEqual(['process.started', 'stage.changed', 'task.created']);
  });
});
