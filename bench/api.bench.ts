/**
 * `npm run bench -- api [--quick] [--no-pg] [--processes N]`: the HTTP API under load
 * (`--processes N`: `potok serve --processes N`, N serving processes sharing the port).
 *
 * Seeds 100,000 deals with their history (stage rows, timeline entries, tasks; 10,000
 * with --quick) straight into the tables, plus a few hundred real deals started through
 * the CRM (each waiting at `assign_rep`, so completing it is a real process command).
 * Then `potok serve` runs in a child process on loopback and 50 concurrent clients
 * (autocannon connections, keep-alive, one request in flight each) first read for a fixed
 * time — half "my tasks" (a rep with a full 50-task page of open tasks among 200,000),
 * half a random deal card — then complete a manager's `assign_rep` tasks, each once (a
 * real process command each), until they run out. Latencies are autocannon's per
 * response: p50/p95/p99 per kind. Runs on SQLite (a file) and, unless --no-pg, on
 * PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { openDatabase, type PotokDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { assemble, deployShippedModels } from '../src/http/potok-server.ts';
import { freshPostgresUrl } from '../test/support/databases.ts';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const CLIENTS = 50;

interface Seeded {
  readonly repCookie: string;
  readonly managerCookie: string;
  readonly managerCsrf: string;
  readonly dealIds: string[];
  readonly completable: string[];
}

async function insertBatched(db: PotokDatabase['db'], table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) await db.insertInto(table).values(rows.slice(i, i + 400)).execute();
}

async function seed(database: PotokDatabase, dataDir: string, deals: number, real: number, log: (s: string) => void): Promise<Seeded> {
  const potok = await assemble({ database, dataDir, zone: 'Europe/Moscow' });
  await deployShippedModels(potok.runtime);
  const crm = potok.crm;
  await crm.users.createTrusted({ login: 'bench.manager', name: 'Bench Manager', role: 'manager' });
  await crm.users.createTrusted({ login: 'bench.rep', name: 'Bench Rep', role: 'sales_rep' });
  const manager = { login: 'bench.manager', name: 'Bench Manager', role: 'manager' as const };
  const t0 = performance.now();
  for (let i = 0; i < real; i++) await crm.deals.create(manager, { title: `Реальная ${i}`, contactName: 'Контакт', phone: '+7 900 000-00-00', email: `real${i}@example.test` });
  log(`real deals: ${real} in ${Math.round(performance.now() - t0)} ms`);
  const completable = (await crm.database.db.selectFrom('user_tasks').select('id').where('assignee', '=', 'bench.manager').where('element_id', '=', 'assign_rep').where('status', '=', 'open').execute()).map((r) => r.id as string);

  // Synthetic history: deals spread over stages and 200 reps, each with stage rows, timeline and tasks.
  const t1 = performance.now();
  const stages = ['new', 'first_call', 'meeting', 'premises', 'documents', 'legal_review', 'onboarding', 'won', 'lost'];
  const base = Date.parse('2026-01-12T07:00:00Z');
  const dealIds: string[] = [];
  const db = database.db;
  const CHUNK = 2000;
  for (let start = 0; start < deals; start += CHUNK) {
    const d: Record<string, unknown>[] = [];
    const st: Record<string, unknown>[] = [];
    const tl: Record<string, unknown>[] = [];
    const tk: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(deals, start + CHUNK); i++) {
      const id = randomUUID();
      dealIds.push(id);
      const stageIdx = i % stages.length;
      const rep = i % 3000 < 30 ? 'bench.rep' : `rep${i % 200}`;
      const created = base + i * 60_000;
      d.push({
        id, number: real + i + 1, title: `Клиент ${i}`, contact_name: `Контакт ${i}`, phone: `+7 900 ${String(i).padStart(7, '0')}`, email: `c${i}@example.test`, city: 'Москва', source: 'сайт', comment: null,
        owner: 'bench.manager', sales_rep: rep, stage: stages[stageIdx], lost_reason: stageIdx === 8 ? 'declined' : null, lost_comment: null, instance_id: null,
        client_type: null, premises_address: null, requisites: null, documents: null, onec_ref: null, search_text: `${real + i + 1} клиент ${i} контакт ${i}`,
        created_at: created, updated_at: created + 3_600_000, stage_changed_at: created + 3_600_000, closed_at: stageIdx >= 7 ? created + 7_200_000 : null,
      });
      for (let s = 0; s <= Math.min(stageIdx, 2); s++) st.push({ id: randomUUID(), deal_id: id, stage: stages[s], entered_at: created + s * 1000, left_at: s < Math.min(stageIdx, 2) ? created + (s + 1) * 1000 : null, sales_rep: rep });
      for (let k = 0; k < 5; k++) tl.push({ id: randomUUID(), deal_id: id, at: created + k * 1000, seq: k, kind: k === 0 ? 'deal_created' : 'stage_changed', actor: 'bench.manager', data: '{"from":"new","to":"first_call"}' });
      const open = stageIdx < 7;
      // user_tasks rows as the runtime writes them (synthetic deals have no instance rows).
      const task = { instance_id: id, process_id: 'franchise_onboarding', business_key: id, author: null, candidate_groups: '[]', candidate_users: '[]', follow_up_at: null, priority: 50, headers: '{}', properties: '{}', variables: '{}', claimed_by: null, claimed_at: null, result: null };
      tk.push({ ...task, id: `${id}:1`, element_instance_id: '1', element_id: 'assign_rep', name: 'Назначить торгового представителя', title: 'Назначить торгового представителя', kind: 'todo', assignee: 'bench.manager', due_at: null, form_id: 'assign_rep', status: 'completed', end_reason: 'completed', created_at: created, completed_at: created + 1000, completed_by: 'bench.manager', updated_at: created + 1000 });
      tk.push({ ...task, id: `${id}:2`, element_instance_id: '2', element_id: 'first_call', name: 'Звонок новому клиенту', title: 'Звонок новому клиенту', kind: 'call', assignee: rep, due_at: created + 1_800_000, form_id: 'first_call', status: open ? 'open' : 'completed', end_reason: open ? null : 'completed', created_at: created + 1000, completed_at: open ? null : created + 5000, completed_by: open ? null : rep, updated_at: created + 5000 });
    }
    await db.transaction().execute(async (trx) => {
      await insertBatched(trx, 'deals', d);
      await insertBatched(trx, 'deal_stages', st);
      await insertBatched(trx, 'timeline', tl);
      await insertBatched(trx, 'user_tasks', tk);
    });
  }
  log(`synthetic deals: ${deals} in ${Math.round(performance.now() - t1)} ms`);
  const repSession = await crm.auth.openSession('bench.rep');
  const managerSession = await crm.auth.openSession('bench.manager');
  await potok.app.close();
  return { repCookie: `potok_session=${repSession.token}`, managerCookie: `potok_session=${managerSession.token}`, managerCsrf: managerSession.csrfToken, dealIds, completable };
}

function startServer(dataDir: string, port: number, databaseUrl: string | undefined, processes: number): Promise<ChildProcess> {
  const env = { ...process.env, POTOK_LOG_LEVEL: 'warn', POTOK_DATA_DIR: dataDir, POTOK_PORT: String(port), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  const child = spawn(process.execPath, [...(process.env.POTOK_BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.POTOK_BENCH_PROF}`] : []), path.join(ROOT, 'bin/potok.js'), 'serve', '--processes', String(processes)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 120_000;
    const poll = async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/health`);
        if (r.ok) return resolve(child);
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline || child.exitCode !== null) return reject(new Error('server did not start'));
      setTimeout(poll, 300);
    };
    void poll();
  });
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

type Mix = 'reads' | 'writes';
type Kind = 'myTasks' | 'dealCard' | 'complete';

/**
 * 50 keep-alive connections from autocannon for `seconds`: `reads` = each connection
 * alternates "my tasks" and a random deal card; `writes` = completing distinct tasks, each
 * once, until they run out or the time is up. autocannon keeps one request in flight per
 * connection and reports each response's time; the kind of a response is known from its
 * connection's own order (mine, card, mine, …).
 */
async function load(port: number, s: Seeded, seconds: number, mix: Mix = 'reads') {
  const lat: Record<Kind, number[]> = { myTasks: [], dealCard: [], complete: [] };
  let errors = 0;
  let pick = 0;
  let next = 0;
  const sent = new WeakMap<object, number>();
  const myTasks = { method: 'GET', path: '/api/tasks/mine', headers: { cookie: s.repCookie } };
  const dealCard = (req: any) => ({ ...req, method: 'GET', path: `/api/deals/${s.dealIds[(++pick * 7919) % s.dealIds.length]}`, headers: { cookie: s.managerCookie } });
  const complete = (req: any) => {
    // `amount` below makes autocannon send exactly one request per task; should it ask for
    // more, the last task is sent again and its 409 shows up as an error (a null here would
    // throw inside autocannon).
    const id = s.completable[Math.min(next++, s.completable.length - 1)]!;
    return { ...req, method: 'POST', path: `/api/tasks/${encodeURIComponent(id)}/complete`, headers: { cookie: s.managerCookie, 'x-potok-csrf': s.managerCsrf, 'content-type': 'application/json' }, body: JSON.stringify({ data: { salesRep: 'bench.rep' } }) };
  };
  const requests = mix === 'writes' ? [{ setupRequest: complete }] : [myTasks, { setupRequest: dealCard }];
  const started = performance.now();
  const result: any = await new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: `http://127.0.0.1:${port}`, connections: CLIENTS, duration: seconds, requests, ...(mix === 'writes' ? { amount: s.completable.length } : {}) },
      (err: Error | null, r: unknown) => (err ? reject(err) : resolve(r)),
    );
    instance.on('response', (client: object, status: number, _bytes: number, ms: number) => {
      const n = sent.get(client) ?? 0;
      sent.set(client, n + 1);
      const kind: Kind = mix === 'writes' ? 'complete' : n % 2 === 0 ? 'myTasks' : 'dealCard';
      if (status >= 400) errors++;
      else lat[kind].push(ms);
    });
  });
  const elapsed = (performance.now() - started) / 1000;
  const out: Record<string, unknown> = { errors: errors + Number(result.errors ?? 0) + Number(result.timeouts ?? 0) };
  for (const [k, v] of Object.entries(lat)) {
    v.sort((a, b) => a - b);
    out[k] = { requests: v.length, p50: pct(v, 50), p95: pct(v, 95), p99: pct(v, 99), rps: Math.round(v.length / elapsed) };
  }
  return out;
}

async function runOne(kind: 'sqlite' | 'postgres', deals: number, real: number, seconds: number, processes: number, log: (s: string) => void) {
  const dataDir = mkdtempSync(path.join(tmpdir(), `potok-bench-api-${kind}-`));
  const url = kind === 'postgres' ? await freshPostgresUrl() : undefined;
  const database = openDatabase(url ? { url } : { dataDir });
  let server: ChildProcess | undefined;
  try {
    await migrateToLatest(database);
    const seeded = await seed(database, dataDir, deals, real, log);
    await database.close();
    const port = 3900 + Math.floor(Math.random() * 90);
    server = await startServer(dataDir, port, url, processes);
    // Warm-up: JIT and caches, not measured.
    await load(port, { ...seeded, completable: [] }, 2);
    const reads = await load(port, seeded, seconds, 'reads');
    const writes = await load(port, seeded, seconds, 'writes');
    const result = { myTasks: reads.myTasks, dealCard: reads.dealCard, complete: writes.complete, errors: Number(reads.errors) + Number(writes.errors) };
    log(`${kind}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (process.env.POTOK_BENCH_KEEP) log(`kept ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const quick = args.includes('--quick');
  const deals = quick ? 10_000 : 100_000;
  const real = quick ? 150 : 600;
  const seconds = quick ? 8 : 20;
  const at = args.indexOf('--processes');
  const processes = at >= 0 ? Number(args[at + 1]) : 1;
  if (!Number.isInteger(processes) || processes < 1) throw new Error(`--processes must be a whole number ≥ 1, got "${args[at + 1]}"`);
  const log = (s: string) => process.stderr.write(`[api bench] ${s}\n`);
  const result: Record<string, unknown> = { deals, clients: CLIENTS, seconds, processes, phases: 'reads (my tasks + deal card), then completions' };
  result.sqlite = await runOne('sqlite', deals, real, seconds, processes, log);
  if (!args.includes('--no-pg')) result.postgres = await runOne('postgres', deals, real, seconds, processes, log);
  return result;
}
