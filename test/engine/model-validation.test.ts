import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileModel, type ModelProblem } from '../../src/engine/index.ts';
import { checkFeel, functionSignatures } from '../../src/engine/feel/feel-check.ts';
import { DEAL_FIELDS, LOST_REASONS, OUTCOMES, TASK_KINDS } from '../../src/engine/model/potok-properties.ts';
import { LOST_REASONS as CRM_LOST_REASONS } from '../../src/crm/deals/deal.types.ts';
import { createWorkingCalendar, workingTimeFeelFunctions } from '../../src/calendar/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

function xmlOf(fixture: string): string {
  return readFileSync(path.join(here, 'fixtures', fixture), 'utf8');
}

async function problemsOf(xml: string): Promise<ModelProblem[]> {
  const result = await compileModel(xml);
  if (result.ok) throw new Error('the model was accepted');
  return [...result.problems];
}

describe('a duplicate id is reported against that id (fixtures/duplicate-id.bpmn)', () => {
  it('given two sequence flows with one id, when compiled, then the problem names the id, the type, both lines and what to do', async () => {
    expect(await problemsOf(xmlOf('duplicate-id.bpmn'))).toEqual([{
      code: 'DUPLICATE_ID',
      elementId: 'flow_assign_rep_done',
      elementType: 'bpmn:SequenceFlow',
      message: 'duplicate id "flow_assign_rep_done": the elements on lines 7 and 9 both have it; the parser skips the second one (a bpmn:sequenceFlow), so give it an id of its own',
      line: 9,
    }]);
  });

  it('given a task inside a sub-process with the id of a task outside, when compiled, then the nested task is named', async () => {
    const xml = xmlOf('duplicate-id.bpmn')
      .replace('<bpmn:userTask id="first_call" name="First call" />', '<bpmn:subProcess id="first_call">\n      <bpmn:startEvent id="first_call_start" />\n      <bpmn:userTask id="assign_rep" />\n    </bpmn:subProcess>')
      .replace('id="flow_assign_rep_done" sourceRef="first_call"', 'id="flow_first_call_done" sourceRef="first_call"');
    const problems = await problemsOf(xml);
    expect(problems.map((p) => [p.code, p.elementId, p.elementType, p.line])).toEqual([['DUPLICATE_ID', 'assign_rep', 'bpmn:UserTask', 10]]);
    expect(problems[0].message).toBe('duplicate id "assign_rep": the elements on lines 6 and 10 both have it; the parser skips the second one (a bpmn:userTask), so give it an id of its own');
  });
});

describe('the values of Potok\'s properties are checked (fixtures/property-values.bpmn)', () => {
  it('given an unknown task kind, when compiled, then the task is named with the kinds allowed', async () => {
    expect(await problemsOf(xmlOf('property-values.bpmn'))).toContainEqual({
      code: 'INVALID_PROPERTY',
      elementId: 'send_offer',
      elementType: 'bpmn:UserTask',
      message: 'the kind property "fax" is not a task kind: use one of call, meeting, email, todo, approval',
      line: 6,
    });
  });

  it('given a misspelt kind, outcome and deal field, an unknown lost reason and a reason without outcome lost, when compiled, then every one is listed with its element', async () => {
    const problems = await problemsOf(xmlOf('property-values.bpmn'));
    expect(problems.map((p) => `${p.code} ${p.elementId}: ${p.message}`)).toEqual([
      'INVALID_PROPERTY send_offer: the kind property "fax" is not a task kind: use one of call, meeting, email, todo, approval',
      'INVALID_PROPERTY meeting: the kind property "meting" is not a task kind (did you mean "meeting"?): use one of call, meeting, email, todo, approval',
      `INVALID_PROPERTY meeting: the dealFields property names "premisesAdress", which is not a deal field (did you mean "premisesAddress"?): the deal fields are ${DEAL_FIELDS.join(', ')}`,
      'INVALID_PROPERTY end_won: the outcome property "win" is not an outcome (did you mean "won"?): use one of won, lost',
      'INVALID_PROPERTY end_lost: the reason property "too expensive" is not a reason a deal is lost for: use one of declined, banned, cancelled',
      'INVALID_PROPERTY end_other: the reason property "declined" has no effect without the outcome property "lost"',
    ]);
  });

  it('given the allowed values, when compiled, then the model is valid', async () => {
    const xml = xmlOf('property-values.bpmn')
      .replace('value="fax"', 'value="email"').replace('value="meting"', 'value="meeting"').replace('premisesAdress', 'premisesAddress')
      .replace('value="win"', 'value="won"').replace('value="too expensive"', 'value="banned"')
      .replace('<zeebe:property name="reason" value="declined" />', '<zeebe:property name="outcome" value="lost" /><zeebe:property name="reason" value="declined" />');
    const result = await compileModel(xml);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('given a kind written with a space, when compiled, then it is refused as the CRM would not recognise it', async () => {
    const problems = await problemsOf(xmlOf('property-values.bpmn').replace('value="fax"', 'value=" call"'));
    expect(problems[0].message).toBe('the kind property " call" is not a task kind (did you mean "call"?): use one of call, meeting, email, todo, approval');
  });

  it('given stages of the model\'s own, when compiled, then they are accepted (a model that is not the deal process names its own)', async () => {
    const result = await compileModel(readFileSync(path.join(root, 'test/fixtures/bpmn/subprocess-boundaries.bpmn'), 'utf8'));
    expect(result.ok).toBe(true);
  });

  it('given a stored definition with such values, when the runtime recompiles it, then it still loads (its instances are not locked out)', async () => {
    expect((await compileModel(xmlOf('property-values.bpmn'), { stored: true })).ok).toBe(true);
  });
});

describe('the property values the engine allows are the CRM\'s', () => {
  it('given the CRM\'s lost reasons, when compared, then they are the same', () => {
    expect([...LOST_REASONS]).toEqual([...CRM_LOST_REASONS]);
    expect([...OUTCOMES]).toEqual(['won', 'lost']);
  });

  it('given the task list\'s kinds (web/src/i18n.ts, both languages), when compared, then they are the same', () => {
    const i18n = readFileSync(path.join(root, 'web/src/i18n.ts'), 'utf8');
    const taskKinds = [...i18n.matchAll(/kinds: \{ (call: [^}]*)\}/g)].map((m) => [...m[1].matchAll(/(\w+): '/g)].map((k) => k[1]));
    expect(taskKinds).toHaveLength(2);
    for (const kinds of taskKinds) expect(kinds).toEqual([...TASK_KINDS]);
  });

  it('given the deal fields the CRM stores (src/crm/deals/deal.repository.ts), when compared, then dealFields allows exactly those a task may set', () => {
    const repository = readFileSync(path.join(root, 'src/crm/deals/deal.repository.ts'), 'utf8');
    const columns = /const COLUMN[^{]*\{([^}]*)\}/.exec(repository)![1];
    const stored = [...columns.matchAll(/(\w+): '/g)].map((m) => m[1]).filter((f) => f !== 'instanceId');
    expect([...DEAL_FIELDS].sort()).toEqual([...stored, 'requisites', 'documents'].sort());
  });
});

describe('a call of a known FEEL function with arguments it does not take is refused (fixtures/feel-wrong-arguments.bpmn)', () => {
  it('given add working minutes with one argument in a due date, when compiled, then the task, the attribute, the counts and the expression are given', async () => {
    expect(await problemsOf(xmlOf('feel-wrong-arguments.bpmn'))).toContainEqual({
      code: 'INVALID_ARGUMENTS',
      elementId: 'first_call',
      elementType: 'bpmn:UserTask',
      message: 'the due date calls "add working minutes" at position 1 with the wrong arguments: add working minutes expects 2 arguments (date, minutes), got 1 (in "add working minutes(now())")',
      line: 6,
    });
  });

  it('given too many arguments, none for a rest parameter, a missing required one and a named parameter that does not exist, when compiled, then every call is listed', async () => {
    const problems = await problemsOf(xmlOf('feel-wrong-arguments.bpmn'));
    expect(problems.map((p) => `${p.code} ${p.elementId}: ${p.message}`)).toEqual([
      'INVALID_ARGUMENTS f_yes: the condition calls "sum" at position 1 with the wrong arguments: sum expects at least 1 argument (...list), got 0 (in "sum() > get or else(limit)")',
      'INVALID_ARGUMENTS f_yes: the condition calls "get or else" at position 9 with the wrong arguments: get or else expects 2 arguments (value, default), got 1 (in "sum() > get or else(limit)")',
      'INVALID_ARGUMENTS first_call: the due date calls "add working minutes" at position 1 with the wrong arguments: add working minutes expects 2 arguments (date, minutes), got 1 (in "add working minutes(now())")',
      'INVALID_ARGUMENTS first_call: the title property calls "string join" at position 1 with the wrong arguments: string join expects 1 to 4 arguments (list, delimiter?, prefix?, suffix?), got 5 (in "string join(names, ", ", "Call ", "", "!")")',
      'INVALID_ARGUMENTS wait: the timer timeDate calls "add working days" at position 1 with the wrong arguments: add working days has no parameter "n"; its parameters are date, days (in "add working days(date: now(), n: 2)")',
    ]);
  });

  it('given a stored definition with such calls, when the runtime recompiles it, then it still loads', async () => {
    expect((await compileModel(xmlOf('feel-wrong-arguments.bpmn'), { stored: true })).ok).toBe(true);
  });

  it.each([
    ['add working minutes(now())', 'add working minutes expects 2 arguments (date, minutes), got 1'],
    ['add working days(today(), 2, 3)', 'add working days expects 2 arguments (date, days), got 3'],
    ['at time(today())', 'at time expects 2 arguments (date, time), got 1'],
    ['next working day()', 'next working day expects 1 argument (date), got 0'],
    ['add working days(date: today())', 'add working days needs "days"; its parameters are date, days'],
    ['add working days(date: today(), dayz: 2)', 'add working days has no parameter "dayz" (did you mean "days"?); its parameters are date, days'],
    ['now(1)', 'now takes no arguments, got 1'],
    ['uuid(1)', 'uuid takes no arguments, got 1'],
    ['is defined()', 'is defined expects 1 argument (value), got 0'],
    ['substring("abc")', 'substring expects 2 to 3 arguments (string, start position, length?), got 1'],
    ['round half up(1.25)', 'round half up expects 2 arguments (n, scale), got 1'],
    ['duration()', 'duration expects 1 argument (from), got 0'],
    ['upper case("a", "b")', 'upper case expects 1 argument (string), got 2'],
    ['append()', 'append expects at least 1 argument (list, ...item), got 0'],
  ])('given %s, when checked, then it is refused: %s', (source, why) => {
    expect(checkFeel(source).map((i) => [i.code, i.message])).toEqual([['INVALID_ARGUMENTS', `calls "${source.slice(0, source.indexOf('('))}" at position 1 with the wrong arguments: ${why}`]]);
  });

  it.each([
    'string join(names)',
    'string join(names, ", ")',
    'string join(names, ", ", "[", "]")',
    'sum(1, 2, 3) + sum([1, 2]) + min(4)',
    'append(xs, 1, 2) = append(xs)',
    'substring("abc", 2) + substring("abc", 1, 2)',
    'date("2025-03-03") = date(2025, 3, 3)',
    'date and time(date("2025-03-03"), time("10:00:00")) = date and time("2025-03-03T10:00:00")',
    'floor(1.5) + floor(1.55, 1)',
    'list contains(xs, 1) and is defined(x)',
    'context put({}, "a", 1).a',
    'number("1 000,5", " ", ",")',
    'add working days(date: today(), days: 2)',
    'add working minutes(now(), 30) /* half an hour */',
    'sum(list: [1, 2])',
    '{add working days: function(d) d, r: add working days(1)}.r',
    'for f in [function(a, b) a] return f(1)',
  ])('given %s (optional, rest or named parameters, or a function of the expression), when checked, then no problem', (source) => {
    expect(checkFeel(source)).toEqual([]);
  });

  it('given the runtime\'s working-time and Camunda functions, when their parameters are looked up, then they are the ones the functions declare', () => {
    const provided = workingTimeFeelFunctions(createWorkingCalendar()) as Record<string, { $args: string[] }>;
    for (const [name, fn] of Object.entries(provided)) {
      expect(functionSignatures().get(name), name).toEqual({ parameters: fn.$args, required: fn.$args.length, rest: false });
    }
    expect(functionSignatures().get('string join')).toEqual({ parameters: ['list', 'delimiter', 'prefix', 'suffix'], required: 1, rest: false });
    expect(functionSignatures().get('sum')).toEqual({ parameters: ['list'], required: 1, rest: true });
  });
});
