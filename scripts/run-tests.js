#!/usr/bin/env node
// Runs the whole test suite the way CI does: in a time zone other than Moscow, so that
// nothing relies on the machine's zone. Extra arguments go to vitest (e.g. a file filter).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TZ: process.env.POTOK_TEST_TZ ?? 'Asia/Vladivostok' },
});
process.exit(result.status ?? 1);
