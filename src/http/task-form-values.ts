/**
 * The values of a task's form as the browser gets them: only what the form shows or
 * reads — its fields' keys (a group's `path`), its dynamic option lists (`valuesKey`),
 * the variables its FEEL expressions and `{{…}}` texts mention — plus the card's own
 * (`bannedInnWarning`, `meetingPlace`). The process's other variables (an e-mail job's
 * `messageId`/`mail`/`status`, `legalReviewer`, …) stay on the server.
 */

/** Always offered when present: the banned-ИНН notice and the meeting's place (the card's reschedule). */
const CARD_KEYS = ['bannedInnWarning', 'meetingPlace'];

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;

/** Identifiers an expression or template mentions, string literals left out. */
function identifiersIn(text: string, into: Set<string>): void {
  const code = text.replace(/"(?:[^"\\]|\\.)*"/g, ' ');
  for (const m of code.matchAll(IDENTIFIER)) into.add(m[0]);
}

/** The top-level value keys a form-js schema reads or writes. */
export function formValueKeys(schema: unknown): Set<string> {
  const keys = new Set<string>(CARD_KEYS);
  const visit = (node: unknown, nested: boolean): void => {
    if (Array.isArray(node)) {
      for (const n of node) visit(n, nested);
      return;
    }
    if (!node || typeof node !== 'object') {
      if (typeof node === 'string') {
        if (node.startsWith('=')) identifiersIn(node.slice(1), keys);
        for (const m of node.matchAll(/\{\{([^}]*)\}\}/g)) identifiersIn(m[1]!, keys);
      }
      return;
    }
    const n = node as Record<string, unknown>;
    // Inside a group with a `path`, keys are relative to it: the path is the top-level key.
    const pathed = typeof n.path === 'string' && n.path !== '';
    if (!nested) {
      if (typeof n.key === 'string' && n.key) keys.add(n.key.split('.')[0]!);
      if (pathed) keys.add((n.path as string).split('.')[0]!);
    }
    if (typeof n.valuesKey === 'string' && n.valuesKey) keys.add(n.valuesKey.split('.')[0]!);
    for (const [k, v] of Object.entries(n)) {
      if (k === 'key' || k === 'path' || k === 'valuesKey') continue;
      visit(v, nested || (pathed && k === 'components'));
    }
  };
  visit(schema, false);
  return keys;
}

/** The form's values restricted to what the schema (and the card) use; none of the process's internals. */
export function browserFormValues(schema: unknown, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const keys = formValueKeys(schema);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (keys.has(k)) out[k] = v;
  return out;
}
