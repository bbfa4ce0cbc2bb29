#!/usr/bin/env node
// `npm start` runs this first: builds the web UI (vite build → web/dist) when web/dist is
// missing or older than any file of web/src, web/index.html or web/vite.config.ts.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const web = path.join(root, 'web');
const built = path.join(web, 'dist', 'index.html');

function newest(p) {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of readdirSync(p)) max = Math.max(max, newest(path.join(p, e)));
  return max;
}

const sources = [path.join(web, 'src'), path.join(web, 'index.html'), path.join(web, 'vite.config.ts')].filter(existsSync);
const fresh = () => existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest)) && process.env.POTOK_FORCE_WEB_BUILD !== '1';
if (fresh()) process.exit(0);

// Two builds at once (parallel test files, two starts) would empty each other's output: one at a time.
const lock = path.join(web, '.build-lock');
const deadline = Date.now() + 300_000;
for (;;) {
  try {
    mkdirSync(lock);
    break;
  } catch {
    // A lock older than 5 minutes was left by a build that died.
    if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`another web build holds ${lock}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
}
let status = 0;
try {
  if (!fresh()) {
    process.stdout.write('potok: building the web UI (vite build)…\n');
    const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    // Always a production build: run from a test runner, NODE_ENV=test would give React's
    // development build (larger and slower) to every later `npm start`.
    const env = { ...process.env, NODE_ENV: 'production' };
    const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(web, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env });
    status = r.status ?? 1;
  }
} finally {
  rmSync(lock, { recursive: true, force: true });
}
process.exit(status);
