/**
 * The port every e-mail goes through. The runtime, the notifications and the tests
 * depend on this interface; `SmtpMailer` (nodemailer) implements it.
 */
import type { Readable } from 'node:stream';
import type { MailAddress } from './mail-address.ts';

export interface MailAttachment {
  readonly filename: string;
  readonly content: Buffer | Readable | string;
  readonly contentType?: string;
}

/** A calendar invitation sent as a text/calendar alternative part (what Outlook and Gmail expect). */
export interface MailCalendarEvent {
  readonly method: 'REQUEST' | 'CANCEL';
  /** The complete iCalendar text (see meeting-invitation.ics.ts). */
  readonly content: string;
  readonly filename?: string;
}

export interface OutgoingMail {
  readonly from: MailAddress;
  readonly to: readonly MailAddress[];
  readonly replyTo?: MailAddress;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly attachments?: readonly MailAttachment[];
  readonly icalEvent?: MailCalendarEvent;
  /** Without angle brackets' content rules: `<local@domain>`; the same on every retry. */
  readonly messageId?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface SentMail {
  readonly messageId: string;
  /** Recipients the server accepted / refused (a partly refused mail still counts as sent). */
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
  /** The server's final reply, e.g. "250 2.0.0 Ok: queued as 4F2". */
  readonly response: string;
}

export interface MailPort {
  /** Sends one mail. Throws `ConnectorError` (smtp_transient, smtp_rejected, auth, unreachable, timeout, tls, aborted). */
  send(mail: OutgoingMail, signal?: AbortSignal): Promise<SentMail>;
  /** Connects and logs in without sending: the admin's "test connection" button. */
  verify(signal?: AbortSignal): Promise<void>;
  close(): void;
}
