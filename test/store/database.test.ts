import { describe, it, expect, afterEach } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, DatabaseConfigError, type PotokDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { testDatabases } from '../support/databases.ts';

describe('opening the database', () => {
  it('given a URL that is not postgres://, when opened, then it is refused naming the problem without the password', () => {
    expect(() => openDatabase({ url: 'mysql://u:secret@h/db' })).toThrow(DatabaseConfigError);
    expect(() => openDatabase({ url: 'mysql://u:secret@h/db' })).toThrow(/postgres:\/\//);
    expect(() => openDatabase({ url: 'mysql://u:secret@h/db' })).not.toThrow(/secret/);
  });
});

for (const target of testDatabases()) {
  describe(`database on ${target.name}`, () => {
    let database: PotokDatabase | undefined;
    afterEach(async () => {
      await database?.close();
      database = undefined;
    });

    it('given a fresh database, when migrated twice, then the second run applies nothing', async () => {
      database = await target.open();
      await migrateToLatest(database);
      expect(await migrateToLatest(database)).toEqual([]);
    });

    it('given big integers, when read back, then they are JS numbers on both databases', async () => {
      database = await target.open();
      const row = await sql<{ v: number }>`select ${sql.lit(1_800_000_000_000)} as v`.execute(database.db);
      expect(row.rows[0]!.v).toBe(1_800_000_000_000);
      expect(typeof row.rows[0]!.v).toBe('number');
    });
  });
}
