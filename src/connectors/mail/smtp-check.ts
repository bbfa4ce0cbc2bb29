/**
 * The admin's "test SMTP" button: connect, STARTTLS/TLS, log in — without sending.
 * Returns the failure as data (never the password).
 */
import { toFailure, type ConnectorFailure } from '../connector.ts';
import type { MailPort } from './mail.port.ts';
import type { SmtpConfig } from './smtp-config.ts';
import { SmtpMailer } from './smtp.mailer.ts';

export type SmtpCheckResult = { readonly ok: true; readonly message: string } | { readonly ok: false; readonly error: ConnectorFailure };

export async function checkSmtp(config: SmtpConfig, options: { signal?: AbortSignal; mailerFor?: (c: SmtpConfig) => MailPort } = {}): Promise<SmtpCheckResult> {
  const mailer = (options.mailerFor ?? ((c: SmtpConfig) => new SmtpMailer(c)))(config);
  try {
    await mailer.verify(options.signal);
    return { ok: true, message: `connected to ${config.host}:${config.port}${config.user ? ` and logged in as ${config.user}` : ''}` };
  } catch (err) {
    return { ok: false, error: toFailure(err) };
  } finally {
    mailer.close();
  }
}
