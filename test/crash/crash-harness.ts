/**
 * The crash test, shared by the suite (short) and scripts/crash-test.ts (long): start
 * many instances of a process with jobs and a timer, run `potok worker` in a child
 * process, SIGKILL it at random moments, restart it, repeat; then let a last worker
 * finish and check that nothing was lost:
 *   - every instance reached its end event;
 *   - every timer fired exactly once (one `timer.fired` per instance), none is left;
 *   - every job ran to completion (each ran at least once; extra runs are counted:
 *     a kill between a handler's run and its report makes it run again, which is why
 *     handlers get an idempotency key; a kill mid-job also uses one of that job's
 *     attempts — the lease and a backoff pass before it runs again —, so only a job
 *     killed on every attempt would end in an incident instead);
 *   - the history of every instance is numbered 1..n without gaps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type PotokDatabase } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRuntime } from '../../src/runtime/index.ts';
import { jobsAndTimerModel } from '../runtime/r2-models.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CrashOptions {
  readonly instances: number;
  readonly kills: number;
  /** A kill lands between these many ms after the worker said it started. */
  readonly minKillMs: number;
  readonly maxKillMs: number;
  readonly timerSeconds: number;
  /** postgres://… or absent for SQLite in a temporary directory. */
  readonly databaseUrl?: string;
  readonly seed?: number;
  readonly finishTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface CrashReport {
  readonly seed: number;
  readonly instances: number;
  readonly kills: number;
  readonly killedWhileBusy: number;
  readonly completed: number;
  readonly timersFired: number;
  readonly timersFiredTwice: number;
  readonly timersLeft: number;
  readonly jobs: number;
  readonly jobsCompleted: number;
  readonly jobsNeverRun: number;
  readonly extraRuns: number;
  readonly historyGaps: number;
  readonly finalExitCode: number | null;
  readonly ok: boolean;
}

/** A small seeded generator (mulberry32) so that a failing run can be repeated. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runCrashTest(options: CrashOptions): Promise<CrashReport> {
  const log = options.log ?? (() => {});
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const rnd = random(seed);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'potok-crash-'));
  const runsFile = path.join(dir, 'runs.log');
  const database = openDatabase(options.databaseUrl ? { url: options.databaseUrl } : { dataDir: dir });
  log(`crash test: seed ${seed}, ${options.instances} instances, ${options.kills} kills, ${database.description}`);
  try {
    await migrateToLatest(database);
    const rt = createRuntime({ database });
    const processId = `crash${seed}`;
    await rt.deployments.deployModel(jobsAndTimerModel({ waitSeconds: options.timerSeconds, processId }), { source: 'admin', actor: 'crash-test' });
    const ids: string[] = [];
    for (let i = 0; i < options.instances; i++) ids.push((await rt.executor.start({ processId, businessKey: `crash-${i}` })).instanceId);

    let killedWhileBusy = 0;
    for (let k = 0; k < options.kills; k++) {
      const child = startWorker(dir, runsFile, options.databaseUrl);
      await child.started;
      const wait = options.minKillMs + rnd() * (options.maxKillMs - options.minKillMs);
      await sleep(wait);
      const before = await progress(database, ids);
      child.process.kill('SIGKILL');
      await child.exited;
      if (before.completed < ids.length) killedWhileBusy++;
      log(`kill ${k + 1}: after ${Math.round(wait)} ms, ${before.completed}/${ids.length} instances done`);
    }

    const last = startWorker(dir, runsFile, options.databaseUrl);
    await last.started;
    const deadline = Date.now() + (options.finishTimeoutMs ?? 120_000);
    while ((await progress(database, ids)).completed < ids.length && Date.now() < deadline) await sleep(200);
    last.process.kill('SIGTERM');
    const finalExitCode = await last.exited;
    const checked = await verify(database, ids, runsFile);
    return { ...checked, seed, kills: options.kills, killedWhileBusy, finalExitCode, ok: checked.ok && finalExitCode === 0 };
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function startWorker(dir: string, runsFile: string, databaseUrl: string | undefined, extraArgs: readonly string[] = []) {
  const args = [
    path.join(root, 'bin/potok.js'), 'worker', '--data-dir', dir, '--handlers', path.join(root, 'test/crash/crash-handlers.ts'),
    '--poll-ms', '100', '--lease-ms', '1500', '--concurrency', '4', '--grace-ms', '2000', ...extraArgs,
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, CRASH_RUNS_FILE: runsFile, POTOK_LOG_LEVEL: 'info' };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Kills are timed from the worker's "started" log line (its imports take seconds).
  const started = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      if (stdout.length < 100_000) stdout += d;
      if (stdout.includes('potok worker started')) resolve();
    });
    void exited.then((code) => reject(new Error(`potok worker exited early (${code}): ${stderr}`)));
  });
  started.catch(() => {});
  return { process: child, started, exited };
}

async function progress(database: PotokDatabase, ids: readonly string[]): Promise<{ completed: number }> {
  const rows = await database.db.selectFrom('instances').select(['id', 'status']).where('id', 'in', ids as string[]).execute();
  return { completed: rows.filter((r: any) => r.status === 'completed').length };
}

async function verify(database: PotokDatabase, ids: readonly string[], runsFile: string) {
  const db = database.db;
  const instances = await db.selectFrom('instances').select(['id', 'status', 'history_seq']).where('id', 'in', ids as string[]).execute();
  const completed = instances.filter((r: any) => r.status === 'completed').length;
  const fired = await db.selectFrom('history').select('instance_id').where('kind', '=', 'timer.fired').where('instance_id', 'in', ids as string[]).execute();
  const firedPer = new Map<string, number>();
  for (const r of fired as any[]) firedPer.set(r.instance_id, (firedPer.get(r.instance_id) ?? 0) + 1);
  const timersFiredTwice = [...firedPer.values()].filter((n) => n > 1).length;
  const timersLeft = (await db.selectFrom('timers').select('id').where('instance_id', 'in', ids as string[]).execute()).length;
  const jobs = await db.selectFrom('jobs').select(['idempotency_key', 'status']).where('instance_id', 'in', ids as string[]).execute();
  const runs = existsSync(runsFile) ? readFileSync(runsFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ')[0]!) : [];
  const runCount = new Map<string, number>();
  for (const key of runs) runCount.set(key, (runCount.get(key) ?? 0) + 1);
  const jobsNeverRun = jobs.filter((j: any) => !runCount.has(j.idempotency_key)).length;
  const extraRuns = [...runCount.values()].reduce((sum, n) => sum + (n - 1), 0);
  let historyGaps = 0;
  const history = await db.selectFrom('history').select(['instance_id', 'seq']).where('instance_id', 'in', ids as string[]).orderBy('instance_id').orderBy('seq').execute();
  const seqs = new Map<string, number[]>();
  for (const h of history as any[]) (seqs.get(h.instance_id) ?? seqs.set(h.instance_id, []).get(h.instance_id)!).push(Number(h.seq));
  for (const inst of instances as any[]) {
    const s = seqs.get(inst.id) ?? [];
    const contiguous = s.length === Number(inst.history_seq) && s.every((v, i) => v === i + 1);
    if (!contiguous) historyGaps++;
  }
  const jobsCompleted = jobs.filter((j: any) => j.status === 'completed').length;
  const ok =
    completed === ids.length &&
    firedPer.size === ids.length &&
    timersFiredTwice === 0 &&
    timersLeft === 0 &&
    jobs.length === ids.length * 2 &&
    jobsCompleted === jobs.length &&
    jobsNeverRun === 0 &&
    historyGaps === 0;
  return {
    instances: ids.length,
    completed,
    timersFired: fired.length,
    timersFiredTwice,
    timersLeft,
    jobs: jobs.length,
    jobsCompleted,
    jobsNeverRun,
    extraRuns,
    historyGaps,
    ok,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
