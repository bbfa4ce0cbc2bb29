import { describe, expect, it } from 'vitest';
import { compileModel, type ModelProblem } from '../../src/engine/index.ts';
import { fixtureXml } from './support/engine-driver.ts';

async function problemsOf(fixture: string): Promise<ModelProblem[]> {
  const result = await compileModel(fixtureXml(fixture));
  if (result.ok) throw new Error(`${fixture} was accepted`);
  return [...result.problems];
}

describe('a model outside the coverage is refused with every problem listed', () => {
  it('given an empty file, when compiled, then it is refused as empty', async () => {
    expect(await problemsOf('refused/empty.bpmn')).toEqual([
      { code: 'EMPTY_FILE', elementId: null, elementType: null, message: 'the file is empty: expected BPMN 2.0 XML' },
    ]);
  });

  it('given malformed XML, when compiled, then the parse error and its line are given', async () => {
    const [problem] = await problemsOf('refused/malformed.bpmn');
    expect(problem.code).toBe('XML_MALFORMED');
    expect(problem.message).toMatch(/^malformed XML: unparsable content <\/bpmn:process> detected \(closing tag mismatch\)/);
    expect(problem.line).toBe(5);
  });

  it('given XML that is not BPMN, when compiled, then it says so', async () => {
    expect((await problemsOf('refused/not-bpmn.bpmn')).map((p) => p.code)).toEqual(['NOT_BPMN']);
  });

  it('given no executable process, when compiled, then it names the processes to mark executable', async () => {
    expect(await problemsOf('refused/no-executable.bpmn')).toEqual([
      { code: 'NO_EXECUTABLE_PROCESS', elementId: null, elementType: null, message: 'no process is executable: set isExecutable="true" on one of sketch' },
    ]);
  });

  it('given a flow to a missing element, when compiled, then the flow and the missing id are named', async () => {
    expect(await problemsOf('refused/missing-target.bpmn')).toEqual([
      { code: 'MISSING_TARGET', elementId: 'to_nowhere', elementType: 'bpmn:SequenceFlow', message: "the sequence flow leads to 'approve_deal', which does not exist", line: 5 },
    ]);
  });

  it('given invalid FEEL and a backtick name, when compiled, then both are listed with the expression', async () => {
    const problems = await problemsOf('refused/bad-feel.bpmn');
    expect(problems.map((p) => [p.code, p.elementId, p.elementType])).toEqual([
      ['INVALID_FEEL', 'f2', 'bpmn:SequenceFlow'],
      ['INVALID_FEEL', 'task', 'bpmn:UserTask'],
    ]);
    expect(problems[0].message).toBe('the condition is not valid FEEL: Incomplete <Comparison> at position 9 (in "amount >")');
    expect(problems[1].message).toBe('the assignee is not valid FEEL: backtick-quoted names are not supported; rename the variable (in "`deal owner`")');
  });

  it('given a timer with no definition, when compiled, then the timer is named', async () => {
    expect(await problemsOf('refused/timer-no-definition.bpmn')).toEqual([
      { code: 'TIMER_NO_DEFINITION', elementId: 'pause', elementType: 'bpmn:IntermediateCatchEvent', message: 'the timer has no definition: set a duration (e.g. PT1H), a date or a cycle', line: 6 },
    ]);
  });

  it('given a gateway without outgoing flows, when compiled, then the gateway is named', async () => {
    expect(await problemsOf('refused/gateway-no-outgoing.bpmn')).toEqual([
      { code: 'GATEWAY_NO_OUTGOING', elementId: 'decide', elementType: 'bpmn:ExclusiveGateway', message: 'the gateway has no outgoing sequence flow', line: 6 },
    ]);
  });

  it('given unsupported elements, when compiled, then every one is listed with its type and the reason', async () => {
    const problems = await problemsOf('refused/unsupported.bpmn');
    expect(problems.map((p) => `${p.elementId} (${p.elementType}): ${p.message}`)).toEqual([
      'lead_start (bpmn:StartEvent): message events (bpmn:MessageEventDefinition) are not supported on start events (instances are started by a command; use a none start event)',
      'score (bpmn:ScriptTask): script tasks are not supported: use a service task handled by a job worker',
      'sub_call (bpmn:CallActivity): call activities are not supported: model the called process as an embedded sub-process',
      'incl (bpmn:InclusiveGateway): inclusive gateways are not supported: use parallel and exclusive gateways',
      'cplx (bpmn:ComplexGateway): complex gateways are not supported: use parallel and exclusive gateways',
      'wait_signal (bpmn:IntermediateCatchEvent): signal events (bpmn:SignalEventDefinition) are not supported on intermediate catch events',
      'each_doc (bpmn:UserTask): multi-instance (bpmn:MultiInstanceLoopCharacteristics) is not supported: model the repetition with a gateway and a loop back',
      'undo (bpmn:BoundaryEvent): compensation events (bpmn:CompensateEventDefinition) are not supported on boundary events',
      'rules (bpmn:BusinessRuleTask): business rule tasks (DMN) are not supported: use an exclusive gateway with FEEL conditions',
      'up (bpmn:EndEvent): escalation events (bpmn:EscalationEventDefinition) are not supported on end events',
      'on_event (bpmn:SubProcess): event sub-processes are not supported: use boundary events on a sub-process',
    ]);
    expect(problems.every((p) => typeof p.line === 'number')).toBe(true);
  });

  it('given an unknown element and an unknown zeebe extension, when compiled, then parser warnings are refusals', async () => {
    const xml = fixtureXml('job-incident.bpmn')
      .replace('<bpmn:endEvent id="end" />', '<bpmn:endEvent id="end" /><bpmn:frobnicate id="x" />')
      .replace('<zeebe:taskDefinition type="onec-sync" retries="5" />', '<zeebe:taskDefinition type="onec-sync" retries="5" /><zeebe:executionListeners />');
    const result = await compileModel(xml);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.code, p.elementType])).toEqual([
      ['UNKNOWN_ELEMENT', 'bpmn:frobnicate'],
      ['UNSUPPORTED_EXTENSION', 'bpmn:ServiceTask'],
    ]);
    expect(result.problems[1].message).toBe('extension element <zeebe:ExecutionListeners> is refused: execution listeners are not supported');
  });

  it('given a service task without a job type and a message without correlation key, when compiled, then both are listed', async () => {
    const xml = fixtureXml('message.bpmn')
      .replace('<zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>\n  <bpmn:message id="msg_cancel"', '</bpmn:extensionElements></bpmn:message>\n  <bpmn:message id="msg_cancel"');
    const result = await compileModel(xml);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => `${p.code} ${p.elementId}`)).toEqual(['MISSING_CORRELATION_KEY paid']);
    const noType = await compileModel(fixtureXml('job-incident.bpmn').replace('<zeebe:taskDefinition type="onec-sync" retries="5" />', ''));
    expect(noType.ok ? [] : noType.problems.map((p) => `${p.code} ${p.elementId}`)).toEqual(['MISSING_TASK_DEFINITION sync']);
  });

  it('given every supported fixture, when compiled, then each is accepted with its process id', async () => {
    const result = await compileModel(fixtureXml('subprocess-timer.bpmn'));
    expect(result.ok && result.processes.map((p) => p.id)).toEqual(['subprocess_timer']);
  });
});
