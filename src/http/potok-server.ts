/**
 * Assembles one Potok process: runtime (deployments, executor), the CRM with its effect
 * listener and job handlers, and the HTTP app. `potok serve`, the API tests and the
 * benchmark build it the same way.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyServerOptions } from 'fastify';
import { createRuntime, type Clock, type DeployedProcess, type Runtime } from '../runtime/index.ts';
import { JobHandlerRegistry } from '../runtime/jobs/index.ts';
import type { PotokDatabase } from '../store/database.ts';
import type { FileStore } from '../connectors/storage/file-store.ts';
import type { UploadPolicy } from '../crm/documents/document.service.ts';
import { createRuntimeAdminPort } from '../crm/process/runtime-process.adapter.ts';
import { installCrm } from '../crm/install-crm.ts';
import type { Crm } from '../crm/crm.ts';
import { buildApp } from './app.ts';
import { AdminSettingsService } from '../crm/admin/admin-settings.service.ts';
import { SettingsRepository } from '../crm/settings/settings.repository.ts';
import { systemClock } from '../crm/clock.ts';
import { calendarFromStore, DEFAULT_WORKDAY, SwappableCalendar, type ProductionCalendar, type Workday } from '../calendar/index.ts';
import { CompanySettingsService } from '../crm/admin/company-settings.service.ts';
import type { App } from './context.ts';

export const SHIPPED_MODEL = fileURLToPath(new URL('../../processes/franchise-onboarding.bpmn', import.meta.url));

export interface AssembleOptions {
  readonly database: PotokDatabase;
  readonly dataDir: string;
  readonly zone: string;
  /** The working day until an admin saves one (POTOK_WORKDAY_START/END, see workdayFromEnv); default 09:00–18:00. */
  readonly workday?: Workday;
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
  // The company calendar: shipped years, the admin's imports, day corrections and working
  // day. It is reloaded when an admin changes it here, and every minute (another node may have).
  const settingsRepository = new SettingsRepository(options.database.db);
  const stored = new AdminSettingsService(options.database.db, settingsRepository, systemClock);
  const workdayDefault = options.workday ?? DEFAULT_WORKDAY;
  const company = new CompanySettingsService(settingsRepository, systemClock, workdayDefault);
  const ref: { crm?: Crm } = {}; // set once the CRM exists; the calendar is needed first
  const warnedYears = new Set<number>();
  const warnMissingYear = (year: number) => {
    if (warnedYears.has(year)) return;
    warnedYears.add(year);
    void warnAdminsOfMissingYear(ref.crm, year);
  };
  const loadCalendar = async (): Promise<ProductionCalendar> => {
    const workday = await company.workday();
    return calendarFromStore(
      { importedYears: await stored.importedYears(), corrections: await stored.corrections() },
      { zone: options.zone, workdayStart: workday.start, workdayEnd: workday.end, onMissingYear: warnMissingYear },
    );
  };
  const calendar = new SwappableCalendar(await loadCalendar());
  // Resolves once the new calendar is in use (a failed reload keeps the current one).
  const reloadCalendar = (): Promise<void> => loadCalendar().then((next) => calendar.replace(next), () => {});
  setInterval(() => void reloadCalendar(), 60_000).unref();
  const runtime = createRuntime({ database: options.database, calendar, ...(options.clock ? { clock: options.clock } : {}) });
  const { crm, jobHandlers } = installCrm(runtime, {
    dataDir: options.dataDir,
    zone: options.zone,
    onCalendarChanged: reloadCalendar,
    workdayDefault,
    ...(options.files ? { files: options.files } : {}),
    ...(options.uploadPolicy ? { uploadPolicy: options.uploadPolicy } : {}),
  });
  ref.crm = crm;
  const handlers = new JobHandlerRegistry();
  for (const h of jobHandlers) handlers.register(h);
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

/**
 * A date in a year with no production-calendar data falls back to Monday–Friday; every
 * active admin is told once per year and process (in the app, and in the log).
 */
async function warnAdminsOfMissingYear(crm: Crm | undefined, year: number): Promise<void> {
  if (!crm) return;
  try {
    const admins = await crm.repositories.users.list({ role: 'admin', active: true });
    const title = `Нет производственного календаря на ${year} год: рабочие дни считаются по будням (пн–пт). Импортируйте календарь в разделе «Администрирование → Календарь».`;
    for (const admin of admins) {
      await crm.notifier.notify(crm.database.db, { login: admin.login, kind: 'incident', title, dedupeKey: `calendar-missing-${year}` }, crm.clock.now());
    }
  } catch {
    // A warning must never break the computation that needed the date.
  }
}

/**
 * Deploys the shipped franchise model (a new version only when it changed since the last
 * shipped one; it is used for new deals only while no admin has chosen a version).
 */
export async function deployShippedModels(runtime: Runtime, modelFile = SHIPPED_MODEL): Promise<DeployedProcess[]> {
  return runtime.deployments.deployModel(await readFile(modelFile, 'utf8'), { source: 'shipped', actor: 'system' });
}
