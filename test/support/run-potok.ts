/**
 * Runs `potok ARGS` in this process (main() exactly as bin/potok.js calls it) and captures
 * what it prints: the exit code, stdout and stderr a user sees, without a child process.
 */
import { vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

export interface PotokRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function potok(...args: string[]): Promise<PotokRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
