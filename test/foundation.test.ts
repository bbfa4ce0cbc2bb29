import { describe, it, expect } from 'vitest';
import { main } from '../src/cli/main.ts';

describe('the potok command', () => {
  it('given an unknown command, when run, then it exits with code 2 (bad input)', async () => {
    const code = await main(['no-such-command']);
    expect(code).toBe(2);
  });
});
