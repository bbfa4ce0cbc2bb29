/**
 * What differs between SQLite and PostgreSQL, as data (see kysely's dialect adapters).
 * Repositories ask these capabilities instead of testing `if (sqlite)`.
 */
export type DialectKind = 'sqlite' | 'postgres';

export interface DialectCapabilities {
  readonly kind: DialectKind;
  /** `FOR UPDATE SKIP LOCKED` to claim rows concurrently (PostgreSQL). SQLite has a single writer, so claiming inside a write transaction is already exclusive. */
  readonly skipLocked: boolean;
  /** `SELECT … FOR UPDATE` row locks. */
  readonly rowLocks: boolean;
  /** Column type for JSON documents in migrations. */
  readonly jsonType: 'text' | 'jsonb';
}

export function capabilitiesFor(kind: DialectKind): DialectCapabilities {
  return kind === 'postgres'
    ? { kind, skipLocked: true, rowLocks: true, jsonType: 'jsonb' }
    : { kind, skipLocked: false, rowLocks: false, jsonType: 'text' };
}
