import { describe, expect, it } from 'vitest';
import { Driver, MONDAY_10 } from './support/engine-driver.ts';

const HOUR = 3_600_000;

describe('non-interrupting timer cycles as reminders (reminders.bpmn)', () => {
  it('given R3/PT1H on a task, when the reminders fire, then three come an hour apart and the task stays', async () => {
    const d = await Driver.of('reminders.bpmn', { reminderCycle: 'R/P1D' });
    const due: number[] = [];
    for (let i = 0; i < 3; i++) {
      due.push(d.timer('hourly').dueAt);
      d.fire('hourly');
      d.completeJob('remind');
    }
    expect(due).toEqual([MONDAY_10 + HOUR, MONDAY_10 + 2 * HOUR, MONDAY_10 + 3 * HOUR]);
    expect(d.timers().filter((t) => t.elementId === 'hourly')).toEqual([]);
    expect(d.active()).toEqual(['call', 'reminders']);
  });

  it('given an unbounded daily cycle from a variable, when it fires, then it keeps re-arming until the task is done', async () => {
    const d = await Driver.of('reminders.bpmn', { reminderCycle: 'R/P1D' });
    d.completeTask('call');
    const first = d.timer('daily');
    expect(first.repetitionsLeft).toBe(-1);
    for (let i = 0; i < 4; i++) d.fire('daily');
    expect(d.timer('daily').dueAt).toBe(first.dueAt + 4 * 24 * HOUR);
    const last = d.timer('daily').id;
    d.completeTask('follow_up');
    expect(d.of('timer.cancelled')).toEqual([{ kind: 'timer.cancelled', timerId: last }]);
    expect(d.status).toBe('completed');
  });

  it('given a cycle variable that is not a cycle, when the task starts, then an EXTRACT_VALUE_ERROR incident names it', async () => {
    const d = await Driver.of('reminders.bpmn', { reminderCycle: 'every day' });
    d.completeTask('call');
    expect(d.incidents().map((i) => [i.type, i.message])).toEqual([
      ['EXTRACT_VALUE_ERROR', "daily: the timer cycle 'every day' is not a repeating interval like R3/PT1H"],
    ]);
  });
});
