import { describe, expect, it } from 'vitest';
import { PollLoop } from '../../src/runtime/jobs/poll-loop.ts';
import type { RuntimeLogger } from '../../src/runtime/jobs/job-handler.ts';

function recordingLogger() {
  const lines: string[] = [];
  const logger: RuntimeLogger = {
    debug: () => {},
    info: (_o, m) => lines.push(`info ${m}`),
    warn: (_o, m) => lines.push(`warn ${m}`),
    error: (_o, m) => lines.push(`error ${m}`),
  };
  return { lines, logger };
}

describe('background loops when the database goes away', () => {
  it('given a database that fails three times and comes back, when the loop runs, then it logs, retries and carries on without a restart', async () => {
    const { lines, logger } = recordingLogger();
    let calls = 0;
    let fatal: Error | undefined;
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const loop = new PollLoop({
      name: 'test loop',
      pollMs: 10,
      outageLimitMs: 60_000,
      logger,
      onFatal: (e) => (fatal = e),
      step: async () => {
        calls++;
        if (calls <= 3) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        if (calls === 6) resolveDone();
        return null;
      },
    });
    loop.start();
    await done;
    await loop.stop();
    expect(fatal).toBeUndefined();
    expect(lines.filter((l) => l === 'warn step failed; retrying')).toHaveLength(3);
    expect(lines).toContain('info database reachable again; resuming');
  });

  it('given a database that stays away longer than the limit, when the loop runs, then it gives up with the reason', async () => {
    const { logger } = recordingLogger();
    const fatal = await new Promise<Error>((resolve) => {
      const loop = new PollLoop({
        name: 'job workers',
        pollMs: 10,
        outageLimitMs: 300,
        logger,
        onFatal: resolve,
        step: async () => {
          throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        },
      });
      loop.start();
    });
    expect(fatal.message).toMatch(/job workers: the database failed for \d+ s: connect ECONNREFUSED/);
  });
});
