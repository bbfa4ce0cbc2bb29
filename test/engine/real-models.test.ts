import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/engine/index.ts';
import { Driver, fixtureXml } from './support/engine-driver.ts';

async function refusal(file: string): Promise<string[]> {
  const result = await compileModel(fixtureXml(`real/${file}`));
  if (result.ok) throw new Error(`${file} was accepted`);
  return result.problems.map((p) => `${p.elementId} (${p.elementType})`);
}

describe('public Camunda 8 models either run or are refused precisely (test/fixtures/bpmn/real)', () => {
  it('given Camunda get-started send-email, when run, then the user task and the e-mail job take it to the end', async () => {
    const d = await Driver.of('real/camunda-get-started-send-email.bpmn');
    expect(d.of('userTask.created')[0].task).toMatchObject({ elementId: 'enterMessageTask', formId: 'camunda-forms:bpmn:userTaskForm_15j79nd' });
    d.completeTask('enterMessageTask', { message_content: 'Hello' });
    expect(d.of('job.created')[0].job).toMatchObject({ type: 'email', retries: 3, variables: { message_content: 'Hello' } });
    d.completeJob('sendEmailTask');
    expect(d.of('instance.ended')).toEqual([{ kind: 'instance.ended', status: 'completed', endEventId: 'EndEvent' }]);
  });

  it('given Camunda 8 get-started order process, when every job completes, then the order is shipped', async () => {
    const d = await Driver.of('real/camunda-8-get-started-order-process.bpmn');
    for (const task of ['Activity_0tw2fu0', 'Activity_1ppsbgi', 'Activity_08pg6im']) d.completeJob(task);
    expect(d.of('instance.ended')[0]).toMatchObject({ status: 'completed', endEventId: 'Event_0f9sbko' });
  });

  it('given the community twitter review, when a duplicate is caught and the tweet approved on the second review, then it is published', async () => {
    const d = await Driver.of('real/camunda-8-examples-twitter.bpmn', { boss: 'Zee', author: 'Anna' });
    expect(d.of('userTask.created')[0].task.assignee).toBe('Zee');
    d.completeTask('user_task_review_tweet', { approved: true });
    d.run({ kind: 'throwError', elementInstanceId: d.instanceOf('service_task_publish_on_twitter'), errorCode: 'duplicateMessage' });
    expect(d.of('userTask.created')[0].task).toMatchObject({ elementId: 'user_task_handle_duplicate', assignee: 'Anna' });
    d.completeTask('user_task_handle_duplicate');
    d.completeTask('user_task_review_tweet', { approved: true });
    d.completeJob('service_task_publish_on_twitter');
    expect(d.of('instance.ended')[0]).toMatchObject({ status: 'completed', endEventId: 'end_event_tweet_published' });
  });

  it('given models with elements outside the coverage, when compiled, then exactly those elements are listed', async () => {
    expect(await refusal('camunda-8-get-started-spring-process-payments.bpmn')).toEqual(['Activity_0cjdmaj (bpmn:ScriptTask)']);
    expect(await refusal('camunda-8-examples-payment-process.bpmn')).toEqual(['NoCreditCardPaymentRequiredEvent (bpmn:IntermediateThrowEvent)']);
    expect(await refusal('camunda-8-examples-get-up.bpmn')).toEqual([
      'GetKidsDressedTask (bpmn:Task)',
      'DriveKidsToSchoolTask (bpmn:Task)',
      'HaveBreakfastTask (bpmn:Task)',
      'PrepareBreakfastTask (bpmn:ScriptTask)',
      'MakeThemReadyTask (bpmn:Task)',
    ]);
  });
});
