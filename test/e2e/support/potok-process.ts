/**
 * A real `potok serve` for the browser tests: a free port, a temporary data directory
 * (SQLite), the test clock on (POTOK_TEST_CLOCK=1), the web UI built beforehand.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');
export const PASSWORD = 'e2e-Passw0rd-2026';

/** Debian's chromium, never a download. Missing → the test fails and says how to install it. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Debian's chromium at ${CHROMIUM}. Install it with: sudo apt-get update && sudo apt-get install -y chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

export function buildWeb(): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-web-if-needed.js')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

/** A port nobody listens on (for a server started in a child process). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Session {
  cookie: string;
  csrf: string;
}

export class PotokProcess {
  private constructor(
    readonly base: string,
    private readonly child: ChildProcess,
    private readonly dataDir: string,
    readonly log: string[],
  ) {}

  static async start(): Promise<PotokProcess> {
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'potok-e2e-'));
    const log: string[] = [];
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/potok.js'), 'serve', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir], {
      cwd: ROOT,
      env: { ...process.env, POTOK_TEST_CLOCK: '1', POTOK_LOG_LEVEL: 'warn', POTOK_WEB_DIR: path.join(ROOT, 'web/dist'), NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (b) => log.push(String(b)));
    child.stderr!.on('data', (b) => log.push(String(b)));
    const p = new PotokProcess(`http://127.0.0.1:${port}`, child, dataDir, log);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`potok serve exited with ${child.exitCode}:\n${log.join('')}`);
      try {
        if ((await fetch(`${p.base}/health`)).ok) break;
      } catch { /* not listening yet */ }
      if (Date.now() > deadline) throw new Error(`potok serve did not start:\n${log.join('')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // A worker on the same database sends the process's e-mails (see mail-sink.handlers.ts).
    p.worker = spawn(process.execPath, [path.join(ROOT, 'bin/potok.js'), 'worker', '--data-dir', dataDir, '--handlers', path.join(ROOT, 'test/e2e/support/mail-sink.handlers.ts')], {
      cwd: ROOT,
      env: { ...process.env, POTOK_LOG_LEVEL: 'warn', NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    p.worker.stdout!.on('data', (b) => log.push(String(b)));
    p.worker.stderr!.on('data', (b) => log.push(String(b)));
    return p;
  }

  private worker: ChildProcess | null = null;

  /** The one-time setup token the server printed (first start, no users). */
  setupToken(): string | null {
    const m = /setup token: ([^\s"\\]+)/.exec(this.log.join(''));
    return m ? m[1] : null;
  }

  async call(method: string, url: string, session: Session | null, body?: unknown): Promise<any> {
    const res = await fetch(this.base + url, {
      method,
      headers: { 'content-type': 'application/json', 'x-potok-csrf': session?.csrf ?? '1', ...(session ? { cookie: session.cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${JSON.stringify(data)}`);
    return data;
  }

  async login(login: string, password = PASSWORD): Promise<Session> {
    const res = await fetch(`${this.base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-potok-csrf': '1' }, body: JSON.stringify({ login, password }) });
    const body = await res.json();
    if (!res.ok) throw new Error(`login ${login}: ${res.status} ${JSON.stringify(body)}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    return { cookie, csrf: body.csrfToken };
  }

  /** Moves the server's clock forward (the test clock; admin only). */
  async advance(admin: Session, ms: number): Promise<string> {
    return (await this.call('POST', '/api/test/clock', admin, { advanceMs: ms })).now;
  }

  async stop(): Promise<void> {
    for (const child of [this.worker, this.child]) {
      if (!child || child.exitCode !== null) continue;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
