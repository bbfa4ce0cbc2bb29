/**
 * Assembles one Potok process: runtime (deployments, executor), the CRM with its effect
 * listener and job handlers, and the HTTP app. `potok serve`, the API tests and the
 * benchmark build it the same way.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyServerOptions } from 'fastify';
import { createRuntime, type Clock, type Runtime } from '../runtime/index.ts';
import { JobHandlerRegistry } from '../runtime/jobs/index.ts';
import type { PotokDatabase } from '../store/database.ts';
import { LocalFileStore } from '../connectors/storage/local-file-store.ts';
import type { FileStore } from '../connectors/storage/file-store.ts';
import { createCrm, type Crm } from '../crm/crm.ts';
import { DEFAULT_UPLOAD_POLICY, type UploadPolicy } from '../crm/documents/document.service.ts';
import { crmJobHandlers } from '../crm/process/crm-job.handlers.ts';
import { createRuntimeAdminPort, createRuntimeProcessPort } from '../crm/process/runtime-process.adapter.ts';
import { createRuntimeMailOutbox } from '../crm/process/runtime-outbox.adapter.ts';
import { createFormsAdapter } from '../crm/tasks/forms.adapter.ts';
import { buildApp } from './app.ts';
import { AdminSettingsService } from '../crm/admin/admin-settings.service.ts';
import { SettingsRepository } from '../crm/settings/settings.repository.ts';
import { systemClock } from '../crm/clock.ts';
import { calendarFromStore } from '../calendar/index.ts';
import type { App } from './context.ts';

export const SHIPPED_MODEL = fileURLToPath(new URL('../../processes/franchise-onboarding.bpmn', import.meta.url));

export interface AssembleOptions {
  readonly database: PotokDatabase;
  readonly dataDir: string;
  readonly zone: string;
  readonly clock?: Clock;
  readonly demo?: boolean;
  readonly secureCookies?: boolean;
  readonly uploadPolicy?: UploadPolicy;
  readonly files?: FileStore;
  readonly webDir?: string;
  readonly logger?: FastifyServerOptions['logger'];
}

export interface Potok {
  readonly runtime: Runtime;
  readonly crm: Crm;
  readonly app: App;
  /** The job handlers this process runs (the CRM's; connectors register theirs here too). */
  readonly handlers: JobHandlerRegistry;
}

export async function assemble(options: AssembleOptions): Promise<Potok> {
  // The company calendar: shipped years, the admin's imports and day corrections (read at start).
  const stored = new AdminSettingsService(options.database.db, new SettingsRepository(options.database.db), systemClock);
  const calendar = calendarFromStore({ importedYears: await stored.importedYears(), corrections: await stored.corrections() }, { zone: options.zone });
  const runtime = createRuntime({ database: options.database, calendar, ...(options.clock ? { clock: options.clock } : {}) });
  const files = options.files ?? new LocalFileStore(path.join(options.dataDir, 'files'));
  const db = options.database.db;
  const crm = createCrm(options.database, {
    process: createRuntimeProcessPort(runtime),
    files,
    forms: createFormsAdapter({
      timeZone: options.zone,
      fileIdsOfDeal: async (dealId) => new Set((await db.selectFrom('files').select('id').where('deal_id', '=', dealId).execute()).map((r) => r.id as string)),
    }),
    outbox: createRuntimeMailOutbox(runtime.clock),
    clock: runtime.clock,
    uploadPolicy: options.uploadPolicy ?? DEFAULT_UPLOAD_POLICY,
    zone: options.zone,
  });
  runtime.executor.onEffects(crm.effectListener as any);
  crm.reports.useCalendar(async () => runtime.calendar);
  const handlers = new JobHandlerRegistry();
  for (const h of crmJobHandlers({ db, notifier: crm.notifier, settings: crm.repositories.settings, users: crm.users, deals: crm.repositories.deals })) handlers.register(h);
  const app = await buildApp({
    crm,
    zone: options.zone,
    demo: !!options.demo,
    secureCookies: !!options.secureCookies,
    admin: createRuntimeAdminPort(runtime),
    ...(options.webDir ? { webDir: options.webDir } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  return { runtime, crm, app, handlers };
}

/** Deploys the shipped franchise model (a new version only when it changed). */
export async function deployShippedModels(runtime: Runtime): Promise<void> {
  await runtime.deployments.deployModel(await readFile(SHIPPED_MODEL, 'utf8'), { source: 'shipped', actor: 'system' });
}
