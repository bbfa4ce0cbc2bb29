/**
 * Collects every problem of a model (never only the first), with the line of the
 * element in the XML where it can be found.
 */
import type { ModelProblem } from '../api.ts';

export type ProblemCode =
  | 'EMPTY_FILE'
  | 'XML_MALFORMED'
  | 'NOT_BPMN'
  | 'PARSER_WARNING'
  | 'UNKNOWN_ELEMENT'
  | 'UNRESOLVED_REFERENCE'
  | 'NO_EXECUTABLE_PROCESS'
  | 'UNSUPPORTED_ELEMENT'
  | 'UNSUPPORTED_EVENT_DEFINITION'
  | 'UNSUPPORTED_EXTENSION'
  | 'UNSUPPORTED_LOOP'
  | 'UNSUPPORTED_TIMER'
  | 'MISSING_TARGET'
  | 'MISSING_SOURCE'
  | 'INVALID_FLOW'
  | 'INVALID_FEEL'
  | 'UNKNOWN_FUNCTION'
  | 'INVALID_ARGUMENTS'
  | 'TIMER_NO_DEFINITION'
  | 'INVALID_TIMER'
  | 'GATEWAY_NO_OUTGOING'
  | 'MISSING_CONDITION'
  | 'INVALID_DEFAULT_FLOW'
  | 'INVALID_EVENT_GATEWAY'
  | 'MISSING_START_EVENT'
  | 'MULTIPLE_START_EVENTS'
  | 'MISSING_TASK_DEFINITION'
  | 'MISSING_MESSAGE'
  | 'MISSING_CORRELATION_KEY'
  | 'INVALID_BOUNDARY'
  | 'INVALID_IO_MAPPING'
  | 'INVALID_PROPERTY'
  | 'DUPLICATE_ID';

export interface ElementRef {
  readonly id?: string;
  readonly $type: string;
}

export class ProblemList {
  readonly problems: ModelProblem[] = [];

  /**
   * @param checkUse run the deploy-time checks of how the model uses what Potok provides:
   *   FEEL beyond parsing (unknown functions, wrong arguments, operators in a row) and the
   *   values of Potok's properties (kind, outcome, reason, dealFields); off when a stored
   *   definition is recompiled (see CompileOptions).
   */
  constructor(private readonly lines: ReadonlyMap<string, number>, readonly checkUse = true) {}

  /** The line of the first `id="…"` with this id. */
  lineOf(id: string): number | undefined {
    return this.lines.get(id);
  }

  add(code: ProblemCode, element: ElementRef | null, message: string, line?: number): void {
    const elementId = element?.id ?? null;
    const at = line ?? (elementId ? this.lines.get(elementId) : undefined);
    this.problems.push({ code, elementId, elementType: element?.$type ?? null, message, ...(at !== undefined ? { line: at } : {}) });
  }

  get empty(): boolean {
    return this.problems.length === 0;
  }
}

/** Line (1-based) of every `id="…"` attribute in the XML. */
export function lineIndex(xml: string): Map<string, number> {
  const lines = new Map<string, number>();
  const re = /\sid\s*=\s*["']([^"']+)["']/g;
  let line = 1;
  let last = 0;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    for (let i = last; i < m.index; i++) if (xml.charCodeAt(i) === 10) line++;
    last = m.index;
    if (!lines.has(m[1])) lines.set(m[1], line);
  }
  return lines;
}

/** bpmn-moddle reports positions as "line: N" (0-based) inside its messages. */
export function lineFromMessage(message: string): number | undefined {
  const m = /line:\s*(\d+)/.exec(message);
  return m ? Number(m[1]) + 1 : undefined;
}
