import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

let out: string[];
let err: string[];

beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

describe('potok validate', () => {
  it('given a valid model, when validated, then it prints the process ids and exits 0', async () => {
    expect(await main(['validate', 'test/fixtures/bpmn/subprocess-timer.bpmn'])).toBe(0);
    expect(out.join('')).toBe('valid: subprocess_timer\n');
  });

  it('given a model with unsupported elements, when validated, then every problem is one line and it exits 2', async () => {
    expect(await main(['validate', 'test/fixtures/bpmn/refused/timer-no-definition.bpmn'])).toBe(2);
    expect(out.join('')).toBe('pause (bpmn:IntermediateCatchEvent): the timer has no definition: set a duration (e.g. PT1H), a date or a cycle [line 6]\n');
    expect(err.join('')).toContain('is refused: 1 problem');
  });

  it('given FEEL that parses but cannot run, when validated, then each expression is named with its element and it exits 2', async () => {
    expect(await main(['validate', 'test/fixtures/bpmn/refused/feel-cannot-run.bpmn'])).toBe(2);
    const lines = out.join('').split('\n');
    expect(lines).toContain('wait (bpmn:IntermediateCatchEvent): the timer timeDate calls an unknown function "add workng minutes" at position 1: did you mean "add working minutes"? (in "add workng minutes(now(), 30)") [line 6]');
    expect(lines).toContain('f_found (bpmn:SequenceFlow): the condition is not valid FEEL: two operators in a row ("= =") at position 15 (in "premisesFound = = true") [line 13]');
    expect(err.join('')).toContain('is refused: 5 problems');
  });

  it('given two elements with one id, when validated, then the problem is reported against that id and it exits 2', async () => {
    expect(await main(['validate', 'test/engine/fixtures/duplicate-id.bpmn'])).toBe(2);
    expect(out.join('')).toBe('flow_assign_rep_done (bpmn:SequenceFlow): duplicate id "flow_assign_rep_done": the elements on lines 7 and 9 both have it; the parser skips the second one (a bpmn:sequenceFlow), so give it an id of its own [line 9]\n');
    expect(err.join('')).toContain('is refused: 1 problem');
  });

  it('given a user task of kind "fax", when validated, then the task is named with the kinds allowed and it exits 2', async () => {
    expect(await main(['validate', 'test/engine/fixtures/property-values.bpmn'])).toBe(2);
    expect(out.join('').split('\n')).toContain('send_offer (bpmn:UserTask): the kind property "fax" is not a task kind: use one of call, meeting, email, todo, approval [line 6]');
    expect(err.join('')).toContain('is refused: 6 problems');
  });

  it('given a due date calling add working minutes with one argument, when validated, then the task, the attribute and the counts are named and it exits 2', async () => {
    expect(await main(['validate', 'test/engine/fixtures/feel-wrong-arguments.bpmn'])).toBe(2);
    expect(out.join('').split('\n')).toContain('first_call (bpmn:UserTask): the due date calls "add working minutes" at position 1 with the wrong arguments: add working minutes expects 2 arguments (date, minutes), got 1 (in "add working minutes(now())") [line 6]');
    expect(err.join('')).toContain('is refused: 5 problems');
  });

  it('given the shipped franchise model, when validated, then it is valid', async () => {
    expect(await main(['validate', 'processes/franchise-onboarding.bpmn'])).toBe(0);
    expect(out.join('')).toBe('valid: franchise_onboarding\n');
  });

  it('given an empty or malformed file, when validated, then it says why and exits 2', async () => {
    expect(await main(['validate', 'test/fixtures/bpmn/refused/empty.bpmn'])).toBe(2);
    expect(out.join('')).toBe('model: the file is empty: expected BPMN 2.0 XML\n');
    out.length = 0;
    expect(await main(['validate', 'test/fixtures/bpmn/refused/malformed.bpmn'])).toBe(2);
    expect(out.join('')).toMatch(/^model: malformed XML: .* \[line 5\]\n$/);
  });

  it('given a file that does not exist, when validated, then it exits 2 naming the file', async () => {
    expect(await main(['validate', 'test/fixtures/bpmn/no-such-file.bpmn'])).toBe(2);
    expect(err.join('')).toContain('cannot read test/fixtures/bpmn/no-such-file.bpmn: ENOENT');
  });
});
