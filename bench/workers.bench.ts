/**
 * `npm run bench -- workers [--quick] [--jobs N] [--processes 3] [--concurrency 8]`
 *
 * Three `potok worker` processes on one PostgreSQL claim N outbox jobs (20,000; --quick
 * 2,000) that become due at once; the handler does nothing but record its run. Measures
 * jobs per second from the moment the jobs are committed until the last one is
 * completed, and proves none ran twice (runs recorded vs distinct jobs). Prints one JSON
 * object on its last line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { freshPostgresUrl } from '../test/support/databases.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

function startWorker(url: string, runsFile: string, concurrency: number): { child: ChildProcess; started: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [path.join(root, 'bin/potok.js'), 'worker', '--handlers', path.join(here, 'workers-handlers.ts'), '--concurrency', String(concurrency), '--poll-ms', '200'],
    { cwd: root, env: { ...process.env, DATABASE_URL: url, BENCH_RUNS_FILE: runsFile, POTOK_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      if (out.length < 50_000) out += d;
      if (out.includes('potok worker started')) resolve();
    });
    void exited.then((code) => reject(new Error(`potok worker exited early (${code})`)));
  });
  return { child, started, exited };
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const quick = args.includes('--quick');
  const jobs = option(args, 'jobs', quick ? 2_000 : 20_000);
  const processes = option(args, 'processes', 3);
  const concurrency = option(args, 'concurrency', 8);
  const url = await freshPostgresUrl();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'potok-bench-workers-'));
  const runsFile = path.join(dir, 'runs.log');
  const database = openDatabase({ url });
  try {
    await migrateToLatest(database);
    const workers = Array.from({ length: processes }, () => startWorker(url, runsFile, concurrency));
    await Promise.all(workers.map((w) => w.started));
    const t0 = performance.now();
    await sql`insert into jobs (id, kind, type, headers, payload, retries, attempts, run_at, status, idempotency_key, created_at, updated_at)
      select 'job-' || g, 'outbox', 'bench.noop', '{}', '{}', 3, 0, 0, 'ready', 'job-' || g, 0, 0 from generate_series(1, ${jobs}) g`.execute(database.db);
    for (;;) {
      const left = await sql<{ n: number }>`select count(*) as n from jobs where status <> 'completed'`.execute(database.db);
      if (Number(left.rows[0]!.n) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - t0) / 1000;
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    const lines = existsSync(runsFile) ? readFileSync(runsFile, 'utf8').split('\n').filter(Boolean) : [];
    const keys = lines.map((l) => l.split(' ')[0]);
    const perProcess: Record<string, number> = {};
    for (const l of lines) {
      const pid = l.split(' ')[1]!;
      perProcess[pid] = (perProcess[pid] ?? 0) + 1;
    }
    const distinct = new Set(keys).size;
    const result = {
      benchmark: 'workers',
      quick,
      processes,
      concurrencyPerProcess: concurrency,
      jobs,
      seconds: Math.round(seconds * 10) / 10,
      jobsPerSecond: Math.round(jobs / seconds),
      runsRecorded: lines.length,
      distinctJobsRun: distinct,
      ranTwice: lines.length - distinct,
      runsPerProcess: Object.values(perProcess),
    };
    process.stderr.write(`${processes} workers: ${jobs} jobs in ${result.seconds} s (${result.jobsPerSecond}/s); ran twice: ${result.ranTwice}\n`);
    return result;
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
