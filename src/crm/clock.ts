/** The CRM's clock; the runtime's Clock has the same shape, so either can be passed. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
