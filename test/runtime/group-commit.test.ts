/**
 * Group commit (src/runtime/transaction-batcher.ts): commands that arrive together share
 * a transaction, yet each one succeeds or fails alone. On SQLite and PostgreSQL.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { PotokDatabase } from '../../src/store/database.ts';
import { TransactionBatcher } from '../../src/runtime/transaction-batcher.ts';
import { writeSql } from '../../src/store/raw-sql.ts';
import { testDatabases } from '../support/databases.ts';

async function rows(db: Kysely<any>): Promise<string[]> {
  const r = await sql<{ id: string }>`select id from gc order by id`.execute(db);
  return r.rows.map((x) => x.id);
}

for (const target of testDatabases()) {
  describe(`group commit on ${target.name}`, () => {
    let database: PotokDatabase;
    let batcher: TransactionBatcher;
    beforeEach(async () => {
      database = await target.open();
      await sql`create table gc (id text primary key, n integer not null)`.execute(database.db);
      // One lane, so that the commands of a test really share transactions.
      batcher = new TransactionBatcher({ db: database.db, savepoints: database.caps.kind === 'sqlite', lanes: 1 });
    });
    afterEach(async () => {
      await database.close();
    });

    const insert = (id: string) => async (trx: Kysely<any>) => {
      await writeSql(trx, 'insert into gc (id, n) values (?, ?)', [id, 1]);
      return id;
    };

    it('given 40 commands sent at once, when they run, then all are stored with far fewer transactions than commands', async () => {
      const ids = Array.from({ length: 40 }, (_, i) => `k${String(i).padStart(2, '0')}`);
      const results = await Promise.all(ids.map((id) => batcher.run(id, insert(id))));
      expect(results).toEqual(ids);
      expect(await rows(database.db)).toEqual(ids);
      expect(batcher.stats.units).toBe(40);
      expect(batcher.stats.transactions).toBeLessThan(40 / 2);
    });

    it('given several lanes (as on PostgreSQL), when 40 commands on 5 keys are sent at once, then every key sees its commands in order', async () => {
      const lanes = new TransactionBatcher({ db: database.db, savepoints: database.caps.kind === 'sqlite', lanes: database.caps.kind === 'sqlite' ? 1 : 4 });
      for (let k = 0; k < 5; k++) await sql`insert into gc (id, n) values (${`key${k}`}, 0)`.execute(database.db);
      const seen = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          lanes.run(`key${i % 5}`, async (trx) => {
            const { rows: [row] } = await sql<{ n: number }>`select n from gc where id = ${`key${i % 5}`}`.execute(trx);
            await sql`update gc set n = n + 1 where id = ${`key${i % 5}`}`.execute(trx);
            return Number(row!.n);
          }),
        ),
      );
      expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => Math.floor(i / 5)));
    });

    it('given one command of a batch that fails after writing, when the batch commits, then only that command fails and none of its writes are stored', async () => {
      const outcomes = await Promise.allSettled([
        batcher.run('a', insert('a')),
        batcher.run('b', async (trx) => {
          await writeSql(trx, 'insert into gc (id, n) values (?, ?)', ['b-half', 1]);
          throw new Error('b refuses');
        }),
        batcher.run('c', insert('c')),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('b refuses');
      expect(await rows(database.db)).toEqual(['a', 'c']);
    });

    it('given a command whose write breaks a constraint, when it shares a batch, then it alone gets the database error and the others are stored', async () => {
      await sql`insert into gc (id, n) values ('taken', 1)`.execute(database.db);
      const outcomes = await Promise.allSettled([batcher.run('x', insert('x')), batcher.run('taken', insert('taken')), batcher.run('y', insert('y'))]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(String((outcomes[1] as PromiseRejectedResult).reason.message)).toMatch(/unique|duplicate/i);
      expect(await rows(database.db)).toEqual(['taken', 'x', 'y']);
    });

    it('given commands on one key, when they are sent together, then they run in the order sent and each sees the one before', async () => {
      await sql`insert into gc (id, n) values ('counter', 0)`.execute(database.db);
      const seen = await Promise.all(
        Array.from({ length: 10 }, () =>
          batcher.run('counter', async (trx) => {
            const { rows: [row] } = await sql<{ n: number }>`select n from gc where id = 'counter'`.execute(trx);
            await sql`update gc set n = ${Number(row!.n) + 1} where id = 'counter'`.execute(trx);
            return Number(row!.n);
          }),
        ),
      );
      expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('given after-commit callbacks, when one command of the batch fails, then only the stored commands run theirs', async () => {
      const called: string[] = [];
      await Promise.allSettled(
        ['p', 'q', 'r'].map((id) =>
          batcher.run(id, async (trx, tx) => {
            tx.afterCommit(() => called.push(id));
            await insert(id)(trx);
            if (id === 'q') throw new Error('q fails');
          }),
        ),
      );
      expect(called.sort()).toEqual(['p', 'r']);
      expect(await rows(database.db)).toEqual(['p', 'r']);
    });
  });
}
