/**
 * Deployed process definitions (every version, with its XML and checksum) and the
 * per-process default: which definition new instances start on.
 */
import type { Kysely } from 'kysely';

type Db = Kysely<any>;

export type DefinitionSource = 'shipped' | 'admin';

export interface DefinitionRow {
  readonly key: string; // `${processId}:${version}`
  readonly processId: string;
  readonly version: number;
  readonly name: string | null;
  readonly xml: string;
  readonly checksum: string;
  readonly source: DefinitionSource;
  readonly deployedAt: number;
  readonly deployedBy: string | null;
}

export type DefinitionSummary = Omit<DefinitionRow, 'xml'>;

export interface ProcessDefaultRow {
  readonly processId: string;
  readonly definitionKey: string;
  readonly chosenBy: string | null;
  readonly chosenAt: number;
}

export function definitionKey(processId: string, version: number): string {
  return `${processId}:${version}`;
}

export async function insertDefinition(db: Db, row: DefinitionRow): Promise<void> {
  await db
    .insertInto('process_definitions')
    .values({
      key: row.key,
      process_id: row.processId,
      version: row.version,
      name: row.name,
      xml: row.xml,
      checksum: row.checksum,
      source: row.source,
      deployed_at: row.deployedAt,
      deployed_by: row.deployedBy,
    })
    .execute();
}

export async function findDefinition(db: Db, key: string): Promise<DefinitionRow | null> {
  const row = await db.selectFrom('process_definitions').selectAll().where('key', '=', key).executeTakeFirst();
  return row ? toDefinition(row) : null;
}

/** The highest version of a process, optionally only among those of one source. */
export async function latestDefinition(db: Db, processId: string, source?: DefinitionSource): Promise<DefinitionRow | null> {
  let q = db.selectFrom('process_definitions').selectAll().where('process_id', '=', processId);
  if (source) q = q.where('source', '=', source);
  const row = await q.orderBy('version', 'desc').limit(1).executeTakeFirst();
  return row ? toDefinition(row) : null;
}

export async function listDefinitions(db: Db, processId?: string): Promise<DefinitionSummary[]> {
  let q = db
    .selectFrom('process_definitions')
    .select(['key', 'process_id', 'version', 'name', 'checksum', 'source', 'deployed_at', 'deployed_by']);
  if (processId) q = q.where('process_id', '=', processId);
  const rows = await q.orderBy('process_id').orderBy('version').execute();
  return rows.map((r) => {
    const { xml: _xml, ...rest } = toDefinition({ ...r, xml: '' });
    return rest;
  });
}

export async function findProcessDefault(db: Db, processId: string): Promise<ProcessDefaultRow | null> {
  const row = await db.selectFrom('process_defaults').selectAll().where('process_id', '=', processId).executeTakeFirst();
  return row ? toProcessDefault(row) : null;
}

export async function setProcessDefault(db: Db, row: ProcessDefaultRow): Promise<void> {
  await db
    .insertInto('process_defaults')
    .values({ process_id: row.processId, definition_key: row.definitionKey, chosen_by: row.chosenBy, chosen_at: row.chosenAt })
    .onConflict((oc) => oc.column('process_id').doUpdateSet({ definition_key: row.definitionKey, chosen_by: row.chosenBy, chosen_at: row.chosenAt }))
    .execute();
}

export async function listProcessDefaults(db: Db): Promise<ProcessDefaultRow[]> {
  const rows = await db.selectFrom('process_defaults').selectAll().orderBy('process_id').execute();
  return rows.map(toProcessDefault);
}

/**
 * Replaces the default only if it is still `expected` (compare-and-set on the key and
 * the time it was chosen); false when someone else changed it in between.
 */
export async function replaceProcessDefault(db: Db, expected: ProcessDefaultRow, next: ProcessDefaultRow): Promise<boolean> {
  const result = await db
    .updateTable('process_defaults')
    .set({ definition_key: next.definitionKey, chosen_by: next.chosenBy, chosen_at: next.chosenAt })
    .where('process_id', '=', expected.processId)
    .where('definition_key', '=', expected.definitionKey)
    .where('chosen_at', '=', expected.chosenAt)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Sets the first default of a process unless one appeared meanwhile; false then. */
export async function insertProcessDefaultIfMissing(db: Db, row: ProcessDefaultRow): Promise<boolean> {
  const result = await db
    .insertInto('process_defaults')
    .values({ process_id: row.processId, definition_key: row.definitionKey, chosen_by: row.chosenBy, chosen_at: row.chosenAt })
    .onConflict((oc) => oc.column('process_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

function toProcessDefault(row: any): ProcessDefaultRow {
  return { processId: row.process_id, definitionKey: row.definition_key, chosenBy: row.chosen_by ?? null, chosenAt: Number(row.chosen_at) };
}

function toDefinition(row: any): DefinitionRow {
  return {
    key: row.key,
    processId: row.process_id,
    version: Number(row.version),
    name: row.name ?? null,
    xml: row.xml,
    checksum: row.checksum,
    source: row.source,
    deployedAt: Number(row.deployed_at),
    deployedBy: row.deployed_by ?? null,
  };
}
