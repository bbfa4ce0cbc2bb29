/**
 * Time for the runtime. Nothing in a runtime code path reads the machine's clock
 * directly: the server passes `systemClock`, the simulator and tests a `ManualClock`,
 * and the same code runs on both.
 */
export interface Clock {
  /** Now, in epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to (simulation, tests, benchmarks). */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves to an instant; a virtual clock never goes back. */
  set(at: number): void {
    if (at < this.#now) throw new RangeError(`the clock cannot go back from ${new Date(this.#now).toISOString()} to ${new Date(at).toISOString()}`);
    this.#now = at;
  }

  advance(ms: number): void {
    this.set(this.#now + ms);
  }
}
