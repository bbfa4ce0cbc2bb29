/**
 * Variable scopes, Zeebe-style. A scope is the element instance of the process, of a
 * sub-process, or of any element with input mappings (its local variables).
 *
 * Propagation (task completion, message correlation, output mappings): a variable is
 * written to the innermost scope, from the starting scope outwards, that already has a
 * variable of that name; when none has it, it is created in the process (root) scope.
 * That is Zeebe's rule; it keeps a sub-process's local variables local and lets
 * everything else land where the rest of the process sees it.
 */
import type { Json, Variables } from '../api.ts';
import type { Step } from './engine-step.ts';

/** The chain of scope ids visible from an element instance, innermost first. */
export function scopeChain(step: Step, elementInstanceId: string): string[] {
  const chain: string[] = [];
  let id: string | null = elementInstanceId;
  while (id !== null) {
    if (step.variables[id] !== undefined) chain.push(id);
    id = step.elements[id]?.scopeId ?? null;
  }
  return chain;
}

/** Every variable visible from an element instance (inner scopes shadow outer ones). */
export function visibleVariables(step: Step, elementInstanceId: string): Record<string, Json> {
  const chain = scopeChain(step, elementInstanceId);
  if (chain.length === 1) return step.variables[chain[0]] as Record<string, Json>;
  const out: Record<string, Json> = {};
  for (let i = chain.length - 1; i >= 0; i--) Object.assign(out, step.variables[chain[i]]);
  return out;
}

/** Sets variables in exactly one scope (creating the scope when it is new). */
export function setLocal(step: Step, scopeId: string, values: Variables): void {
  const names = Object.keys(values);
  if (names.length === 0 && step.variables[scopeId] !== undefined) return;
  step.variables[scopeId] = { ...(step.variables[scopeId] ?? {}), ...values };
  if (names.length > 0) step.history({ kind: 'variables.set', at: step.env.now, scopeId, names });
}

/** Propagates variables from `fromInstanceId`'s scope outwards (see the file comment). */
export function propagate(step: Step, fromInstanceId: string, values: Variables): void {
  const chain = scopeChain(step, fromInstanceId);
  const root = chain[chain.length - 1];
  const byScope = new Map<string, Record<string, Json>>();
  for (const [name, value] of Object.entries(values)) {
    const scope = chain.find((s) => Object.prototype.hasOwnProperty.call(step.variables[s], name)) ?? root;
    let bucket = byScope.get(scope);
    if (!bucket) byScope.set(scope, (bucket = {}));
    bucket[name] = value;
  }
  for (const [scope, bucket] of byScope) setLocal(step, scope, bucket);
}

/** Sets `a.b.c` style targets inside a variables object (creating nested contexts). */
export function assignPath(target: Record<string, Json>, path: string, value: Json): void {
  const parts = path.split('.');
  let node = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = node[parts[i]];
    const copy: Record<string, Json> = next !== null && typeof next === 'object' && !Array.isArray(next) ? { ...next } : {};
    node[parts[i]] = copy;
    node = copy;
  }
  node[parts[parts.length - 1]] = value;
}
