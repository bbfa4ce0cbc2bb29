/**
 * The engine's `userTask.ended` effect does not carry the submitted values; the task
 * service records them here just before it runs the completion command, so the effect
 * listener (same process, same transaction) can copy them onto the deal.
 */
export interface Completion {
  readonly variables: Readonly<Record<string, unknown>>;
  readonly actor: string;
}

export class CompletionLedger {
  readonly #pending = new Map<string, Completion>();

  put(taskId: string, completion: Completion): void {
    this.#pending.set(taskId, completion);
  }

  take(taskId: string): Completion | undefined {
    const c = this.#pending.get(taskId);
    this.#pending.delete(taskId);
    return c;
  }

  drop(taskId: string): void {
    this.#pending.delete(taskId);
  }
}
