/**
 * Job type `email.send`: one e-mail to a client (or an employee) through the company's
 * SMTP server.
 *
 * - From is always the configured company address; Reply-To is the rep (servers refuse a forged From).
 * - The job's idempotency key becomes the Message-ID, so a retried job sends the same
 *   Message-ID and the receiving side can tell a duplicate.
 * - No SMTP configured → the result `{ status: 'not_configured' }` (not a failure): the
 *   runtime keeps the mail in the outbox, marked not delivered.
 * - Failures: smtp_transient / unreachable / timeout / aborted are retryable;
 *   smtp_rejected (5xx, with the server's reply), auth, tls, bad_input,
 *   template_incomplete are not.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ConnectorError, runSafely, type ConnectorDeclaration, type ConnectorContext } from '../connector.ts';
import { toMailAddress, type MailAddress } from './mail-address.ts';
import type { MailAttachment, MailPort, OutgoingMail } from './mail.port.ts';
import { buildMeetingInvitationIcs, meetingUid, MEETING_SUMMARY, sequenceFromTime } from './meeting-invitation.ics.ts';
import type { SmtpConfig } from './smtp-config.ts';
import { SmtpMailer } from './smtp.mailer.ts';
import type { TemplateData } from './template-catalogue.ts';
import { renderTemplate, validateTemplate, type MailTemplate } from './template.renderer.ts';

export const EMAIL_SEND = 'email.send';

/** An attachment in a job's input: a file from the file store, or bytes inline (base64). */
export type EmailAttachmentInput =
  | { readonly filename: string; readonly contentType?: string; readonly fileId: string }
  | { readonly filename: string; readonly contentType?: string; readonly contentBase64: string };

/**
 * The meeting the .ics describes (times in epoch ms). Organizer = the company address;
 * attendees = `to`. Give `uid`, or `dealId` (+ `meetingKey`) and the connector derives
 * `meetingUid(dealId, meetingKey, <company domain>)`.
 */
export interface EmailMeetingInput {
  readonly uid?: string;
  readonly dealId?: string;
  /** What stays the same across reschedules of this meeting; default 'meeting' (one meeting per deal). */
  readonly meetingKey?: string;
  /**
   * 0 for the first invitation, +1 for each reschedule. When absent it is derived from
   * `createdAt` (seconds since 2025-01-01): it grows with every later send without the
   * runtime keeping a counter.
   */
  readonly sequence?: number;
  readonly start: number;
  readonly end: number;
  readonly place?: string | null;
  readonly summary?: string; // default «Коммерческое предложение»
  readonly description?: string | null;
  readonly method?: 'REQUEST' | 'CANCEL';
}

/**
 * The job input (JSON). Give either `subject` + `text` (+ `html`), or a `template` with
 * its `data` (see buildTemplateData); the template's own attachments are added.
 */
export interface EmailSendInput {
  readonly to: string | MailAddress | readonly (string | MailAddress)[];
  readonly replyTo?: string | MailAddress | null;
  readonly subject?: string;
  readonly text?: string;
  readonly html?: string | null;
  readonly template?: MailTemplate;
  readonly data?: TemplateData;
  readonly attachments?: readonly EmailAttachmentInput[];
  readonly meeting?: EmailMeetingInput | null;
  /** When the job was created (epoch ms): the .ics DTSTAMP. Defaults to now. */
  readonly createdAt?: number;
}

/** What the outbox and the deal's timeline record. */
export interface RenderedSummary {
  readonly to: readonly string[];
  readonly replyTo: string | null;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly attachments: readonly string[]; // file names
  readonly hasInvitation: boolean;
  /** Placeholders that had no value. */
  readonly missing: readonly string[];
}

export type EmailSendOutput =
  | { readonly status: 'sent'; readonly messageId: string; readonly accepted: readonly string[]; readonly rejected: readonly string[]; readonly response: string; readonly mail: RenderedSummary }
  | { readonly status: 'not_configured'; readonly messageId: null; readonly mail: RenderedSummary };

/** Where attachment bytes come from (the file store built by the CRM/API). */
export interface FileSource {
  open(fileId: string): Promise<{ readonly content: Buffer | Readable; readonly contentType?: string; readonly filename?: string } | null>;
}

/**
 * A FileSource over the file store (`FileStore.get(key)` returning a stream). A missing
 * file (ENOENT, or a store's not-found error) becomes null: the job fails permanently
 * naming the attachment instead of retrying forever.
 */
export function fileSourceFromStore(store: { get(key: string): Promise<Readable> }): FileSource {
  return {
    async open(fileId) {
      try {
        return { content: await store.get(fileId) };
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (code === 'ENOENT' || code === 'NOT_FOUND' || (err as Error)?.name === 'NotFoundError') return null;
        throw err;
      }
    },
  };
}

export interface EmailSendDeps {
  readonly files?: FileSource;
  /** Replaced in tests; by default a fresh `SmtpMailer` per job. */
  readonly mailerFor?: (config: SmtpConfig) => MailPort;
  readonly now?: () => number;
}

/** A Message-ID derived only from the idempotency key and the company's domain. */
export function messageIdFor(idempotencyKey: string, from: MailAddress): string {
  const domain = from.address.split('@')[1] ?? 'potok.local';
  const token = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32);
  return `<potok.${token}@${domain}>`;
}

interface Composed {
  readonly summary: RenderedSummary;
  readonly to: readonly MailAddress[];
  readonly replyTo?: MailAddress;
  readonly attachments: readonly EmailAttachmentInput[];
}

/** Validates the input and renders the template: pure, so the runtime can show a mail before it is sent. */
export function composeEmail(input: EmailSendInput): Composed {
  if (!input || typeof input !== 'object') throw new ConnectorError('bad_input', 'the e-mail job has no input', false);
  const rawTo = Array.isArray(input.to) ? input.to : input.to === undefined ? [] : [input.to];
  const to = rawTo.map((t) => {
    const a = toMailAddress(t);
    if (!a) throw new ConnectorError('bad_input', `to: ${JSON.stringify(t)} is not an e-mail address`, false);
    return a;
  });
  if (to.length === 0) throw new ConnectorError('bad_input', 'to: the e-mail has no recipient', false);
  let replyTo: MailAddress | undefined;
  if (input.replyTo !== undefined && input.replyTo !== null && input.replyTo !== '') {
    const a = toMailAddress(input.replyTo);
    if (!a) throw new ConnectorError('bad_input', `replyTo: ${JSON.stringify(input.replyTo)} is not an e-mail address`, false);
    replyTo = a;
  }

  let subject: string;
  let text: string;
  let html: string | null;
  let missing: readonly string[] = [];
  const attachments: EmailAttachmentInput[] = [...(input.attachments ?? [])];
  if (input.template) {
    const checked = validateTemplate(input.template);
    if (!checked.ok) throw new ConnectorError('bad_input', `template: ${checked.problems.map((p) => p.message).join('; ')}`, false);
    const rendered = renderTemplate(checked.template, input.data ?? {});
    ({ subject, text, html, missing } = rendered);
    for (const a of checked.template.attachments ?? []) {
      if (!a.fileId) {
        throw new ConnectorError('template_incomplete', `template «${checked.template.name}»: the attachment «${a.title ?? a.filename}» has no uploaded file`, false);
      }
      attachments.push({ filename: a.filename, contentType: a.contentType, fileId: a.fileId });
    }
  } else {
    if (typeof input.subject !== 'string' || !input.subject.trim()) throw new ConnectorError('bad_input', 'subject: the e-mail has no subject', false);
    if (typeof input.text !== 'string') throw new ConnectorError('bad_input', 'text: the e-mail has no text body', false);
    subject = input.subject.replace(/[\r\n]+/g, ' ').trim();
    text = input.text;
    html = input.html ?? null;
  }
  for (const [i, a] of attachments.entries()) {
    if (!a || typeof a.filename !== 'string' || !a.filename) throw new ConnectorError('bad_input', `attachments[${i}].filename is required`, false);
    if (!('fileId' in a && a.fileId) && !('contentBase64' in a && typeof a.contentBase64 === 'string')) {
      throw new ConnectorError('bad_input', `attachments[${i}]: give fileId or contentBase64`, false);
    }
  }
  if (input.meeting) validateMeeting(input.meeting);
  return {
    to,
    replyTo,
    attachments,
    summary: {
      to: to.map((a) => a.address),
      replyTo: replyTo?.address ?? null,
      subject,
      text,
      html,
      attachments: attachments.map((a) => a.filename),
      hasInvitation: Boolean(input.meeting),
      missing,
    },
  };
}

function validateMeeting(m: EmailMeetingInput): void {
  if (!(typeof m.uid === 'string' && m.uid) && !(typeof m.dealId === 'string' && m.dealId)) throw new ConnectorError('bad_input', 'meeting: give uid or dealId', false);
  if (m.sequence !== undefined && (!Number.isInteger(m.sequence) || m.sequence < 0)) throw new ConnectorError('bad_input', 'meeting.sequence must be a whole number ≥ 0', false);
  if (!Number.isFinite(m.start) || !Number.isFinite(m.end) || m.end <= m.start) {
    throw new ConnectorError('bad_input', 'meeting.start/end must be epoch milliseconds with end after start', false);
  }
}

async function loadAttachments(list: readonly EmailAttachmentInput[], files: FileSource | undefined): Promise<MailAttachment[]> {
  const out: MailAttachment[] = [];
  for (const a of list) {
    if ('contentBase64' in a) {
      out.push({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.contentBase64, 'base64') });
      continue;
    }
    if (!files) throw new ConnectorError('bad_config', `attachment «${a.filename}»: no file store is connected to the e-mail connector`, false);
    const file = await files.open(a.fileId);
    if (!file) throw new ConnectorError('bad_input', `attachment «${a.filename}»: file ${a.fileId} does not exist`, false);
    out.push({ filename: a.filename, contentType: a.contentType ?? file.contentType, content: file.content });
  }
  return out;
}

export function createEmailSendConnector(deps: EmailSendDeps = {}): ConnectorDeclaration<SmtpConfig, EmailSendInput, EmailSendOutput> {
  const mailerFor = deps.mailerFor ?? ((config: SmtpConfig) => new SmtpMailer(config));
  const now = deps.now ?? Date.now;
  return {
    type: EMAIL_SEND,
    title: 'Отправка e-mail',
    run: (ctx: ConnectorContext<SmtpConfig, EmailSendInput>) =>
      runSafely(async (): Promise<EmailSendOutput> => {
        const composed = composeEmail(ctx.input);
        if (ctx.config === null) {
          ctx.logger.warn({ to: composed.summary.to, subject: composed.summary.subject }, 'SMTP is not configured: the mail stays in the outbox');
          return { status: 'not_configured', messageId: null, mail: composed.summary };
        }
        const config = ctx.config;
        const messageId = messageIdFor(ctx.idempotencyKey, config.from);
        const m = ctx.input.meeting;
        const mail: OutgoingMail = {
          from: config.from,
          to: composed.to,
          replyTo: composed.replyTo,
          subject: composed.summary.subject,
          text: composed.summary.text,
          html: composed.summary.html ?? undefined,
          attachments: await loadAttachments(composed.attachments, deps.files),
          icalEvent: m
            ? {
                method: m.method ?? 'REQUEST',
                filename: 'invite.ics',
                content: buildMeetingInvitationIcs({
                  method: m.method ?? 'REQUEST',
                  uid: m.uid || meetingUid(m.dealId!, m.meetingKey ?? 'meeting', config.from.address.split('@')[1] ?? 'potok.local'),
                  sequence: m.sequence ?? sequenceFromTime(ctx.input.createdAt ?? now()),
                  start: m.start,
                  end: m.end,
                  summary: m.summary ?? MEETING_SUMMARY,
                  location: m.place ?? undefined,
                  description: m.description ?? undefined,
                  organizer: config.from,
                  attendees: composed.to,
                  stamp: ctx.input.createdAt ?? now(),
                }),
              }
            : undefined,
          messageId,
        };
        const mailer = mailerFor(config);
        try {
          const sent = await mailer.send(mail, ctx.signal);
          ctx.logger.info({ to: composed.summary.to, subject: mail.subject, messageId, host: config.host, response: sent.response }, 'mail sent');
          return { status: 'sent', messageId: sent.messageId, accepted: sent.accepted, rejected: sent.rejected, response: sent.response, mail: composed.summary };
        } catch (err) {
          const e = err as ConnectorError;
          ctx.logger.warn({ to: composed.summary.to, messageId, host: config.host, code: e.code, retryable: e.retryable, reply: e.remote?.reply }, 'mail not sent');
          throw err;
        } finally {
          mailer.close();
        }
      }),
  };
}

/** The declaration with no file store (inline attachments only); the runtime normally builds its own with `files`. */
export const emailSendConnector = createEmailSendConnector();
