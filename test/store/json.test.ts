import { describe, it, expect, afterEach } from 'vitest';
import { sql } from 'kysely';
import type { PotokDatabase } from '../../src/store/database.ts';
import { fromJson, fromJsonOrNull, jsonColumnType, toJson, toJsonOrNull } from '../../src/store/json.ts';
import { testDatabases } from '../support/databases.ts';

for (const target of testDatabases()) {
  describe(`JSON columns on ${target.name}`, () => {
    let database: PotokDatabase | undefined;
    afterEach(async () => {
      await database?.close();
      database = undefined;
    });

    it('given Cyrillic text, nested objects, big numbers and a bare string, when stored and read back, then they are equal', async () => {
      database = await target.open();
      const { db, caps } = database;
      await db.schema.createTable('docs').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('doc', jsonColumnType(caps)).execute();
      const values = [
        { 'ФИО': 'Иванов Иван', nested: { list: [1, 'два', { три: true }] } },
        { big: 9_007_199_254_740_991, at: 1_800_000_000_000, fraction: 0.1 },
        'просто строка',
        null,
        [],
      ];
      for (const [i, v] of values.entries()) await db.insertInto('docs').values({ id: i, doc: toJson(v) }).execute();
      const rows = await db.selectFrom('docs').select(['id', 'doc']).orderBy('id').execute();
      expect(rows.map((r) => fromJson(r.doc))).toEqual(values);
    });

    it('given a nullable JSON column, when null is written, then SQL NULL comes back as null', async () => {
      database = await target.open();
      const { db, caps } = database;
      await db.schema.createTable('docs').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('doc', jsonColumnType(caps)).execute();
      await db.insertInto('docs').values({ id: 1, doc: toJsonOrNull(undefined) }).execute();
      const isNull = await sql<{ n: number }>`select count(*) as n from docs where doc is null`.execute(db);
      expect(Number(isNull.rows[0]!.n)).toBe(1);
      const row = await db.selectFrom('docs').select('doc').executeTakeFirstOrThrow();
      expect(fromJsonOrNull(row.doc)).toBeNull();
    });
  });
}
