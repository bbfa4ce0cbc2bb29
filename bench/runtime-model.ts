/**
 * The runtime benchmark's model: 15 user tasks with a loop (tasks 3–5 run twice), a
 * timer catch and a service task, written twice from one template — Zeebe/FEEL for
 * Potok, JavaScript expressions for bpmn-engine — so both run the same graph.
 *
 *   start → t1 → t2 → merge → t3 → t4 → t5 → again? ─yes→ merge
 *                                             └no→ wait (timer) → job → t6 … t15 → end
 */
export type Dialect = 'potok' | 'bpmn-engine';

export const USER_TASKS = 15;
/** Commands one instance takes in Potok: start, 18 task completions, 1 timer, 1 job. */
export const COMMANDS_PER_INSTANCE = 1 + USER_TASKS + 3 + 1 + 1;

export function benchModel(dialect: Dialect): string {
  const potok = dialect === 'potok';
  const task = (n: number) => potok
    ? `<bpmn:userTask id="t${n}" name="Шаг ${n}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition assignee="=owner" candidateGroups="sales" /></bpmn:extensionElements></bpmn:userTask>`
    : `<bpmn:userTask id="t${n}" name="Шаг ${n}" />`;
  const flows: string[] = [];
  const elements: string[] = [];
  const flow = (from: string, to: string, condition?: string) => {
    const id = `f${flows.length + 1}`;
    flows.push(condition
      ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`
      : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`);
    return id;
  };
  elements.push('<bpmn:startEvent id="start" />');
  for (let n = 1; n <= USER_TASKS; n++) elements.push(task(n));
  elements.push('<bpmn:exclusiveGateway id="merge" />');
  elements.push('<bpmn:exclusiveGateway id="again" default="f_no" />');
  elements.push(`<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${potok ? 'PT1H' : 'PT0S'}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`);
  elements.push(potok
    ? '<bpmn:serviceTask id="job" name="Счёт"><bpmn:extensionElements><zeebe:taskDefinition type="bench" /></bpmn:extensionElements></bpmn:serviceTask>'
    : '<bpmn:serviceTask id="job" name="Счёт" implementation="${environment.services.bench}" />');
  elements.push('<bpmn:endEvent id="end" />');
  flow('start', 't1');
  flow('t1', 't2');
  flow('t2', 'merge');
  flow('merge', 't3');
  flow('t3', 't4');
  flow('t4', 't5');
  flow('t5', 'again');
  flow('again', 'merge', potok ? '=again = true' : '${environment.output.again}');
  flows.push('<bpmn:sequenceFlow id="f_no" sourceRef="again" targetRef="wait" />');
  flow('wait', 'job');
  flow('job', 't6');
  for (let n = 6; n < USER_TASKS; n++) flow(`t${n}`, `t${n + 1}`);
  flow(`t${USER_TASKS}`, 'end');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="bench_defs" targetNamespace="http://potok.local/bench">
  <bpmn:process id="bench15" name="Benchmark: 15 steps with a loop" isExecutable="true">
    ${elements.join('\n    ')}
    ${flows.join('\n    ')}
  </bpmn:process>
</bpmn:definitions>`;
}
