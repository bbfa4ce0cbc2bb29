/**
 * JSON columns on both databases. A JSON column is `text` on SQLite and `jsonb` on
 * PostgreSQL (`caps.jsonType`, use `jsonColumnType` in migrations).
 *
 * One representation at the repository edge, whatever the database:
 *   - write `toJson(value)` (a string; PostgreSQL casts the text parameter to jsonb),
 *   - read `fromJson(column)`.
 * `openDatabase` makes `pg` hand json/jsonb back as raw text, so reading is the same
 * `JSON.parse` on both; `fromJson` still accepts an already-parsed value, so a query
 * through another pool cannot break it.
 */
import type { DialectCapabilities } from './dialect.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The column type of a JSON column, for migrations: `.addColumn('data', jsonColumnType(caps))`. */
export function jsonColumnType(caps: DialectCapabilities): 'text' | 'jsonb' {
  return caps.jsonType;
}

/** Serialises a value for a JSON column. `undefined` is stored as JSON null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** For a nullable JSON column: SQL NULL for null/undefined, JSON text otherwise. */
export function toJsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** Reads a JSON column (text from SQLite, raw jsonb text or a parsed value from PostgreSQL). */
export function fromJson<T = JsonValue>(column: unknown): T {
  if (typeof column === 'string') return JSON.parse(column) as T;
  if (column instanceof Uint8Array) return JSON.parse(new TextDecoder().decode(column)) as T;
  return column as T;
}

/** Reads a nullable JSON column: SQL NULL stays null. */
export function fromJsonOrNull<T = JsonValue>(column: unknown): T | null {
  return column === null || column === undefined ? null : fromJson<T>(column);
}
