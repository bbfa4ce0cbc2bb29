import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { Driver } from './support/engine-driver.ts';

describe('user task (user-task.bpmn)', () => {
  it('given a started instance, when the token reaches the task, then a task is created with everything from the zeebe extensions', async () => {
    const d = await Driver.of('user-task.bpmn', { owner: 'olga', client: 'ООО Ромашка', attempt: 2, bonus: 5, phone: '9001234567' });
    const [created] = d.of('userTask.created');
    expect(created.task).toMatchObject({
      elementId: 'call',
      name: 'Call the client',
      title: 'Call ООО Ромашка (attempt 2)',
      kind: 'call',
      author: 'Sales lead',
      assignee: 'olga',
      candidateGroups: ['sales', 'managers'],
      candidateUsers: ['anna', 'boris'],
      dueAt: DateTime.fromISO('2025-03-04T18:00:00+03:00').toMillis(),
      followUpAt: DateTime.fromISO('2025-03-04T10:00:00+03:00').toMillis(),
      priority: 75,
      formId: 'call-form',
      headers: { script: 'greeting-v2' },
      properties: { title: expect.any(String), author: 'Sales lead', kind: 'call' },
    });
    expect(created.task.variables).toMatchObject({ dial: '+7 9001234567', client: 'ООО Ромашка' });
    expect(d.status).toBe('active');
    expect(d.active()).toEqual(['call', 'user_task']);
  });

  it('given an activity with zeebe:properties, when entered, then scope.entered comes before its other effects', async () => {
    const d = await Driver.of('user-task.bpmn', { owner: 'olga', client: 'X', attempt: 1, bonus: 0, phone: '1' });
    const kinds = d.effects.map((e) => (e.kind === 'history' ? e.event.kind : e.kind));
    const entered = kinds.indexOf('scope.entered');
    expect(entered).toBeGreaterThan(-1);
    expect(entered).toBeLessThan(kinds.indexOf('userTask.created'));
    expect(d.of('scope.entered')[0]).toMatchObject({ elementId: 'call', properties: { kind: 'call' } });
  });

  it('given the waiting task, when it is completed with variables, then the instance completes and keeps them', async () => {
    const d = await Driver.of('user-task.bpmn', { owner: 'olga', client: 'X', attempt: 1, bonus: 0, phone: '1' });
    d.completeTask('call', { outcome: 'reached' });
    expect(d.status).toBe('completed');
    expect(d.vars()).toMatchObject({ outcome: 'reached', owner: 'olga' });
    expect(d.vars()).not.toHaveProperty('dial'); // the input mapping was local to the task
    expect(d.of('userTask.ended')).toEqual([{ kind: 'userTask.ended', elementInstanceId: expect.any(String), elementId: 'call', reason: 'completed' }]);
    expect(d.of('instance.ended')).toEqual([{ kind: 'instance.ended', status: 'completed', endEventId: 'end' }]);
    expect(d.s.elements).toEqual({});
  });

  it('given a title expression that fails, when the task is created, then the static name is the fallback', async () => {
    const d = await Driver.of('user-task.bpmn', { owner: null, phone: '1' });
    const [created] = d.of('userTask.created');
    expect(created.task.assignee).toBeNull();
    expect(created.task.title).toBe('Call the client');
  });

  it('given a finished instance, when a command arrives, then it is refused with a typed code', async () => {
    const d = await Driver.of('user-task.bpmn', { owner: 'a', client: 'X', attempt: 1, bonus: 0, phone: '1' });
    const taskId = d.instanceOf('call');
    d.completeTask('call');
    expect(() => d.run({ kind: 'completeUserTask', elementInstanceId: taskId })).toThrow(expect.objectContaining({ code: 'INSTANCE_NOT_ACTIVE' }));
  });

  it('given an unknown element instance, when completing it, then ELEMENT_INSTANCE_NOT_FOUND', async () => {
    const d = await Driver.of('user-task.bpmn', { phone: '1' });
    expect(() => d.run({ kind: 'completeUserTask', elementInstanceId: '999' })).toThrow(expect.objectContaining({ code: 'ELEMENT_INSTANCE_NOT_FOUND' }));
    expect(() => d.run({ kind: 'completeJob', elementInstanceId: d.instanceOf('call') })).toThrow(expect.objectContaining({ code: 'WRONG_ELEMENT_TYPE' }));
  });
});
