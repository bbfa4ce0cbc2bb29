/**
 * The `zeebe:properties` Potok reads with a fixed set of values (see docs/modelling.md,
 * "Potok's conventions"). A value outside the set is never an error at run time: the task
 * just has no kind the task list knows, the deal is not closed, the field is not copied.
 * So it is refused at deployment instead, naming the element and the values allowed.
 *
 * The sets are the CRM's (src/crm), written out here because the engine does not import
 * the CRM; test/engine/potok-properties.test.ts keeps them equal. `stage` is not checked:
 * a model that is not the deal process may name stages of its own (the simulator follows
 * them). `title` and `author` are FEEL or text (checked as FEEL in compile-extensions.ts).
 */
import type { ElementRef, ProblemList } from './model-problems.ts';
import { nearestName } from '../feel/feel-check.ts';

/** `kind` of a user task: how the task list shows it (crm task kind). */
export const TASK_KINDS: readonly string[] = ['call', 'meeting', 'email', 'todo', 'approval'];

/** `outcome` of an end event: how the deal ends when the instance ends there. */
export const OUTCOMES: readonly string[] = ['won', 'lost'];

/** `reason` of an end event with outcome `lost`: the deal's lost reason (LOST_REASONS in src/crm/deals/deal.types.ts). */
export const LOST_REASONS: readonly string[] = ['declined', 'banned', 'cancelled'];

/**
 * `dealFields` of a user task: the comma-separated variables its completion copies onto the
 * deal; only the deal's own fields are copied (src/crm/deals/deal.repository.ts), any other
 * name is dropped. The deal's instance id is the CRM's own, never a task's.
 */
export const DEAL_FIELDS: readonly string[] = [
  'title', 'contactName', 'phone', 'email', 'city', 'source', 'comment', 'owner', 'salesRep',
  'clientType', 'premisesAddress', 'onecRef', 'requisites', 'documents',
];

/** Reports every property value outside its set (the element's `zeebe:properties`, name → value). */
export function checkPotokProperties(element: ElementRef, properties: Readonly<Record<string, string>>, problems: ProblemList): void {
  const has = (name: string) => Object.prototype.hasOwnProperty.call(properties, name);
  if (has('kind')) oneOf(element, 'kind', properties.kind, TASK_KINDS, 'a task kind', problems);
  const outcomeValid = has('outcome') ? oneOf(element, 'outcome', properties.outcome, OUTCOMES, 'an outcome', problems) : true;
  if (has('reason')) {
    const reasonValid = oneOf(element, 'reason', properties.reason, LOST_REASONS, 'a reason a deal is lost for', problems);
    if (reasonValid && outcomeValid && properties.outcome !== 'lost') {
      problems.add('INVALID_PROPERTY', element, `the reason property "${properties.reason}" has no effect without the outcome property "lost"${has('outcome') ? ` (the outcome is "${properties.outcome}")` : ''}`);
    }
  }
  if (has('dealFields')) {
    const names = properties.dealFields.split(',').map((x) => x.trim()).filter(Boolean);
    if (names.length === 0) problems.add('INVALID_PROPERTY', element, `the dealFields property is empty: list the variables to copy onto the deal, separated by commas (deal fields: ${DEAL_FIELDS.join(', ')})`);
    for (const name of names) {
      if (DEAL_FIELDS.includes(name)) continue;
      problems.add('INVALID_PROPERTY', element, `the dealFields property names "${name}", which is not a deal field${suggestion(name, DEAL_FIELDS)}: the deal fields are ${DEAL_FIELDS.join(', ')}`);
    }
  }
}

/** True when `value` is one of `allowed`; otherwise reports it. */
function oneOf(element: ElementRef, name: string, value: string, allowed: readonly string[], what: string, problems: ProblemList): boolean {
  // Compared as written, as the CRM does: " call" is not a kind.
  if (allowed.includes(value)) return true;
  const said = value === '' ? `the ${name} property is empty` : `the ${name} property "${value}" is not ${what}`;
  problems.add('INVALID_PROPERTY', element, `${said}${suggestion(value, allowed)}: use one of ${allowed.join(', ')}`);
  return false;
}

function suggestion(value: string, allowed: readonly string[]): string {
  const near = value.trim() === '' ? null : nearestName(value.trim(), allowed);
  return near ? ` (did you mean "${near}"?)` : '';
}
