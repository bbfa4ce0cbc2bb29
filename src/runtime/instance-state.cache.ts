/**
 * The states of recently used instances, kept between commands so that the next command
 * on an instance need not load it again. An entry is valid only for the instance version
 * it was stored with: every command bumps the version (in whichever process it ran), and
 * the executor reads the version under the instance lock before it trusts an entry.
 * Entries are put only after their command committed. Least recently used entries go first.
 */
import type { InstanceState } from '../engine/index.ts';

interface Entry {
  version: number;
  readonly state: InstanceState;
}

export class InstanceStateCache {
  readonly #entries = new Map<string, Entry>();

  constructor(readonly capacity: number) {}

  /** The state at exactly `version`, or undefined. */
  get(instanceId: string, version: number): InstanceState | undefined {
    const entry = this.#entries.get(instanceId);
    if (!entry) return undefined;
    if (entry.version !== version) {
      this.#entries.delete(instanceId);
      return undefined;
    }
    // Most recently used last.
    this.#entries.delete(instanceId);
    this.#entries.set(instanceId, entry);
    return entry.state;
  }

  put(instanceId: string, version: number, state: InstanceState): void {
    this.#entries.delete(instanceId);
    if (this.capacity <= 0 || state.status !== 'active') return;
    this.#entries.set(instanceId, { version, state: asStored(state) });
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** A command that changed only rows outside the state (a task's assignee) moved the version on. */
  bump(instanceId: string, from: number, to: number): void {
    const entry = this.#entries.get(instanceId);
    if (entry && entry.version === from) entry.version = to;
  }

  get size(): number {
    return this.#entries.size;
  }
}

/**
 * The state as loading it from the rows would give it: a variable scope without
 * variables has no rows, so it is not there after a load either.
 */
function asStored(state: InstanceState): InstanceState {
  const scopes = Object.entries(state.variables);
  if (scopes.every(([, vars]) => Object.keys(vars).length > 0)) return state;
  return { ...state, variables: Object.fromEntries(scopes.filter(([, vars]) => Object.keys(vars).length > 0)) };
}
