/**
 * PostgreSQL transactions send result-less writes with the next statement, their values
 * written into the SQL as literals (src/store/postgres-driver.ts). Whatever a value
 * holds, it must come back exactly as a parameter would have stored it.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import pg from 'pg';
import { sql } from 'kysely';
import { openDatabase, type PotokDatabase } from '../../src/store/database.ts';
import { inlineParameters } from '../../src/store/postgres-driver.ts';
import { runSql, writeSql } from '../../src/store/raw-sql.ts';
import { freshPostgresUrl } from '../support/databases.ts';

const tricky = [
  "O'Reilly & сыновья",
  'back\\slash \\n not a newline',
  'line\nbreak\ttab',
  '$1 and $$ and ? and ;\ncommit;',
  '{"json": "in text", "q": "\\"quoted\\""}',
  'эмодзи 🍺 и ё',
  '',
];

describe('deferred writes on postgres', () => {
  let database: PotokDatabase;
  let queries: string[];
  const original = pg.Client.prototype.query;
  beforeEach(async () => {
    database = openDatabase({ url: await freshPostgresUrl() });
    await sql`create table p (id integer primary key, t text, j jsonb, b bigint, f boolean)`.execute(database.db);
    queries = [];
    (pg.Client.prototype as any).query = function (this: unknown, text: unknown, ...rest: unknown[]) {
      queries.push(typeof text === 'string' ? text : String((text as { text?: string })?.text));
      return (original as any).call(this, text, ...rest);
    };
  });
  afterEach(async () => {
    pg.Client.prototype.query = original;
    await database.close();
  });

  it('given text with quotes, backslashes, newlines, placeholders and Cyrillic, when written inside a transaction, then every value reads back unchanged', async () => {
    await database.db.transaction().execute(async (trx) => {
      for (const [i, t] of tricky.entries()) {
        expect(await writeSql(trx, 'insert into p (id, t, j, b, f) values (?, ?, ?, ?, ?)', [i, t, JSON.stringify({ t, n: i }), 2 ** 53 - 1 - i, i % 2 === 0])).toBeNull();
      }
    });
    const { rows } = await runSql(database.db, 'select id, t, j, b, f from p order by id', []);
    expect(rows.map((r: any) => r.t)).toEqual(tricky);
    expect(rows.map((r: any) => JSON.parse(r.j).t)).toEqual(tricky);
    expect(rows.map((r: any) => r.b)).toEqual(tricky.map((_, i) => 2 ** 53 - 1 - i));
    expect(rows.map((r: any) => r.f)).toEqual(tricky.map((_, i) => i % 2 === 0));
  });

  it('given a transaction of writes only, when it commits, then BEGIN, the writes and COMMIT reach the server in one message', async () => {
    await database.db.transaction().execute(async (trx) => {
      await writeSql(trx, 'insert into p (id, t) values (?, ?)', [1, 'a']);
      await writeSql(trx, 'insert into p (id, t) values (?, ?)', [2, null]);
    });
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatch(/^begin;\ninsert into p .*;\ninsert into p .*NULL\);\ncommit$/s);
    const { rows } = await runSql(database.db, 'select id, t from p order by id', []);
    expect(rows).toEqual([{ id: 1, t: 'a' }, { id: 2, t: null }]);
  });

  it('given a deferred write that breaks a constraint, when the transaction goes on, then the next statement fails and nothing of the transaction is stored', async () => {
    await sql`insert into p (id, t) values (1, 'there')`.execute(database.db);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await writeSql(trx, 'insert into p (id, t) values (?, ?)', [2, 'new']);
        await writeSql(trx, 'insert into p (id, t) values (?, ?)', [1, 'again']);
        await runSql(trx, 'select count(*) as n from p', []);
      }),
    ).rejects.toThrow(/duplicate key/);
    const { rows } = await runSql(database.db, 'select id, t from p order by id', []);
    expect(rows).toEqual([{ id: 1, t: 'there' }]);
  });

  it('given values of every kind, when inlined, then they are quoted literals and NULL', () => {
    expect(inlineParameters('values ($1, $2, $3, $4, $10)', [1, null, "it's", true, 'x', 'x', 'x', 'x', 'x', 'ten'])).toBe("values ('1', NULL, 'it''s', 'true', 'ten')");
    // pg's escapeLiteral writes a string with backslashes as E'…' (with a space before it).
    expect(inlineParameters('x = $1', ['a\\b'])).toBe("x =  E'a\\\\b'");
  });
});
