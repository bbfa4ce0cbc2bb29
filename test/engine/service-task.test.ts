import { describe, expect, it } from 'vitest';
import { Driver } from './support/engine-driver.ts';

describe('service and send tasks (service-task.bpmn)', () => {
  it('given a started instance, when the token reaches the service task, then a job is created with type, retries and headers', async () => {
    const d = await Driver.of('service-task.bpmn', { inn: '7707083893', channel: 'email' });
    expect(d.of('job.created').map((e) => e.job)).toEqual([
      { elementInstanceId: d.instanceOf('check'), elementId: 'check', type: 'onec-check', retries: 2, headers: { endpoint: '/counterparties' }, variables: { inn: '7707083893', channel: 'email' } },
    ]);
  });

  it('given the job, when completed, then output mappings pick what the process keeps and the send task gets a FEEL job type', async () => {
    const d = await Driver.of('service-task.bpmn', { channel: 'sms' });
    d.completeJob('check', { result: { valid: true, name: 'Ромашка' } });
    expect(d.vars()).toEqual({ channel: 'sms', requisitesValid: true });
    expect(d.of('job.created')[0].job).toMatchObject({ elementId: 'notify', type: 'notify-sms', retries: 3 });
    d.completeJob('notify');
    expect(d.status).toBe('completed');
  });

  it('given a failing job with retries left, when it fails, then the runtime is told to retry it', async () => {
    const d = await Driver.of('service-task.bpmn', { channel: 'sms' });
    d.run({ kind: 'failJob', elementInstanceId: d.instanceOf('check'), retries: 1, message: '1C timeout', retryAt: d.now + 60_000 });
    expect(d.effects).toEqual([{ kind: 'job.retry', elementInstanceId: d.instanceOf('check'), retries: 1, retryAt: d.now + 60_000, message: '1C timeout' }]);
    expect(d.incidents()).toEqual([]);
  });
});
