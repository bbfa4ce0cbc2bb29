import { describe, expect, it } from 'vitest';
import { runCrashTest } from './crash-harness.ts';

describe('crash test (short; the long one is scripts/crash-test.ts)', () => {
  it('given instances with jobs and a timer, when potok worker is SIGKILLed at random moments and restarted, then every instance ends, every timer fired once, every job completed and no history has gaps', async () => {
    // The timers come due 6 s after the instances start, so the first kill (at most ~2 s after
    // its worker started) always lands while work is left; later kills may land during the firing.
    const report = await runCrashTest({ instances: 20, kills: 3, minKillMs: 200, maxKillMs: 2_000, timerSeconds: 6 });
    expect(report).toMatchObject({
      completed: 20,
      timersFired: 20,
      timersFiredTwice: 0,
      timersLeft: 0,
      jobs: 40,
      jobsCompleted: 40,
      jobsNeverRun: 0,
      historyGaps: 0,
      finalExitCode: 0,
    });
    expect(report.killedWhileBusy).toBeGreaterThan(0);
  }, 240_000);
});
