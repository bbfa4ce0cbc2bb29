/**
 * The long crash test: many instances, many random SIGKILLs of `potok worker`.
 *
 *   node --import tsx scripts/crash-test.ts [--instances 200] [--kills 20] [--timer-seconds 3]
 *        [--min-kill-ms 200] [--max-kill-ms 4000] [--seed N] [--database-url postgres://…]
 *
 * Prints progress, then one JSON report on the last line; exits 0 when nothing was lost.
 * The short version runs in the suite (test/crash/r2-crash.test.ts).
 */
import { runCrashTest } from '../test/crash/crash-harness.ts';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const report = await runCrashTest({
  instances: Number(arg('instances', '200')),
  kills: Number(arg('kills', '20')),
  timerSeconds: Number(arg('timer-seconds', '3')),
  minKillMs: Number(arg('min-kill-ms', '200')),
  maxKillMs: Number(arg('max-kill-ms', '4000')),
  seed: arg('seed') === undefined ? undefined : Number(arg('seed')),
  databaseUrl: arg('database-url', process.env.DATABASE_URL),
  finishTimeoutMs: 600_000,
  log: (line) => process.stderr.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(report.ok ? 0 : 1);
