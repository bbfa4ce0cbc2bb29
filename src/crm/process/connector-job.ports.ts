/**
 * The connectors' job handlers (`email.send`, `onec.createCounterparty`) over the CRM's
 * stores: the admin's stored SMTP/1C settings (else the POTOK_SMTP_* / POTOK_ONEC_*
 * environment), the admin's templates (else the shipped ones), the rep as Reply-To, the
 * company, and the file store for attachments. installCrm adds them to its job handlers,
 * so `potok serve` and `potok worker` both run them.
 */
import type { Kysely } from 'kysely';
import { createEmailJobHandler, createOneCJobHandler } from '../../connectors/connector-job.handlers.ts';
import { fileSourceFromStore } from '../../connectors/mail/email-send.connector.ts';
import type { FileStore } from '../../connectors/storage/file-store.ts';
import type { JobHandler } from '../../runtime/jobs/index.ts';
import { AdminSettingsService } from '../admin/admin-settings.service.ts';
import type { Clock } from '../clock.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import type { UserRepository } from '../users/user.repository.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface ConnectorJobDeps {
  readonly db: Kysely<any>;
  readonly settings: SettingsRepository;
  readonly users: UserRepository;
  readonly files: FileStore;
  readonly clock: Clock;
  readonly zone: string;
  readonly env?: Env;
}

export function connectorJobHandlers(deps: ConnectorJobDeps): JobHandler[] {
  const env = deps.env ?? process.env;
  const admin = new AdminSettingsService(deps.db, deps.settings, deps.clock);
  const email = createEmailJobHandler({
    smtpSettings: () => deps.settings.get('smtp'),
    template: async (type) => (await admin.effectiveTemplate(type))!,
    user: async (login) => {
      const u = await deps.users.find(login);
      return u ? { name: u.name, email: u.email ?? null, phone: (u as { phone?: string | null }).phone ?? null } : null;
    },
    // Who the client hears from; the From address itself is the SMTP settings' sender.
    company: async () => ({
      name: env.POTOK_COMPANY_NAME ?? 'Potok',
      phone: env.POTOK_COMPANY_PHONE ?? null,
      email: env.POTOK_COMPANY_EMAIL ?? null,
      website: env.POTOK_COMPANY_WEBSITE ?? null,
    }),
    files: fileSourceFromStore(deps.files),
    timeZone: deps.zone,
    env,
  });
  const onec = createOneCJobHandler({ oneCSettings: () => deps.settings.get('onec'), env });
  // Structurally the runtime's JobHandler (connectors do not import the runtime).
  return [email as unknown as JobHandler, onec as unknown as JobHandler];
}
