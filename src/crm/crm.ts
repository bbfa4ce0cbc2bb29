/**
 * The CRM's composition root: repositories and services over one database and the
 * ports it needs (process runtime, forms, file store, mail outbox). The HTTP app, the
 * CLI and the tests build it the same way.
 */
import type { PotokDatabase } from '../store/database.ts';
import type { FileStore } from '../connectors/storage/file-store.ts';
import { AuthService } from './auth/auth.service.ts';
import { SetupService } from './auth/setup.service.ts';
import { systemClock, type Clock } from './clock.ts';
import { DealRepository } from './deals/deal.repository.ts';
import { DealService } from './deals/deal.service.ts';
import { SalesRepService } from './deals/sales-rep.service.ts';
import { DEFAULT_UPLOAD_POLICY, DocumentService, type UploadPolicy } from './documents/document.service.ts';
import { NotificationRepository } from './notifications/notification.repository.ts';
import { NotificationService } from './notifications/notification.service.ts';
import { Notifier, noMailOutbox, type MailOutboxPort } from './notifications/notifier.ts';
import { CompletionLedger } from './process/completion-ledger.ts';
import { createDealEffectsListener } from './process/deal-effects.listener.ts';
import type { ProcessPort } from './process/process.port.ts';
import { SettingsRepository } from './settings/settings.repository.ts';
import { plainTaskForms, type TaskFormPort } from './tasks/task-form.port.ts';
import { TaskRepository } from './tasks/task.repository.ts';
import { TaskService } from './tasks/task.service.ts';
import { TimelineRepository } from './timeline/timeline.repository.ts';
import { UserRepository } from './users/user.repository.ts';
import { UserService } from './users/user.service.ts';
import { ReportService } from './reports/report.service.ts';
import { AdminSettingsService } from './admin/admin-settings.service.ts';
import { CompanySettingsService } from './admin/company-settings.service.ts';
import { withCompanyVariables } from './process/company-variables.port.ts';
import type { Workday } from '../calendar/index.ts';
import { TemplateAttachmentService } from './admin/template-attachment.service.ts';

export interface CrmPorts {
  readonly process: ProcessPort;
  readonly files: FileStore;
  readonly forms?: TaskFormPort;
  readonly outbox?: MailOutboxPort;
  readonly clock?: Clock;
  readonly uploadPolicy?: UploadPolicy;
  /** The company's zone for reports in working days (default Europe/Moscow). */
  readonly zone?: string;
  /** Called after an admin changed the stored calendar (the running system reloads it). */
  readonly onCalendarChanged?: () => void | Promise<void>;
  /** The working day when the admin has saved none (POTOK_WORKDAY_START/END; default 09:00–18:00). */
  readonly workdayDefault?: Workday;
}

export function createCrm(database: PotokDatabase, ports: CrmPorts) {
  const db = database.db;
  const clock = ports.clock ?? systemClock;
  const users = new UserRepository(db);
  const settings = new SettingsRepository(db);
  const deals = new DealRepository(db);
  const tasks = new TaskRepository(db);
  const timeline = new TimelineRepository(db);
  const notifications = new NotificationRepository(db);
  const notifier = new Notifier(notifications, users, ports.outbox ?? noMailOutbox);
  const ledger = new CompletionLedger();
  const isBannedInn = async (inn: string) => !!(await db.selectFrom('banned_inns').select('inn').where('inn', '=', inn).executeTakeFirst());
  const companySettings = new CompanySettingsService(settings, clock, ports.workdayDefault, ports.onCalendarChanged);
  // Company settings the model reads (recallDelayDays) go with every start and completion.
  const processPort = withCompanyVariables(ports.process, async () => ({ recallDelayDays: await companySettings.recallDelayDays() }));
  const dealService = new DealService(db, deals, tasks, timeline, users, processPort, clock);
  const adminSettings = new AdminSettingsService(db, settings, clock, ports.onCalendarChanged);
  const salesReps = new SalesRepService(db, deals, tasks, timeline, users, notifier, processPort, clock);
  const userService = new UserService(users, clock, (login) => salesReps.openDealsOf(login));
  const taskService = new TaskService(db, tasks, deals, users, timeline, notifier, processPort, ports.forms ?? plainTaskForms, ledger, clock, isBannedInn, ports.zone ?? 'Europe/Moscow');
  taskService.repFollowsTask = (actor, task, assignee) => salesReps.followsTask(actor, task, assignee);
  return {
    database,
    clock,
    repositories: { users, settings, deals, tasks, timeline, notifications },
    notifier,
    ledger,
    users: userService,
    auth: new AuthService(db, users, clock),
    setup: new SetupService(users, userService, settings, clock),
    deals: dealService,
    tasks: taskService,
    salesReps,
    documents: new DocumentService(db, ports.files, dealService, timeline, ports.uploadPolicy ?? DEFAULT_UPLOAD_POLICY, clock),
    notifications: new NotificationService(notifications, clock),
    reports: new ReportService(db, users, tasks, clock, ports.zone ?? 'Europe/Moscow'),
    companySettings,
    adminSettings,
    templateAttachments: new TemplateAttachmentService(db, ports.files, adminSettings, (ports.uploadPolicy ?? DEFAULT_UPLOAD_POLICY).maxBytes, clock),
    isBannedInn,
    /** Register with the runtime's executor: `executor.onEffects(crm.effectListener)`. */
    effectListener: createDealEffectsListener({ deals, tasks, timeline, notifier, users, ledger }),
  };
}

export type Crm = ReturnType<typeof createCrm>;
