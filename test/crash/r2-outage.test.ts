import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { enqueueOutbox } from '../../src/store/job.repository.ts';
import { freshPostgresUrl, TEST_PG_URL } from '../support/databases.ts';
import { startWorker } from './crash-harness.ts';

/** A TCP proxy to PostgreSQL that can be cut (every connection dropped, new ones refused) and restored. */
class CuttableProxy {
  #server: net.Server | undefined;
  readonly #sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}
  async open(): Promise<void> {
    this.#server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.#server!.listen(this.port, '127.0.0.1', resolve));
  }
  async cut(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    this.#server = undefined;
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function until(condition: () => boolean | Promise<boolean>, limitMs: number): Promise<boolean> {
  const t = Date.now();
  while (Date.now() - t < limitMs) {
    if (await condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('potok worker when PostgreSQL goes away', () => {
  it('given a running worker, when the database is cut for a moment, then it reconnects without a restart; when it stays away past the limit, the worker exits 1 with the reason', async () => {
    const direct = await freshPostgresUrl();
    const target = new URL(TEST_PG_URL);
    const proxy = new CuttableProxy(await freePort(), { host: target.hostname, port: Number(target.port || 5432) });
    await proxy.open();
    const viaProxy = new URL(direct);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const dir = mkdtempSync(path.join(os.tmpdir(), 'potok-outage-'));
    const runsFile = path.join(dir, 'runs.log');
    const database = openDatabase({ url: direct });
    const ran = () => (existsSync(runsFile) ? readFileSync(runsFile, 'utf8').split('\n').filter(Boolean).length : 0);
    try {
      await migrateToLatest(database);
      await enqueueOutbox(database.db, { type: 'r2.outbox', payload: {}, idempotencyKey: 'before', now: 0 });
      const worker = startWorker(dir, runsFile, viaProxy.toString(), ['--outage-limit-ms', '6000']);
      let stderr = '';
      worker.process.stderr!.on('data', (d) => (stderr += d));
      await worker.started;
      expect(await until(() => ran() === 1, 30_000)).toBe(true);

      // A short outage: the job enqueued meanwhile still runs, by the same process.
      await proxy.cut();
      await enqueueOutbox(database.db, { type: 'r2.outbox', payload: {}, idempotencyKey: 'during', now: 0 });
      await new Promise((r) => setTimeout(r, 1_500));
      await proxy.open();
      expect(await until(() => ran() === 2, 30_000)).toBe(true);
      expect(worker.process.exitCode).toBeNull();

      // A long outage: the worker gives up and says why.
      await proxy.cut();
      const code = await worker.exited;
      expect(code).toBe(1);
      expect(stderr).toMatch(/worker stopped: .*the database failed for \d+ s/);
    } finally {
      await proxy.cut();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
