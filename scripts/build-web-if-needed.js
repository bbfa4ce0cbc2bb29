#!/usr/bin/env node
// `npm start` runs this first: builds the web UI (vite build → web/dist) when web/dist is
// missing or older than any file of web/src, web/index.html or web/vite.config.ts.
import { existsSync, readdirSync, statSync } from 'node:fs';
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
const sourceTime = Math.max(...sources.map(newest));
if (existsSync(built) && statSync(built).mtimeMs >= sourceTime && process.env.POTOK_FORCE_WEB_BUILD !== '1') process.exit(0);

process.stdout.write('potok: building the web UI (vite build)…\n');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const r = spawnSync(process.execPath, [vite, 'build', '--config', path.join(web, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
