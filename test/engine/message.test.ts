import { describe, expect, it } from 'vitest';
import { Driver } from './support/engine-driver.ts';

describe('message catch and message boundaries (message.bpmn)', () => {
  it('given a message catch, when activated, then it subscribes with the evaluated correlation key', async () => {
    const d = await Driver.of('message.bpmn', { orderId: 'A-17', clientId: 42 });
    expect(d.of('message.subscribed').map((e) => e.wait)).toEqual([
      { kind: 'message', id: expect.any(String), elementId: 'paid', elementInstanceId: d.instanceOf('paid'), messageName: 'PaymentReceived', correlationKey: 'A-17' },
    ]);
  });

  it('given the subscription, when the message is correlated with variables, then they are set and the task opens with two boundary subscriptions', async () => {
    const d = await Driver.of('message.bpmn', { orderId: 'A-17', clientId: 42 });
    d.correlate('paid', { amount: 990 });
    expect(d.vars()).toMatchObject({ amount: 990 });
    expect(d.of('message.subscribed').map((e) => [e.wait.elementId, e.wait.messageName, e.wait.correlationKey])).toEqual([
      ['cancelled', 'OrderCancelled', 'A-17'],
      ['question', 'ClientQuestion', '42'],
    ]);
  });

  it('given a non-interrupting message boundary, when correlated twice, then the task stays and two answers are opened', async () => {
    const d = await Driver.of('message.bpmn', { orderId: 'A-17', clientId: 42 });
    d.correlate('paid');
    d.correlate('question');
    d.correlate('question');
    expect(d.active()).toEqual(['answer', 'answer', 'message_flow', 'ship']);
  });

  it('given an interrupting message boundary, when correlated, then the task ends as interrupted and the other subscription closes', async () => {
    const d = await Driver.of('message.bpmn', { orderId: 'A-17', clientId: 42 });
    d.correlate('paid');
    const question = d.message('question').id;
    d.correlate('cancelled');
    expect(d.of('userTask.ended')).toEqual([{ kind: 'userTask.ended', elementInstanceId: expect.any(String), elementId: 'ship', reason: 'interrupted' }]);
    expect(d.of('message.unsubscribed')).toEqual([{ kind: 'message.unsubscribed', waitId: question }]);
    expect(d.of('instance.ended')[0].endEventId).toBe('end_cancelled');
  });
});

describe('event-based gateway (event-gateway.bpmn)', () => {
  it('given the gateway, when activated, then it waits for the timer and the message at once', async () => {
    const d = await Driver.of('event-gateway.bpmn', { dealId: 'D-1' });
    expect(d.active()).toEqual(['event_gateway', 'wait_gw']);
    expect(d.timer('timeout').dueAt).toBe(d.now + 24 * 3_600_000);
    expect(d.message('reply').correlationKey).toBe('D-1');
  });

  it('given the race, when the timer wins, then the subscription is dropped; after the loop the race starts again and the message wins', async () => {
    const d = await Driver.of('event-gateway.bpmn', { dealId: 'D-1' });
    const firstSubscription = d.message('reply').id;
    d.fire('timeout');
    expect(d.of('message.unsubscribed')).toEqual([{ kind: 'message.unsubscribed', waitId: firstSubscription }]);
    expect(d.active()).toEqual(['call_again', 'event_gateway']);
    d.completeTask('call_again');
    const timer = d.timer('timeout').id;
    d.correlate('reply', { answer: 'yes' });
    expect(d.of('timer.cancelled')).toEqual([{ kind: 'timer.cancelled', timerId: timer }]);
    expect(d.status).toBe('completed');
    expect(d.vars()).toMatchObject({ answer: 'yes' });
  });
});
