/**
 * Job handlers loaded into the `potok worker` processes of the crash test
 * (`--handlers test/crash/crash-handlers.ts`). Every run appends its idempotency key to
 * CRASH_RUNS_FILE (one line `key pid`, written before the outcome is reported), and takes a few
 * milliseconds so that kills land in the middle of jobs too. `r2.crash` takes its own
 * process down (SIGKILL, as a native crash or the OOM killer would) after noting its run.
 */
import { appendFileSync } from 'node:fs';
import type { JobHandlerRegistry } from '../../src/runtime/jobs/job-handler.ts';

export function register(registry: JobHandlerRegistry): void {
  const file = process.env.CRASH_RUNS_FILE;
  if (!file) throw new Error('CRASH_RUNS_FILE is not set');
  for (const type of ['r2.step', 'r2.onec', 'r2.outbox']) {
    registry.register(type, async (ctx) => {
      appendFileSync(file, `${ctx.idempotencyKey} ${process.pid}\n`);
      await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 30)));
      return { kind: 'complete', variables: { [`${ctx.job.elementId}Done`]: true } };
    });
  }
  registry.register('r2.crash', async (ctx) => {
    appendFileSync(file, `${ctx.idempotencyKey} ${process.pid}\n`);
    process.kill(process.pid, 'SIGKILL');
    return new Promise(() => {});
  });
}
