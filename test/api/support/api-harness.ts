/**
 * One Potok for an API test: a fresh database (SQLite or PostgreSQL), migrated, the
 * shipped model deployed, a manual clock, files in a temporary directory, and helpers
 * to log in as a role and call the API through Fastify's inject.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { ManualClock } from '../../../src/runtime/index.ts';
import { JobWorkers, TimerScheduler } from '../../../src/runtime/jobs/index.ts';
import { migrateToLatest } from '../../../src/store/migrate.ts';
import { assemble, deployShippedModels, type Potok } from '../../../src/http/potok-server.ts';
import type { UploadPolicy } from '../../../src/crm/documents/document.service.ts';
import type { TestDatabase } from '../../support/databases.ts';
import type { Role } from '../../../src/crm/roles.ts';

export const ZONE = 'Europe/Moscow';
export const PASSWORD = 'correct horse 1';
/** Tuesday 3 March 2026, 10:00 Moscow: a working day. */
export const START = DateTime.fromISO('2026-03-03T10:00:00', { zone: ZONE }).toMillis();

export interface Caller {
  readonly login: string;
  readonly cookie: string;
  readonly csrf: string;
  get(url: string): Promise<Res>;
  post(url: string, body?: unknown): Promise<Res>;
  patch(url: string, body?: unknown): Promise<Res>;
  del(url: string): Promise<Res>;
}

export interface Res {
  readonly status: number;
  readonly body: any;
  readonly headers: Record<string, any>;
  readonly raw: string;
}

export interface Harness {
  readonly potok: Potok;
  readonly clock: ManualClock;
  readonly dataDir: string;
  /** E-mail jobs the fake connector completed (template in headers). */
  readonly sent: readonly { type: string; headers: Record<string, string>; payload: unknown }[];
  request(method: string, url: string, opts?: { body?: unknown; cookie?: string; csrf?: string; headers?: Record<string, string> }): Promise<Res>;
  user(role: Role, login?: string, extra?: { email?: string; isGeneralDirector?: boolean }): Promise<string>;
  as(login: string): Promise<Caller>;
  /** Runs due timers and jobs until nothing is left at the clock's time. */
  settle(): Promise<void>;
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function openHarness(target: TestDatabase, options: { uploadPolicy?: UploadPolicy; demo?: boolean; deploy?: boolean; realConnectors?: boolean } = {}): Promise<Harness> {
  const database = await target.open();
  await migrateToLatest(database);
  const clock = new ManualClock(START);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'potok-api-'));
  const potok = await assemble({ database, dataDir, zone: ZONE, clock, ...(options.uploadPolicy ? { uploadPolicy: options.uploadPolicy } : {}), demo: !!options.demo });
  if (options.deploy !== false) await deployShippedModels(potok.runtime);
  // The e-mail connector's place: record what would be sent and complete the job.
  const sent: { type: string; headers: Record<string, string>; payload: unknown }[] = [];
  // (realConnectors: keep potok's own email.send, for tests against a real SMTP server.)
  if (!options.realConnectors) {
    potok.handlers.register('email.send', async (ctx) => {
      sent.push({ type: ctx.job.type, headers: { ...ctx.job.headers }, payload: ctx.job.payload });
      return { kind: 'complete' };
    });
  }
  const scheduler = new TimerScheduler({ database, executor: potok.runtime.executor, clock } as any);
  const workers = new JobWorkers({ database, executor: potok.runtime.executor, clock, handlers: potok.handlers } as any);
  const app = potok.app;
  await app.ready();
  let n = 0;

  const request: Harness['request'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.cookie) headers.cookie = opts.cookie;
    if (opts.csrf) headers['x-potok-csrf'] = opts.csrf;
    const res = await app.inject({ method: method as any, url, headers, ...(opts.body !== undefined ? { payload: opts.body as any } : {}) });
    let body: any = res.body;
    try {
      body = JSON.parse(res.body);
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body, headers: res.headers, raw: res.body };
  };

  const harness: Harness = {
    potok,
    clock,
    dataDir,
    sent,
    request,
    async user(role, login, extra = {}) {
      const l = login ?? `${role.replace('_', '')}${++n}`;
      await potok.crm.users.createTrusted({ login: l, name: `Test ${l}`, role, password: PASSWORD, email: extra.email ?? `${l}@example.test`, ...(extra.isGeneralDirector ? { isGeneralDirector: true } : {}) });
      return l;
    },
    async as(login) {
      const session = await potok.crm.auth.openSession(login);
      const cookie = `potok_session=${session.token}`;
      const csrf = session.csrfToken;
      return {
        login,
        cookie,
        csrf,
        get: (url) => request('GET', url, { cookie }),
        post: (url, body) => request('POST', url, { cookie, csrf, body: body ?? {} }),
        patch: (url, body) => request('PATCH', url, { cookie, csrf, body: body ?? {} }),
        del: (url) => request('DELETE', url, { cookie, csrf }),
      };
    },
    async settle() {
      for (let i = 0; i < 50; i++) {
        const fired = await scheduler.fireDue(clock.now());
        const ran = await workers.drain(clock.now());
        if (fired + ran === 0) return;
      }
    },
    async advance(ms) {
      clock.set(clock.now() + ms);
      await harness.settle();
    },
    async close() {
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}
