/**
 * The acceptance test of `potok simulate`: each scenario's output must match its
 * expected file by the rules of README.md. It runs once the simulate command exists
 * (src/cli/commands/simulate.command.ts); before that it is skipped, and
 * test/process/franchise-dry-run.test.ts checks the same files against the pure engine.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { compareEvents, parseEventLines } from './compare-events.ts';

const dir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(dir, '../..');
const available = existsSync(path.join(root, 'src/cli/commands/simulate.command.ts'));
const names = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();

describe.skipIf(!available)('potok simulate on the franchise scenarios', () => {
  it.each(names)('given %s.json, when simulated, then it prints exactly the expected events and exits 0', (name) => {
    const run = spawnSync(process.execPath, [path.join(root, 'bin/potok.js'), 'simulate', path.join(dir, `${name}.json`)], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const expected = parseEventLines(readFileSync(path.join(dir, `${name}.expected.jsonl`), 'utf8'));
    const mismatch = compareEvents(expected, parseEventLines(run.stdout));
    expect(mismatch, run.stdout).toBeNull();
  }, 90_000);
});
