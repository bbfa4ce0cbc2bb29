/**
 * `potok serve --processes 2`: the preparing process migrates, deploys and prints one
 * setup token; two serving processes share the port and both answer; work done through
 * one is seen through the other; a signal stops all (exit 0); one killed stops all (exit 1).
 * On SQLite (a file) and PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPostgresUrl } from '../support/databases.ts';
import { freePort } from '../e2e/support/potok-process.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Started {
  readonly child: ChildProcess;
  readonly base: string;
  readonly log: () => string;
  readonly exited: Promise<number | null>;
  /** pid of each "potok is serving" line. */
  readonly servingPids: () => number[];
}

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(database: 'sqlite' | 'postgres'): Promise<Started> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'potok-procs-'));
  dirs.push(dataDir);
  const dbArgs = database === 'postgres' ? ['--database-url', await freshPostgresUrl()] : [];
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/potok.js'), 'serve', '--processes', '2', '--port', String(port), '--data-dir', dataDir, ...dbArgs], {
    cwd: ROOT,
    env: { ...process.env, POTOK_LOG_LEVEL: 'info', POTOK_TEST_CLOCK: '', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  child.stdout!.on('data', (b) => (text += String(b)));
  child.stderr!.on('data', (b) => (text += String(b)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const servingPids = () =>
    text.split('\n').filter((l) => l.includes('"potok is serving"')).map((l) => Number((JSON.parse(l) as { pid: number }).pid));
  const deadline = Date.now() + 60_000;
  while (servingPids().length < 2) {
    if (child.exitCode !== null) throw new Error(`potok serve exited with ${child.exitCode}:\n${text}`);
    if (Date.now() > deadline) throw new Error(`two serving processes did not start:\n${text}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, base: `http://127.0.0.1:${port}`, log: () => text, exited, servingPids };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.each(['sqlite', 'postgres'] as const)('potok serve --processes 2 (%s)', { timeout: 120_000 }, (database) => {
  it('given a fresh install, then one setup token is printed, both processes serve, a user added through one is listed through both, and SIGTERM stops all with 0', async () => {
    const s = await start(database);
    const pids = s.servingPids();
    expect(new Set(pids).size).toBe(2);
    expect(pids).not.toContain(s.child.pid);
    const tokens = [...s.log().matchAll(/setup token: ([A-Za-z0-9_-]+)/g)].map((m) => m[1]);
    expect(new Set(tokens).size).toBe(1);

    const setup = await fetch(`${s.base}/api/setup`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-potok-csrf': '1' },
      body: JSON.stringify({ token: tokens[0], login: 'admin', name: 'Админ Админов', password: 'long-password-1' }),
    });
    expect(setup.status).toBe(201);
    const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = ((await setup.json()) as { csrfToken: string }).csrfToken;
    const call = (method: string, url: string, body?: unknown) =>
      fetch(s.base + url, { method, headers: { cookie, 'x-potok-csrf': csrf, 'content-type': 'application/json', connection: 'close' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    expect((await call('POST', '/api/users', { login: 'maria', name: 'Мария', role: 'manager', password: 'long-password-2' })).status).toBe(201);

    // New connections go round-robin: over twenty requests both processes answer.
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const res = await call('GET', '/api/users');
      expect(res.status).toBe(200);
      expect(((await res.json()) as { items: { login: string }[] }).items.map((u) => u.login)).toContain('maria');
    }
    for (const line of s.log().split('\n')) {
      if (line.includes('"url":"/api/users"')) seen.add(Number((JSON.parse(line) as { pid: number }).pid));
    }
    expect(seen).toEqual(new Set(pids));

    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  });

  it('given one serving process killed, then the other is stopped too and the command exits non-zero naming it', async () => {
    const s = await start(database);
    const [victim, other] = s.servingPids() as [number, number];
    process.kill(victim, 'SIGKILL');
    expect(await s.exited).toBe(1);
    expect(s.log()).toMatch(/serving process \d+ \(pid \d+\) was killed \(SIGKILL\); all are stopped/);
    await expect.poll(() => alive(other)).toBe(false);
  });
});
