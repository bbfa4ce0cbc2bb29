/**
 * Models for R2's end-to-end and crash tests: service tasks (jobs) around a timer.
 *
 *   start → step (job `r2.step`) → wait (timer PT<waitSeconds>S) → onec (job `r2.onec`)
 *         → end
 *   onec has a boundary error ONEC_FAILED → manual (user task) → end_manual
 */
const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_r2" targetNamespace="http://bpmn.io/schema/bpmn">`;

export function jobsAndTimerModel(options: { waitSeconds?: number; errorOnFinalFailure?: boolean; processId?: string } = {}): string {
  const wait = options.waitSeconds ?? 60;
  const headers = options.errorOnFinalFailure
    ? `<zeebe:taskHeaders><zeebe:header key="potok.errorOnFinalFailure" value="ONEC_FAILED" /><zeebe:header key="potok.errorVariable" value="onecError" /></zeebe:taskHeaders>`
    : '';
  return `${HEAD}
  <bpmn:error id="err_onec" name="1C failed" errorCode="ONEC_FAILED" />
  <bpmn:process id="${options.processId ?? 'r2flow'}" name="R2 flow" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="step" />
    <bpmn:serviceTask id="step" name="Step">
      <bpmn:extensionElements><zeebe:taskDefinition type="r2.step" retries="3" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="step" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT${wait}S</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="onec" />
    <bpmn:serviceTask id="onec" name="Create in 1C">
      <bpmn:extensionElements><zeebe:taskDefinition type="r2.onec" retries="2" />${headers}</bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:boundaryEvent id="onec_failed" attachedToRef="onec">
      <bpmn:errorEventDefinition errorRef="err_onec" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f4" sourceRef="onec" targetRef="end" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f5" sourceRef="onec_failed" targetRef="manual" />
    <bpmn:userTask id="manual" name="Enter into 1C by hand">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="managers" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f6" sourceRef="manual" targetRef="end_manual" />
    <bpmn:endEvent id="end_manual" />
  </bpmn:process>
</bpmn:definitions>`;
}
