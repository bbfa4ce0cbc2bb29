/**
 * `MailPort` over SMTP with nodemailer. One transport per mailer; no pooling, since the
 * job workers send a few mails a minute and a fresh connection recovers from any state.
 */
import nodemailer from 'nodemailer';
import type { MailPort, OutgoingMail, SentMail } from './mail.port.ts';
import type { SmtpConfig } from './smtp-config.ts';
import { classifySmtpError } from './smtp-errors.ts';

type Transporter = ReturnType<typeof nodemailer.createTransport>;

export class SmtpMailer implements MailPort {
  private readonly transporter: Transporter;

  constructor(private readonly config: SmtpConfig) {
    this.transporter = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.security === 'tls',
      requireTLS: config.security === 'starttls',
      ignoreTLS: config.security === 'none',
      auth: config.user ? { user: config.user, pass: config.password ?? '' } : undefined,
      tls: {
        rejectUnauthorized: config.tlsRejectUnauthorized,
        ...(config.tlsCa ? { ca: config.tlsCa } : {}),
      },
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      socketCloseTimeout: 0,
      // Never let nodemailer read files or URLs named in a message: attachments are bytes we give it.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(mail: OutgoingMail, signal?: AbortSignal): Promise<SentMail> {
    try {
      const info = await this.transporter.sendMail({
        from: mail.from,
        to: [...mail.to],
        replyTo: mail.replyTo,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
        icalEvent: mail.icalEvent
          ? { method: mail.icalEvent.method, content: mail.icalEvent.content, filename: mail.icalEvent.filename ?? 'invite.ics' }
          : undefined,
        messageId: mail.messageId,
        headers: mail.headers ? { ...mail.headers } : undefined,
        signal,
      });
      return {
        messageId: info.messageId,
        accepted: (info.accepted ?? []).map(addressText),
        rejected: (info.rejected ?? []).map(addressText),
        response: info.response ?? '',
      };
    } catch (err) {
      throw classifySmtpError(err, [this.config.password]);
    }
  }

  async verify(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw classifySmtpError({ code: 'EABORT' });
    try {
      await this.transporter.verify();
    } catch (err) {
      throw classifySmtpError(err, [this.config.password]);
    }
  }

  close(): void {
    this.transporter.close();
  }
}

function addressText(a: string | { address: string }): string {
  return typeof a === 'string' ? a : a.address;
}
