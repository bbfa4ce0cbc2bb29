/**
 * Kysely's PostgreSQL driver, with fewer round trips inside transactions.
 *
 * A command's transaction is mostly writes whose results nobody reads (history rows,
 * element rows, the task row) between a few reads (the instance lock). Every statement
 * is a round trip to the server, and round trips, not the server's work, bound how many
 * commands PostgreSQL takes per second. So inside a transaction:
 * - `BEGIN` is not sent on its own: it goes with the transaction's first statement;
 * - a write marked deferrable (`deferredQuery`) is not sent at once: it waits and goes,
 *   as part of one multi-statement message, with the next statement that must be sent
 *   anyway (a read, a write whose result is used, or COMMIT).
 * A multi-statement message uses PostgreSQL's simple query protocol, which has no
 * parameters: the values are written into the SQL as quoted literals (pg's own
 * escapeLiteral; untyped literals take the column's type, like untyped parameters do).
 * Statements outside transactions, and any statement with nothing waiting, are sent
 * as usual, with parameters.
 *
 * An error of a deferred write surfaces at the statement it was sent with: the
 * transaction fails as a whole, as it would have at the write itself.
 */
import pg from 'pg';
import { CompiledQuery, PostgresDialect, type DatabaseConnection, type Driver, type QueryResult, type TransactionSettings } from 'kysely';

// pg's own: escapeLiteral quotes a string for SQL; prepareValue turns dates, arrays,
// buffers and objects into the text pg would send as a parameter.
const { escapeLiteral } = pg as unknown as { escapeLiteral(value: string): string };
const { prepareValue } = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;

const DEFERRED = new WeakSet<CompiledQuery>();

/** A write whose result the caller does not need: inside a transaction it may be sent later, with the next statement. */
export function deferredQuery(sql: string, parameters: readonly unknown[]): CompiledQuery {
  const query = CompiledQuery.raw(sql, parameters as unknown[]);
  DEFERRED.add(query);
  return query;
}

/** `$n` placeholders replaced by the values as literals. */
export function inlineParameters(sql: string, parameters: readonly unknown[]): string {
  if (parameters.length === 0) return sql;
  return sql.replace(/\$(\d+)/g, (_, n: string) => literal(parameters[Number(n) - 1]));
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const prepared = prepareValue(value);
  if (prepared === null || prepared === undefined) return 'NULL';
  return escapeLiteral(String(prepared));
}

class PipeliningConnection implements DatabaseConnection {
  readonly #client: pg.PoolClient;
  #pending: string[] = [];
  #inTransaction = false;
  discarded = false;

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  get client(): pg.PoolClient {
    return this.#client;
  }

  begin(sql: string): void {
    this.#inTransaction = true;
    this.#pending = [sql];
  }

  async finish(sql: 'commit' | 'rollback'): Promise<string | undefined> {
    const pending = this.#pending;
    this.#pending = [];
    this.#inTransaction = false;
    // Nothing was sent yet: the transaction never started on the server.
    if (pending.length > 0 && /^(begin|start transaction)/i.test(pending[0]!) && sql === 'rollback') return 'ROLLBACK';
    if (pending.length > 0 && /^(begin|start transaction)/i.test(pending[0]!) && pending.length === 1) return 'COMMIT';
    const results = await this.#send([...pending, sql]);
    return results.at(-1)?.command;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#inTransaction && DEFERRED.has(compiledQuery)) {
      this.#pending.push(inlineParameters(compiledQuery.sql, compiledQuery.parameters));
      return { rows: [] };
    }
    let result: pg.QueryResult;
    if (this.#pending.length === 0) {
      result = await this.#client.query(compiledQuery.sql, [...compiledQuery.parameters]);
    } else {
      const pending = this.#pending;
      this.#pending = [];
      const results = await this.#send([...pending, inlineParameters(compiledQuery.sql, compiledQuery.parameters)]);
      result = results.at(-1)!;
    }
    const { command, rowCount, rows } = result;
    return {
      numAffectedRows: command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE' ? BigInt(rowCount ?? 0) : undefined,
      rows: (rows ?? []) as R[],
    };
  }

  async #send(statements: readonly string[]): Promise<pg.QueryResult[]> {
    const out = (await this.#client.query(statements.join(';\n'))) as unknown as pg.QueryResult | pg.QueryResult[];
    return Array.isArray(out) ? out : [out];
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by this driver');
  }
}

class PipeliningPostgresDriver implements Driver {
  readonly #pool: pg.Pool;
  readonly #connections = new WeakMap<pg.PoolClient, PipeliningConnection>();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const client = await this.#pool.connect();
    let connection = this.#connections.get(client);
    if (!connection) {
      connection = new PipeliningConnection(client);
      this.#connections.set(client, connection);
    }
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let sql = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      sql = 'start transaction';
      if (settings.isolationLevel) sql += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) sql += ` ${settings.accessMode}`;
    }
    (connection as PipeliningConnection).begin(sql);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const command = await (connection as PipeliningConnection).finish('commit');
    // PostgreSQL answers COMMIT with ROLLBACK when an earlier error aborted the transaction.
    if (command === 'ROLLBACK') throw new Error('the transaction was rolled back by the database (an earlier statement failed)');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as PipeliningConnection;
    try {
      await c.finish('rollback');
    } catch (err) {
      c.discarded = true;
      throw err;
    }
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${name}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint ${name}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint ${name}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const c = connection as PipeliningConnection;
    c.client.release(c.discarded);
    if (c.discarded) this.#connections.delete(c.client);
  }

  async destroy(): Promise<void> {
    await this.#pool.end();
  }
}

export class PotokPostgresDialect extends PostgresDialect {
  readonly #pool: pg.Pool;
  constructor(pool: pg.Pool) {
    super({ pool });
    this.#pool = pool;
  }
  override createDriver(): Driver {
    return new PipeliningPostgresDriver(this.#pool);
  }
}

