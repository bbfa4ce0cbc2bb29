/**
 * R1's runtime test support: a small model that exercises every kind of row the
 * runtime writes (user tasks with a loop, a reminder timer, a service-task job, a
 * message wait, a timer catch), and a runtime opened on a fresh, migrated database.
 */
import type { PotokDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { ManualClock } from '../../src/runtime/clock.ts';
import { createRuntime, type Runtime } from '../../src/runtime/index.ts';
import type { TestDatabase } from '../support/databases.ts';

/** 2026-03-02 (a Monday) 10:00 Moscow. */
export const T0 = Date.UTC(2026, 2, 2, 7, 0, 0);
export const HOUR = 3_600_000;

const HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_r1" targetNamespace="http://bpmn.io/schema/bpmn">`;

/**
 * deal: call (assignee = owner, candidates sales; a non-interrupting 2-hour reminder)
 *   → approve → again? back to call : bill (job, 2 retries) → docs (message, key = dealId)
 *   → cool-off (timer PT1H) → end.
 * `label` changes the model's text (a new version) without changing its behaviour.
 */
export function dealModel(label = 'Deal'): string {
  return `${HEAD}
  <bpmn:message id="msg_docs" name="docs"><bpmn:extensionElements><zeebe:subscription correlationKey="=dealId" /></bpmn:extensionElements></bpmn:message>
  <bpmn:process id="deal" name="${label}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="merge" />
    <bpmn:exclusiveGateway id="merge" />
    <bpmn:sequenceFlow id="f2" sourceRef="merge" targetRef="call" />
    <bpmn:userTask id="call" name="Позвонить клиенту">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition assignee="=owner" candidateGroups="sales" />
        <zeebe:properties><zeebe:property name="kind" value="call" /></zeebe:properties>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="remind" cancelActivity="false" attachedToRef="call">
      <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT2H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="remind" targetRef="reminded" />
    <bpmn:endEvent id="reminded" />
    <bpmn:sequenceFlow id="f4" sourceRef="call" targetRef="approve" />
    <bpmn:userTask id="approve" name="Согласовать">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="managers" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f5" sourceRef="approve" targetRef="again" />
    <bpmn:exclusiveGateway id="again" default="f7" />
    <bpmn:sequenceFlow id="f6" sourceRef="again" targetRef="merge">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=again = true</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f7" sourceRef="again" targetRef="bill" />
    <bpmn:serviceTask id="bill" name="Выставить счёт">
      <bpmn:extensionElements><zeebe:taskDefinition type="bill" retries="2" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f8" sourceRef="bill" targetRef="docs" />
    <bpmn:intermediateCatchEvent id="docs" name="Документы получены">
      <bpmn:messageEventDefinition messageRef="msg_docs" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f9" sourceRef="docs" targetRef="cool_off" />
    <bpmn:intermediateCatchEvent id="cool_off">
      <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f10" sourceRef="cool_off" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

export interface TestRuntime extends Runtime {
  readonly clock: ManualClock;
}

export async function openRuntime(target: TestDatabase): Promise<TestRuntime> {
  const database = await target.open();
  return runtimeOn(database);
}

export async function runtimeOn(database: PotokDatabase, clock = new ManualClock(T0)): Promise<TestRuntime> {
  await migrateToLatest(database);
  return createRuntime({ database, clock }) as TestRuntime;
}

/** Rows of a table for one instance (assertions on what is stored). */
export async function rowsOf(database: PotokDatabase, table: string, instanceId: string): Promise<any[]> {
  return database.db.selectFrom(table).selectAll().where('instance_id', '=', instanceId).execute();
}
