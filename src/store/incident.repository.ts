/**
 * Incidents: an instance stuck on an element until someone resolves it (a job out of
 * retries, a condition that failed). Resolved incidents stay, with who and when.
 */
import type { Kysely } from 'kysely';
import type { Incident } from '../engine/api.ts';

type Db = Kysely<any>;

export interface IncidentRow {
  readonly id: string; // `${instanceId}:${incidentId}`
  readonly instanceId: string;
  readonly incidentId: string;
  readonly processId: string;
  readonly businessKey: string | null;
  readonly elementId: string;
  readonly elementInstanceId: string;
  readonly type: Incident['type'];
  readonly message: string;
  readonly createdAt: number;
  readonly resolvedAt: number | null;
  readonly resolvedBy: string | null;
}

export function incidentRowId(instanceId: string, incidentId: string): string {
  return `${instanceId}:${incidentId}`;
}

export async function insertIncident(db: Db, instance: { id: string; processId: string; businessKey: string | null }, incident: Incident): Promise<void> {
  await db
    .insertInto('incidents')
    .values({
      id: incidentRowId(instance.id, incident.id),
      instance_id: instance.id,
      incident_id: incident.id,
      process_id: instance.processId,
      business_key: instance.businessKey,
      element_id: incident.elementId,
      element_instance_id: incident.elementInstanceId,
      type: incident.type,
      message: incident.message,
      created_at: incident.createdAt,
      resolved_at: null,
      resolved_by: null,
    })
    .execute();
}

export async function markIncidentResolved(db: Db, instanceId: string, incidentId: string, at: number, by: string | null): Promise<void> {
  await db
    .updateTable('incidents')
    .set({ resolved_at: at, resolved_by: by })
    .where('id', '=', incidentRowId(instanceId, incidentId))
    .where('resolved_at', 'is', null)
    .execute();
}

export async function findIncident(db: Db, id: string): Promise<IncidentRow | null> {
  const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toIncident(row) : null;
}

/** Open incidents (of one instance, or all), oldest first. */
export async function listOpenIncidents(db: Db, instanceId?: string): Promise<IncidentRow[]> {
  let q = db.selectFrom('incidents').selectAll().where('resolved_at', 'is', null);
  if (instanceId) q = q.where('instance_id', '=', instanceId);
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map(toIncident);
}

export async function listIncidentsOfInstance(db: Db, instanceId: string): Promise<IncidentRow[]> {
  const rows = await db.selectFrom('incidents').selectAll().where('instance_id', '=', instanceId).orderBy('created_at').orderBy('id').execute();
  return rows.map(toIncident);
}

function toIncident(row: any): IncidentRow {
  return {
    id: row.id,
    instanceId: row.instance_id,
    incidentId: row.incident_id,
    processId: row.process_id,
    businessKey: row.business_key ?? null,
    elementId: row.element_id,
    elementInstanceId: row.element_instance_id,
    type: row.type,
    message: row.message,
    createdAt: Number(row.created_at),
    resolvedAt: row.resolved_at === null || row.resolved_at === undefined ? null : Number(row.resolved_at),
    resolvedBy: row.resolved_by ?? null,
  };
}
