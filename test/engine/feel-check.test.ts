import { describe, expect, it } from 'vitest';
import { compileModel, type ModelProblem } from '../../src/engine/index.ts';
import { checkFeel, KNOWN_FUNCTION_NAMES, nearestName } from '../../src/engine/feel/feel-check.ts';
import { createWorkingCalendar, workingTimeFeelFunctions } from '../../src/calendar/index.ts';
import { WORKING_TIME_FUNCTION_NAMES } from '../../src/calendar/feel.ts';
import { fixtureXml } from './support/engine-driver.ts';

async function problemsOf(fixture: string): Promise<ModelProblem[]> {
  const result = await compileModel(fixtureXml(fixture));
  if (result.ok) throw new Error(`${fixture} was accepted`);
  return [...result.problems];
}

describe('FEEL that parses but cannot run is refused at deployment (feel-cannot-run.bpmn)', () => {
  it('given a misspelt function in a timer, when compiled, then the element, the attribute, the name, the position and the nearest known name are given', async () => {
    const problems = await problemsOf('refused/feel-cannot-run.bpmn');
    expect(problems).toContainEqual({
      code: 'UNKNOWN_FUNCTION',
      elementId: 'wait',
      elementType: 'bpmn:IntermediateCatchEvent',
      message: 'the timer timeDate calls an unknown function "add workng minutes" at position 1: did you mean "add working minutes"? (in "add workng minutes(now(), 30)")',
      line: 6,
    });
  });

  it('given a condition with two operators in a row, when compiled, then it is invalid FEEL with the position', async () => {
    const problems = await problemsOf('refused/feel-cannot-run.bpmn');
    expect(problems).toContainEqual({
      code: 'INVALID_FEEL',
      elementId: 'f_found',
      elementType: 'bpmn:SequenceFlow',
      message: 'the condition is not valid FEEL: two operators in a row ("= =") at position 15 (in "premisesFound = = true")',
      line: 13,
    });
  });

  it('given unknown functions in an assignee and in io mappings, when compiled, then every one is listed, with a suggestion when one is close', async () => {
    const problems = await problemsOf('refused/feel-cannot-run.bpmn');
    expect(problems.filter((p) => p.elementId === 'call').map((p) => p.message)).toEqual([
      'the input mapping for \'total\' calls an unknown function "sume" at position 1: did you mean "sum"? (in "sume(amounts)")',
      'the output mapping for \'result\' calls an unknown function "frobnicate" at position 1: it is neither a FEEL built-in nor a Potok function (see docs/modelling.md) (in "frobnicate(total)")',
      'the assignee calls an unknown function "upper cas" at position 1: did you mean "upper case"? (in "upper cas(owner)")',
    ]);
    expect(problems).toHaveLength(5);
  });

  it('given a stored definition with such FEEL, when the runtime recompiles it, then it still loads (its instances are not locked out)', async () => {
    const result = await compileModel(fixtureXml('refused/feel-cannot-run.bpmn'), { stored: true });
    expect(result.ok).toBe(true);
  });
});

describe('valid FEEL is not refused by the check', () => {
  it('given spaced names, constructors, contexts with functions, filters, for/some/every, paths and unary tests after in, when compiled, then the model is valid', async () => {
    const result = await compileModel(fixtureXml('feel-tricky.bpmn'));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it.each([
    'get or else(recallDelayDays, 4)',
    'date and time("2026-03-02T10:00:00")',
    'is defined(deal.owner) and not(is empty(documents))',
    '{f: function(x) x + 1, r: f(2)}.r',
    'for f in [function(x) x] return f(1)',
    'some x in [1, 2] satisfies x > 1',
    'documents[item.status = "missing"].name',
    'x in > 5',
    'x in (> 5, < 10)',
    'x in [1..5]',
    'a.b(1)',
    '(function(g) g(4))(function(y) y + 1)',
    'round half up(1.25, 1) + day of week(today()).length',
    'working day kind(today()) = "working" and working days between(today(), today()) = 0',
    'uuid() != null and string(now()) != ""',
  ])('given %s, when checked, then no problem', (source) => {
    expect(checkFeel(source)).toEqual([]);
  });
});

describe('the names the check knows', () => {
  it('given the runtime\'s working-time functions, when compared with the names the check knows, then they are the same', () => {
    const provided = Object.keys(workingTimeFeelFunctions(createWorkingCalendar())).sort();
    expect([...WORKING_TIME_FUNCTION_NAMES].sort()).toEqual(provided);
    for (const name of [...provided, 'get or else', 'is defined', 'string join', 'now', 'today', 'uuid', 'upper case', 'list contains']) {
      expect(KNOWN_FUNCTION_NAMES.has(name), name).toBe(true);
    }
  });

  it('given misspellings, when the nearest name is asked for, then typos, swaps, spacing and case are forgiven, and far names are not guessed', () => {
    const known = [...KNOWN_FUNCTION_NAMES];
    expect(nearestName('add workng minutes', known)).toBe('add working minutes');
    expect(nearestName('addWorkingDays', known)).toBe('add working days');
    expect(nearestName('next wokring day', known)).toBe('next working day');
    expect(nearestName('Now', known)).toBe('now');
    expect(nearestName('frobnicate', known)).toBeNull();
  });
});
