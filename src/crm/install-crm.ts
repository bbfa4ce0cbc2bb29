/**
 * Puts the CRM on a runtime: its effect listener on the executor (deal stage, tasks,
 * timeline, notifications — in every command's transaction) and its job handlers
 * (potok.notify, potok.crm.banInn, potok.onboarding.prepare). Every process that runs
 * runtime commands — `potok serve` and `potok worker` alike — must install it, or
 * deals would miss what timers and jobs do.
 */
import path from 'node:path';
import type { Runtime } from '../runtime/index.ts';
import type { JobHandler } from '../runtime/jobs/index.ts';
import { LocalFileStore } from '../connectors/storage/local-file-store.ts';
import type { FileStore } from '../connectors/storage/file-store.ts';
import { createCrm, type Crm } from './crm.ts';
import { DEFAULT_UPLOAD_POLICY, type UploadPolicy } from './documents/document.service.ts';
import { crmJobHandlers } from './process/crm-job.handlers.ts';
import { connectorJobHandlers } from './process/connector-job.ports.ts';
import { createRuntimeProcessPort } from './process/runtime-process.adapter.ts';
import { createRuntimeMailOutbox } from './process/runtime-outbox.adapter.ts';
import { createFormsAdapter } from './tasks/forms.adapter.ts';
import { documentSetsForForms } from './document-sets/document-sets.forms.ts';
import type { Workday } from '../calendar/index.ts';

export interface InstallCrmOptions {
  readonly dataDir: string;
  readonly zone: string;
  readonly files?: FileStore;
  readonly uploadPolicy?: UploadPolicy;
  readonly onCalendarChanged?: () => void | Promise<void>;
  /** The working day when the admin has saved none (POTOK_WORKDAY_START/END). */
  readonly workdayDefault?: Workday;
}

export function installCrm(runtime: Runtime, options: InstallCrmOptions): { crm: Crm; jobHandlers: JobHandler[] } {
  const database = runtime.database;
  const db = database.db;
  const files = options.files ?? new LocalFileStore(path.join(options.dataDir, 'files'));
  const crm = createCrm(database, {
    process: createRuntimeProcessPort(runtime),
    files,
    forms: createFormsAdapter({
      timeZone: options.zone,
      ...documentSetsForForms(db),
      fileIdsOfDeal: async (dealId) => new Set((await db.selectFrom('files').select('id').where('deal_id', '=', dealId).execute()).map((r) => r.id as string)),
    }),
    outbox: createRuntimeMailOutbox(runtime.clock),
    clock: runtime.clock,
    ...(options.onCalendarChanged ? { onCalendarChanged: options.onCalendarChanged } : {}),
    ...(options.workdayDefault ? { workdayDefault: options.workdayDefault } : {}),
    uploadPolicy: options.uploadPolicy ?? DEFAULT_UPLOAD_POLICY,
    zone: options.zone,
  });
  runtime.executor.onEffects(crm.effectListener as any);
  crm.reports.useCalendar(async () => runtime.calendar);
  crm.adminSettings.useCalendar(async () => runtime.calendar);
  const jobHandlers = [
    ...crmJobHandlers({ db, notifier: crm.notifier, settings: crm.repositories.settings, users: crm.users, deals: crm.repositories.deals }),
    // email.send and onec.createCounterparty over the stored settings, templates and files.
    ...connectorJobHandlers({ db, settings: crm.repositories.settings, users: crm.repositories.users, files, clock: crm.clock, zone: options.zone, notifier: crm.notifier, calendar: runtime.calendar }),
  ];
  return { crm, jobHandlers };
}
