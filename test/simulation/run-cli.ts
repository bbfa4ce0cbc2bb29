/**
 * Runs `potok simulate …` in this process (main() exactly as bin/potok.js calls it) and
 * captures what it prints, so the tests see the exit code, stdout and stderr a user sees
 * without paying for a child process each time. Also writes scenario files to a temp dir.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtures = path.join(root, 'test/simulation/fixtures');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON lines (only for the json format). */
  readonly events: Record<string, any>[];
}

export async function runCli(args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: any) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => ((stderr += String(chunk)), true));
  let code: number;
  try {
    code = await main([...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const events = args.includes('table') ? [] : stdout.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, any>);
  return { code, stdout, stderr, events };
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'potok-sim-'));
let n = 0;

/** Writes a scenario (an object, or raw text) to a temp file and returns its path. */
export function scenarioFile(content: unknown, dir = tmp): string {
  const file = path.join(dir, `scenario-${++n}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

/** The spec's sample scenario (test/scenarios/sample.json), to derive variants from. */
export function sampleScenario(): Record<string, any> {
  return JSON.parse(readFileSync(path.join(root, 'test/scenarios/sample.json'), 'utf8'));
}
