#!/usr/bin/env node
// Measures the built web UI (web/dist, from `vite build` with its manifest): the gzipped
// JavaScript a person downloads to open the task inbox and a task's form, and the
// diagram/modeler/funnel chunks that load only on their pages. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'web', 'dist');
const manifest = JSON.parse(readFileSync(path.join(dist, '.vite', 'manifest.json'), 'utf8'));
const gz = (file) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;

/** A chunk and everything it imports statically (what the browser must fetch to run it). */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const i of manifest[key]?.imports ?? []) closure(i, seen);
  return seen;
}
const js = (keys) => [...keys].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
const kb = (bytes) => Math.round(bytes / 102.4) / 10;
const sum = (files) => files.reduce((n, f) => n + gz(f), 0);

const entry = closure('index.html');
const task = closure('src/pages/task.tsx', new Set(entry));
const inbox = js(entry);
const inboxWithForm = js(task);
const lazyOnly = (key) => js(closure(key)).filter((f) => !inboxWithForm.includes(f));
const result = {
  inboxKbGzip: kb(sum(inbox)),
  inboxWithTaskFormKbGzip: kb(sum(inboxWithForm)),
  dealDiagramKbGzip: kb(sum(lazyOnly('src/diagram/deal-diagram.tsx'))),
  modelerKbGzip: kb(sum(lazyOnly('src/pages/modeler.tsx'))),
  funnelKbGzip: kb(sum(lazyOnly('src/pages/funnel.tsx'))),
  limitKbGzip: 300,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
if (result.inboxWithTaskFormKbGzip > result.limitKbGzip) process.exitCode = 1;
