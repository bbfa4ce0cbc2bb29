import { describe, expect, it } from 'vitest';
import { Driver } from './support/engine-driver.ts';

describe('error boundaries on a service task and a sub-process (error-boundary.bpmn)', () => {
  it('given a job, when it throws the error its task catches, then the task is left for the fix path with the error variables', async () => {
    const d = await Driver.of('error-boundary.bpmn');
    d.run({ kind: 'throwError', elementInstanceId: d.instanceOf('charge'), errorCode: 'CARD_DECLINED', variables: { reason: 'insufficient funds' } });
    expect(d.active()).toEqual(['error_boundary', 'fix_card', 'payment']);
    expect(d.of('history').map((e) => e.event).filter((e) => e.kind === 'error.thrown')).toEqual([
      { kind: 'error.thrown', at: d.now, elementId: 'charge', errorCode: 'CARD_DECLINED', caughtBy: 'declined' },
    ]);
    expect(d.vars()).toMatchObject({ reason: 'insufficient funds' });
    d.completeTask('fix_card');
    expect(d.of('instance.ended')[0].endEventId).toBe('end');
  });

  it('given a job, when it throws another error, then the catch-all boundary of the enclosing sub-process catches it', async () => {
    const d = await Driver.of('error-boundary.bpmn');
    d.run({ kind: 'throwError', elementInstanceId: d.instanceOf('charge'), errorCode: 'BANK_DOWN' });
    expect(d.active()).toEqual(['error_boundary', 'manual']);
    expect(d.of('job.cancelled')).toHaveLength(1);
  });

  it('given an error end event inside the sub-process, when reached, then the sub-process boundary catches it', async () => {
    const d = await Driver.of('error-boundary.bpmn');
    d.completeJob('charge', { docsOk: false });
    expect(d.active()).toEqual(['error_boundary', 'manual']);
    const thrown = d.of('history').map((e) => e.event).filter((e) => e.kind === 'error.thrown');
    expect(thrown).toEqual([{ kind: 'error.thrown', at: d.now, elementId: 'docs_missing', errorCode: 'DOC_MISSING', caughtBy: 'any_error' }]);
  });
});

describe('job failures and incidents (job-incident.bpmn)', () => {
  it('given a job with no retries left, when it fails, then an incident holds it; when resolved, the job is created again with the model retries', async () => {
    const d = await Driver.of('job-incident.bpmn');
    const job = d.instanceOf('sync');
    d.run({ kind: 'failJob', elementInstanceId: job, retries: 0, message: '1C is unreachable' });
    expect(d.incidents()).toEqual([{ id: expect.any(String), elementInstanceId: job, elementId: 'sync', type: 'JOB_NO_RETRIES', message: "the job of 'sync' failed with no retries left: 1C is unreachable", createdAt: d.now }]);
    expect(() => d.completeJob('sync')).toThrow(expect.objectContaining({ code: 'INCIDENT_OPEN' }));
    d.run({ kind: 'resolveIncident', incidentId: d.incidents()[0].id });
    expect(d.of('job.created').map((e) => [e.job.elementInstanceId, e.job.retries])).toEqual([[job, 5]]);
    expect(d.incidents()).toEqual([]);
    d.completeJob('sync');
    expect(d.status).toBe('completed');
  });

  it('given a job throwing an error nobody catches, when thrown, then an UNHANDLED_ERROR_EVENT incident is raised', async () => {
    const d = await Driver.of('job-incident.bpmn');
    d.run({ kind: 'throwError', elementInstanceId: d.instanceOf('sync'), errorCode: 'NOPE', message: 'bad data' });
    expect(d.incidents().map((i) => [i.type, i.message])).toEqual([
      ['UNHANDLED_ERROR_EVENT', "error 'NOPE' thrown by the job of 'sync' is not caught by any error boundary event: bad data"],
    ]);
    d.run({ kind: 'resolveIncident', incidentId: d.incidents()[0].id });
    expect(d.of('job.created')).toHaveLength(1);
  });

  it('given an unknown incident or timer, when addressed, then typed errors come back', async () => {
    const d = await Driver.of('job-incident.bpmn');
    expect(() => d.run({ kind: 'resolveIncident', incidentId: 'x' })).toThrow(expect.objectContaining({ code: 'INCIDENT_NOT_FOUND' }));
    expect(() => d.run({ kind: 'fireTimer', timerId: 'x' })).toThrow(expect.objectContaining({ code: 'TIMER_NOT_FOUND' }));
    expect(() => d.run({ kind: 'correlateMessage', waitId: 'x' })).toThrow(expect.objectContaining({ code: 'WAIT_NOT_FOUND' }));
  });

  it('given a running instance, when cancelled, then its job is cancelled and the instance ends as cancelled', async () => {
    const d = await Driver.of('job-incident.bpmn');
    const job = d.instanceOf('sync');
    d.run({ kind: 'cancel', reason: 'client left' });
    expect(d.status).toBe('cancelled');
    expect(d.of('job.cancelled')).toEqual([{ kind: 'job.cancelled', elementInstanceId: job }]);
    expect(d.of('instance.ended')).toEqual([{ kind: 'instance.ended', status: 'cancelled', endEventId: null }]);
    expect(d.s.elements).toEqual({});
  });
});
