/** The job handler of `npm run bench -- workers`: does nothing but record `key pid` (to prove no job ran twice). */
import { appendFileSync } from 'node:fs';
import type { JobHandlerRegistry } from '../src/runtime/jobs/job-handler.ts';

export function register(registry: JobHandlerRegistry): void {
  const file = process.env.BENCH_RUNS_FILE!;
  registry.register('bench.noop', async (ctx) => {
    appendFileSync(file, `${ctx.idempotencyKey} ${process.pid}\n`);
    return { kind: 'complete' };
  });
}
