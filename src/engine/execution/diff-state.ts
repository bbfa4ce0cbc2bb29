/**
 * What changed between two states of one instance, found by reference (apply keeps the
 * identity of everything it did not change): the rows a durable runtime must write.
 */
import type { ElementInstance, Incident, InstanceState, Json, Wait } from '../api.ts';

export interface VariableScopeDiff {
  readonly scopeId: string;
  /** Variables created or changed in this scope. */
  readonly set: Readonly<Record<string, Json>>;
  /** Variables removed from a scope that still exists. */
  readonly removed: readonly string[];
}

export interface StateDiff {
  /** Instance-level fields (status, endedAt, nextId) changed. */
  readonly instanceChanged: boolean;
  readonly elementsUpserted: readonly ElementInstance[];
  readonly elementsRemoved: readonly string[];
  readonly variables: readonly VariableScopeDiff[];
  /** Whole variable scopes that ended (their element instance ended). */
  readonly scopesRemoved: readonly string[];
  readonly waitsAdded: readonly Wait[];
  readonly waitsRemoved: readonly string[];
  readonly incidentsAdded: readonly Incident[];
  readonly incidentsRemoved: readonly string[];
}

type Parts = Pick<InstanceState, 'elements' | 'variables' | 'waits' | 'incidents'>;
const NOTHING: Parts = { elements: {}, variables: {}, waits: {}, incidents: {} };

export function diffState(before: InstanceState | null, after: InstanceState): StateDiff {
  const b: Parts = before ?? NOTHING;
  const elements = diffRecord(b.elements, after.elements);
  const waits = diffRecord(b.waits, after.waits);
  const incidents = diffRecord(b.incidents, after.incidents);
  const variables: VariableScopeDiff[] = [];
  const scopesRemoved: string[] = [];
  for (const [scopeId, vars] of Object.entries(after.variables)) {
    const old = b.variables[scopeId];
    if (old === vars) continue;
    const set: Record<string, Json> = {};
    for (const [name, value] of Object.entries(vars)) if (!old || old[name] !== value || !(name in old)) set[name] = value;
    const removed = old ? Object.keys(old).filter((n) => !(n in vars)) : [];
    if (Object.keys(set).length > 0 || removed.length > 0 || !old) variables.push({ scopeId, set, removed });
  }
  for (const scopeId of Object.keys(b.variables)) if (!(scopeId in after.variables)) scopesRemoved.push(scopeId);
  return {
    instanceChanged: !before || before.status !== after.status || before.endedAt !== after.endedAt || before.nextId !== after.nextId,
    elementsUpserted: elements.changed,
    elementsRemoved: elements.removed,
    variables,
    scopesRemoved,
    waitsAdded: waits.changed,
    waitsRemoved: waits.removed,
    incidentsAdded: incidents.changed,
    incidentsRemoved: incidents.removed,
  };
}

function diffRecord<T>(before: Readonly<Record<string, T>>, after: Readonly<Record<string, T>>): { changed: T[]; removed: string[] } {
  const changed: T[] = [];
  const removed: string[] = [];
  for (const [id, value] of Object.entries(after)) if (before[id] !== value) changed.push(value);
  for (const id of Object.keys(before)) if (!(id in after)) removed.push(id);
  return { changed, removed };
}
