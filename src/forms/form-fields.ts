/**
 * Walks a form schema the way form-js binds data: a keyed field's value lives at its
 * key (dots split it into a path) under the paths of the groups around it.
 */
import { CONTAINER_TYPES, KEYED_TYPES, type FormComponent, type FormSchema } from './form-schema.types.ts';

export interface BoundField {
  readonly component: FormComponent;
  readonly path: readonly string[];
  /** The components around it, outermost first (their `conditional.hide` applies too). */
  readonly ancestors: readonly FormComponent[];
}

export function boundFields(schema: FormSchema): BoundField[] {
  const out: BoundField[] = [];
  const walk = (components: readonly FormComponent[], base: readonly string[], ancestors: readonly FormComponent[]) => {
    for (const component of components) {
      if (KEYED_TYPES.has(component.type) && component.key) {
        out.push({ component, path: [...base, ...component.key.split('.')], ancestors });
      } else if (CONTAINER_TYPES.has(component.type) && component.components) {
        const path = component.path ? [...base, ...component.path.split('.')] : base;
        walk(component.components, path, [...ancestors, component]);
      }
    }
  };
  walk(schema.components, [], []);
  return out;
}

export function getAt(data: unknown, path: readonly string[]): unknown {
  let node = data;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

export function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/** Every leaf path in plain data (objects are descended, arrays and scalars are leaves). */
export function leafPaths(data: unknown, base: string[] = []): string[][] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return base.length ? [base] : [];
  const entries = Object.entries(data as Record<string, unknown>);
  if (entries.length === 0) return base.length ? [base] : [];
  return entries.flatMap(([key, value]) => leafPaths(value, [...base, key]));
}
