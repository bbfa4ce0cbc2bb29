/** Removing what an element instance waits for, with the effects the runtime needs to drop its rows. */
import type { Step } from './engine-step.ts';

export function cancelWaitsOf(step: Step, elementInstanceId: string): void {
  for (const wait of Object.values(step.waits)) {
    if (wait.elementInstanceId !== elementInstanceId) continue;
    removeWait(step, wait.id);
  }
}

/** `announce` = false when the wait was consumed (fired, correlated) rather than cancelled. */
export function removeWait(step: Step, waitId: string, announce = true): void {
  const wait = step.waits[waitId];
  if (!wait) return;
  delete step.waits[waitId];
  if (!announce) return;
  if (wait.kind === 'timer') step.effect({ kind: 'timer.cancelled', timerId: wait.id });
  else step.effect({ kind: 'message.unsubscribed', waitId: wait.id });
}
