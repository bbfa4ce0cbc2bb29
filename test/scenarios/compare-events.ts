/**
 * Compares a simulation's output with a scenario's expected events, by the rules of
 * test/scenarios/README.md: `notification.sent` lines of kind `task_assigned` are left
 * out of the actual output, the rest must match line for line as JSON values, and an
 * expected string "*" matches any string.
 */
export type SimEvent = Record<string, unknown>;

export interface Mismatch {
  /** 1-based position in the compared (filtered) sequence. */
  readonly line: number;
  readonly expected: SimEvent | null;
  readonly actual: SimEvent | null;
}

export function parseEventLines(text: string): SimEvent[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as SimEvent;
      } catch (err) {
        throw new Error(`line ${i + 1} is not JSON: ${(err as Error).message}`, { cause: err });
      }
    });
}

export function isComparedEvent(event: SimEvent): boolean {
  return !(event.type === 'notification.sent' && event.kind === 'task_assigned');
}

export function matchesValue(expected: unknown, actual: unknown): boolean {
  if (expected === '*') return typeof actual === 'string';
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.length === actual.length && expected.every((e, i) => matchesValue(e, actual[i]));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const keys = new Set([...Object.keys(e), ...Object.keys(a)]);
    return [...keys].every((k) => k in e && k in a && matchesValue(e[k], a[k]));
  }
  return Object.is(expected, actual);
}

/** The first mismatch, or null when the run matches the expected events. */
export function compareEvents(expected: readonly SimEvent[], actual: readonly SimEvent[]): Mismatch | null {
  const compared = actual.filter(isComparedEvent);
  const n = Math.max(expected.length, compared.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i] ?? null;
    const a = compared[i] ?? null;
    if (e === null || a === null || !matchesValue(e, a)) return { line: i + 1, expected: e, actual: a };
  }
  return null;
}
