/**
 * The engine's InstanceState as rows: loading it for a command, and writing what a
 * command changed. The engine shares every unchanged object between the old and the
 * new state, so changes are found by reference comparison and only they are written.
 *
 * Timer waits live in R2's `timers` table (written from the command's effects by
 * timer.repository.ts); message waits are `message_subscriptions`, written here.
 */
import type { Kysely } from 'kysely';
import type { ElementInstance, Incident, InstanceState, Json, Variables, Wait } from '../engine/api.ts';
import type { InstanceRow } from './instance.repository.ts';
import { insertIncident, markIncidentResolved } from './incident.repository.ts';
import { deleteSubscription, insertSubscription } from './subscription.repository.ts';
import { fromJson, fromJsonOrNull, toJson, toJsonOrNull } from './json.ts';
import { insertRows, placeholders, runSql, writeSql } from './raw-sql.ts';

type Db = Kysely<any>;

/**
 * The whole state in ONE statement (a UNION ALL over the five tables, every column as
 * text): one round trip on PostgreSQL instead of five, one prepared statement on SQLite.
 * Columns: k = which table, o = order within it, a..g = the table's columns.
 */
const LOAD_STATE = `
select 'e' as k, 0 as o, id as a, element_id as b, element_type as c, scope_id as d, status as e, cast(activated_at as text) as f, cast(data as text) as g
  from element_instances where instance_id = ?
union all
select 'v', 0, scope_id, name, null, null, null, null, cast(value as text) from variables where instance_id = ?
union all
select 't', 0, timer_id, element_id, element_instance_id, cast(repetitions_left as text), cast(interval_ms as text), cast(due_at as text), null
  from timers where instance_id = ?
union all
select 's', created_at, wait_id, element_id, element_instance_id, message_name, correlation_key, null, null
  from message_subscriptions where instance_id = ?
union all
select 'i', created_at, incident_id, element_id, element_instance_id, type, message, cast(created_at as text), null
  from incidents where instance_id = ? and resolved_at is null
order by 1, 2, 3, 4`;

export async function loadInstanceState(db: Db, instance: InstanceRow): Promise<InstanceState> {
  const id = instance.id;
  const { rows } = await runSql<any>(db, LOAD_STATE, [id, id, id, id, id]);
  const elementRows: any[] = [];
  const variableRows: any[] = [];
  const timers: any[] = [];
  const subscriptions: { waitId: string; elementId: string; elementInstanceId: string; messageName: string; correlationKey: string }[] = [];
  const incidents: { incidentId: string; elementId: string; elementInstanceId: string; type: Incident['type']; message: string; createdAt: number }[] = [];
  for (const r of rows) {
    switch (r.k) {
      case 'e':
        elementRows.push({ id: r.a, element_id: r.b, element_type: r.c, scope_id: r.d, status: r.e, activated_at: r.f, data: r.g });
        break;
      case 'v':
        variableRows.push({ scope_id: r.a, name: r.b, value: r.g });
        break;
      case 't':
        timers.push({ timer_id: r.a, element_id: r.b, element_instance_id: r.c, repetitions_left: r.d, interval_ms: r.e, due_at: r.f });
        break;
      case 's':
        subscriptions.push({ waitId: r.a, elementId: r.b, elementInstanceId: r.c, messageName: r.d, correlationKey: r.e });
        break;
      case 'i':
        incidents.push({ incidentId: r.a, elementId: r.b, elementInstanceId: r.c, type: r.d, message: r.e, createdAt: Number(r.f) });
        break;
    }
  }

  const elements: Record<string, ElementInstance> = {};
  for (const r of elementRows as any[]) {
    const data = fromJsonOrNull<Record<string, Json>>(r.data);
    elements[r.id] = {
      id: r.id,
      elementId: r.element_id,
      elementType: r.element_type,
      scopeId: r.scope_id ?? null,
      status: r.status,
      activatedAt: Number(r.activated_at),
      ...(data ? { data } : {}),
    };
  }

  const variables: Record<string, Record<string, Json>> = {};
  for (const r of variableRows as any[]) (variables[r.scope_id] ??= {})[r.name] = fromJson<Json>(r.value);

  const waits: Record<string, Wait> = {};
  for (const t of timers as any[]) {
    waits[t.timer_id] = {
      kind: 'timer',
      id: t.timer_id,
      elementId: t.element_id,
      elementInstanceId: t.element_instance_id,
      dueAt: Number(t.due_at),
      ...(t.repetitions_left !== null && t.repetitions_left !== undefined ? { repetitionsLeft: Number(t.repetitions_left) } : {}),
      ...(t.interval_ms !== null && t.interval_ms !== undefined ? { intervalMs: Number(t.interval_ms) } : {}),
    };
  }
  for (const s of subscriptions) {
    waits[s.waitId] = { kind: 'message', id: s.waitId, elementId: s.elementId, elementInstanceId: s.elementInstanceId, messageName: s.messageName, correlationKey: s.correlationKey };
  }

  const open: Record<string, Incident> = {};
  for (const i of incidents) {
    open[i.incidentId] = { id: i.incidentId, elementInstanceId: i.elementInstanceId, elementId: i.elementId, type: i.type, message: i.message, createdAt: i.createdAt };
  }

  return {
    instanceId: instance.id,
    processId: instance.processId,
    definitionKey: instance.definitionKey,
    businessKey: instance.businessKey,
    status: instance.status,
    startedAt: instance.startedAt,
    endedAt: instance.endedAt,
    elements,
    variables,
    waits,
    incidents: open,
    nextId: instance.nextId,
  };
}

/** Writes the element instances, variables, message waits and incidents that changed between two states. */
export async function writeStateChanges(
  db: Db,
  instance: { id: string; processId: string; businessKey: string | null },
  before: InstanceState | null,
  after: InstanceState,
  context: { now: number; actor: string | null },
): Promise<void> {
  await writeElements(db, instance.id, before?.elements ?? {}, after.elements);
  await writeVariables(db, instance.id, before?.variables ?? {}, after.variables);
  await writeMessageWaits(db, instance.id, before?.waits ?? {}, after.waits, context.now);
  await writeIncidents(db, instance, before?.incidents ?? {}, after.incidents, context);
}

async function writeElements(db: Db, instanceId: string, before: Readonly<Record<string, ElementInstance>>, after: Readonly<Record<string, ElementInstance>>): Promise<void> {
  const removed = Object.keys(before).filter((id) => !(id in after));
  if (removed.length) await writeSql(db, `delete from element_instances where instance_id = ? and id in (${placeholders(removed.length)})`, [instanceId, ...removed]);
  const inserted: any[] = [];
  for (const [id, e] of Object.entries(after)) {
    const old = before[id];
    if (old === e) continue;
    const row = {
      instance_id: instanceId,
      id,
      element_id: e.elementId,
      element_type: e.elementType,
      scope_id: e.scopeId,
      status: e.status,
      activated_at: e.activatedAt,
      data: toJsonOrNull(e.data),
    };
    if (old) {
      await db
        .updateTable('element_instances')
        .set({ element_id: row.element_id, element_type: row.element_type, scope_id: row.scope_id, status: row.status, activated_at: row.activated_at, data: row.data })
        .where('instance_id', '=', instanceId)
        .where('id', '=', id)
        .execute();
    } else inserted.push(row);
  }
  await insertChunked(db, 'element_instances', inserted);
}

async function writeVariables(db: Db, instanceId: string, before: Readonly<Record<string, Variables>>, after: Readonly<Record<string, Variables>>): Promise<void> {
  for (const scopeId of Object.keys(before)) {
    if (!(scopeId in after)) await db.deleteFrom('variables').where('instance_id', '=', instanceId).where('scope_id', '=', scopeId).execute();
  }
  const inserted: any[] = [];
  for (const [scopeId, vars] of Object.entries(after)) {
    const old = before[scopeId] ?? {};
    if (old === vars) continue;
    const gone = Object.keys(old).filter((name) => !(name in vars));
    if (gone.length) await db.deleteFrom('variables').where('instance_id', '=', instanceId).where('scope_id', '=', scopeId).where('name', 'in', gone).execute();
    for (const [name, value] of Object.entries(vars)) {
      if (name in old) {
        if (old[name] === value) continue;
        const text = toJson(value);
        if (text === toJson(old[name])) continue;
        await db.updateTable('variables').set({ value: text }).where('instance_id', '=', instanceId).where('scope_id', '=', scopeId).where('name', '=', name).execute();
      } else inserted.push({ instance_id: instanceId, scope_id: scopeId, name, value: toJson(value) });
    }
  }
  await insertChunked(db, 'variables', inserted);
}

async function writeMessageWaits(db: Db, instanceId: string, before: Readonly<Record<string, Wait>>, after: Readonly<Record<string, Wait>>, now: number): Promise<void> {
  for (const [id, w] of Object.entries(before)) {
    if (w.kind === 'message' && after[id] !== w) await deleteSubscription(db, instanceId, id);
  }
  for (const [id, w] of Object.entries(after)) {
    if (w.kind === 'message' && before[id] !== w) {
      await insertSubscription(db, { instanceId, waitId: id, elementId: w.elementId, elementInstanceId: w.elementInstanceId, messageName: w.messageName, correlationKey: w.correlationKey, createdAt: now });
    }
  }
}

async function writeIncidents(
  db: Db,
  instance: { id: string; processId: string; businessKey: string | null },
  before: Readonly<Record<string, Incident>>,
  after: Readonly<Record<string, Incident>>,
  context: { now: number; actor: string | null },
): Promise<void> {
  for (const id of Object.keys(before)) if (!(id in after)) await markIncidentResolved(db, instance.id, id, context.now, context.actor);
  for (const [id, incident] of Object.entries(after)) if (!(id in before)) await insertIncident(db, instance, incident);
}

/** Multi-row inserts in chunks that stay under SQLite's bound-parameter limit. */
async function insertChunked(db: Db, table: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  await insertRows(db, table, columns, rows.map((r) => columns.map((c) => r[c])));
}
