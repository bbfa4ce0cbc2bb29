import { describe, it, expect, afterEach } from 'vitest';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { checkConnection, DatabaseUnavailableError, openDatabase, type PotokDatabase } from '../../src/store/database.ts';
import { listUserTasks } from '../../src/store/user-task.repository.ts';
import { listHistory } from '../../src/store/history.repository.ts';
import { listInstances } from '../../src/store/instance.repository.ts';
import { createRuntime } from '../../src/runtime/index.ts';
import { ManualClock } from '../../src/runtime/clock.ts';
import { RuntimeError } from '../../src/runtime/errors.ts';
import { freshPostgresUrl, TEST_PG_URL } from '../support/databases.ts';
import { T0, dealModel, runtimeOn } from './r1-support.ts';

/** A TCP proxy in front of PostgreSQL that can be "unplugged" (the database goes away) and plugged back. */
class UnpluggableProxy {
  #server: net.Server | undefined;
  readonly #sockets = new Set<net.Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async plug(): Promise<void> {
    this.#server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.#server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.#server.address() as net.AddressInfo).port;
  }

  async unplug(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }
}

describe('database outages', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('given a PostgreSQL URL nobody answers on, when checked and when a command runs, then both fail clearly without the password', async () => {
    const database = openDatabase({ url: 'postgres://potok:secret@127.0.0.1:1/potok' });
    cleanups.push(() => database.close());
    const err = await checkConnection(database).catch((e) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect(err.message).toMatch(/cannot reach the database postgres:\/\/potok:\*\*\*@127\.0\.0\.1:1\/potok: ECONNREFUSED/);
    expect(err.message).not.toContain('secret');
    const rt = createRuntime({ database, clock: new ManualClock(T0) });
    await expect(rt.executor.start({ definitionKey: 'deal:1' })).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE', retryable: true });
  });

  it('given PostgreSQL that goes away and comes back, when commands run meanwhile, then they fail with DATABASE_UNAVAILABLE and work again afterwards without a restart', async () => {
    const url = new URL(await freshPostgresUrl());
    const proxy = new UnpluggableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.plug();
    cleanups.push(() => proxy.unplug());
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const database = openDatabase({ url: url.toString() });
    cleanups.push(() => database.close());
    const rt = await runtimeOn(database);
    await rt.deployments.deployModel(dealModel(), { source: 'admin' });
    await rt.executor.start({ processId: 'deal', variables: { owner: 'ivanov', dealId: 'D-1' } });

    await proxy.unplug();
    for (let i = 0; i < 3; i++) {
      const err = await rt.executor.start({ processId: 'deal', variables: { owner: 'ivanov', dealId: 'D-2' } }).catch((e) => e);
      expect(err).toBeInstanceOf(RuntimeError);
      expect(err).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retryable: true });
    }

    await proxy.plug();
    await rt.executor.start({ processId: 'deal', variables: { owner: 'ivanov', dealId: 'D-3' } });
    expect((await listInstances(database.db)).map((i) => i.businessKey ?? i.id)).toHaveLength(2);
  });

  it('given PostgreSQL backends terminated by an administrator, when the next commands run, then at most a retryable DATABASE_UNAVAILABLE is seen and they work again', async () => {
    const app = `r1-${randomUUID().slice(0, 8)}`;
    const url = new URL(await freshPostgresUrl());
    url.searchParams.set('application_name', app);
    const database = openDatabase({ url: url.toString(), poolSize: 4 });
    cleanups.push(() => database.close());
    const rt = await runtimeOn(database);
    await rt.deployments.deployModel(dealModel(), { source: 'admin' });
    await Promise.all([1, 2, 3].map((n) => rt.executor.start({ processId: 'deal', variables: { owner: 'ivanov', dealId: `D-${n}` } })));

    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    cleanups.push(() => admin.end());
    const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [app]);
    expect(killed.rowCount).toBeGreaterThan(0);

    let started = 0;
    for (let attempt = 0; attempt < 10 && started < 3; attempt++) {
      try {
        await rt.executor.start({ processId: 'deal', variables: { owner: 'ivanov', dealId: `E-${attempt}` } });
        started++;
      } catch (err) {
        expect(err).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retryable: true });
      }
    }
    expect(started).toBe(3);
  });

  it('given a SQLite database that cannot grow (disk full), when a command needs space, then it fails with a clear error, no half step remains, and it works once there is room', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'potok-r1-full-'));
    const database: PotokDatabase = openDatabase({ dataDir: dir });
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    cleanups.push(() => database.close());
    const rt = await runtimeOn(database);
    await rt.deployments.deployModel(dealModel(), { source: 'admin' });
    const pages = await sql<{ page_count: number }>`pragma page_count`.execute(database.db);
    await sql.raw(`pragma max_page_count = ${Number(pages.rows[0]!.page_count) + 40}`).execute(database.db);

    const big = 'ж'.repeat(20_000);
    let failure: unknown;
    for (let i = 0; i < 200 && !failure; i++) {
      await rt.executor.start({ processId: 'deal', variables: { owner: 'ivanov', dealId: `D-${i}`, note: big } }).catch((e) => (failure = e));
    }
    expect(failure).toBeInstanceOf(RuntimeError);
    expect(failure).toMatchObject({ code: 'DATABASE_UNAVAILABLE', message: expect.stringMatching(/disk .* full/) });

    // Every stored instance is whole: its task and its history are there.
    const instances = await listInstances(database.db);
    expect(instances.length).toBeGreaterThan(0);
    for (const instance of instances) {
      expect(await listUserTasks(database.db, { instanceId: instance.id })).toHaveLength(1);
      expect((await listHistory(database.db, instance.id)).length).toBe(instance.historySeq);
    }
    const orphans = await sql<{ n: number }>`select count(*) as n from user_tasks where instance_id not in (select id from instances)`.execute(database.db);
    expect(Number(orphans.rows[0]!.n)).toBe(0);

    await sql.raw('pragma max_page_count = 1073741823').execute(database.db);
    await rt.executor.start({ processId: 'deal', variables: { owner: 'ivanov', dealId: 'after' } });
  });
});
