/**
 * Job handlers for `email.send` and `onec.createCounterparty`, ready to register with the
 * runtime's registry (`registerJobHandler(createEmailJobHandler(ports))`). They match the
 * runtime's JobHandler shape structurally, so connectors do not import the runtime: the
 * dependency stays runtime → connectors. The ports are plain functions the CRM provides
 * (stored settings, templates, users, the company, the file store).
 *
 * Outcomes: `{ kind: 'complete', variables }`; a failure is thrown as a ConnectorError
 * (`retryable`, `code`, `message`), which the runtime's toJobFailure reads.
 */
import { configOrFail, unwrap, type ConnectorLogger } from './connector.ts';
import { emailInputFromJob } from './mail/email-job.mapper.ts';
import { createEmailSendConnector, type EmailSendInput, type EmailSendOutput, type FileSource } from './mail/email-send.connector.ts';
import type { MailPort } from './mail/mail.port.ts';
import { resolveSmtpConfig, type SmtpConfig, type SmtpConfigInput } from './mail/smtp-config.ts';
import { isTemplateType, type TemplateType } from './mail/template-catalogue.ts';
import type { TemplateFacts } from './mail/template-data.ts';
import type { MailTemplate } from './mail/template.renderer.ts';
import { createOneCCounterpartyConnector } from './onec/create-counterparty.connector.ts';
import { resolveOneCConfig, type OneCConfig, type OneCConfigInput } from './onec/onec-config.ts';
import { oneCInputFromJob, oneCJobVariables } from './onec/onec-job.mapper.ts';
import type { OneCPort } from './onec/onec.port.ts';
import { ConnectorError } from './connector.ts';

type JsonLike = null | boolean | number | string | JsonLike[] | { [key: string]: JsonLike };
type Env = Readonly<Record<string, string | undefined>>;

/** The part of the runtime's JobContext these handlers read. */
export interface ConnectorJobContext {
  readonly job: {
    readonly id: string;
    readonly kind: 'bpmn' | 'outbox';
    readonly type: string;
    readonly elementId: string | null;
    readonly headers: Readonly<Record<string, string>>;
    readonly payload: unknown;
  };
  readonly idempotencyKey: string;
  readonly signal: AbortSignal;
  readonly logger: ConnectorLogger;
  readonly now: number;
}

export interface ConnectorJobOutcome {
  readonly kind: 'complete';
  readonly variables?: Readonly<Record<string, JsonLike>>;
}

export interface ConnectorJobHandler {
  readonly type: string;
  run(ctx: ConnectorJobContext): Promise<ConnectorJobOutcome>;
}

export interface EmailJobPorts {
  /** The admin's stored SMTP settings (null: none; then the POTOK_SMTP_* environment). */
  smtpSettings(): Promise<SmtpConfigInput | null>;
  /** The admin's current template of a type (the shipped one until edited). */
  template(type: TemplateType): Promise<MailTemplate>;
  /** A user by login (the rep named by `replyToUser`); null when unknown. */
  user(login: string): Promise<{ readonly name: string; readonly email?: string | null; readonly phone?: string | null } | null>;
  company(): Promise<TemplateFacts['company']>;
  /** When the rep will call about the premises (for {{premises.callDate}}), from the job's variables. */
  premisesCallAt?(variables: Readonly<Record<string, JsonLike>>, now: number): Promise<number | null> | number | null;
  readonly files?: FileSource;
  /** The company's zone (default POTOK_TZ or Europe/Moscow). */
  readonly timeZone?: string;
  readonly env?: Env;
  /** Tests: replace the SMTP transport. */
  readonly mailerFor?: (config: SmtpConfig) => MailPort;
}

/**
 * `email.send`: a BPMN send task (header `template`, optional `ics=meeting`; variables as
 * the shipped model maps them) or an outbox message (`{ to, subject, text }`, e.g. a
 * notification). Completes with `{ status, messageId, mail }` — `status` is `sent` or
 * `not_configured` (the mail is kept, not delivered), `mail` what was (or would be) sent,
 * without its HTML.
 */
export function createEmailJobHandler(ports: EmailJobPorts): ConnectorJobHandler {
  const connector = createEmailSendConnector({ files: ports.files, mailerFor: ports.mailerFor });
  const env = ports.env ?? process.env;
  return {
    type: connector.type,
    async run(ctx) {
      const config = configOrFail(resolveSmtpConfig(await ports.smtpSettings(), env), 'SMTP');
      const input = await emailInput(ctx, ports, env);
      const output = unwrap(await connector.run({ config, input, signal: ctx.signal, logger: ctx.logger, idempotencyKey: ctx.idempotencyKey }));
      return { kind: 'complete', variables: emailVariables(output) };
    },
  };
}

async function emailInput(ctx: ConnectorJobContext, ports: EmailJobPorts, env: Env): Promise<EmailSendInput> {
  const payload = (ctx.job.payload && typeof ctx.job.payload === 'object' && !Array.isArray(ctx.job.payload) ? ctx.job.payload : {}) as Record<string, JsonLike>;
  const type = ctx.job.headers.template;
  if (!type) return payload as unknown as EmailSendInput; // an already composed mail (notifications)
  if (!isTemplateType(type)) throw new ConnectorError('bad_input', `template header: unknown template ${JSON.stringify(type)}`, false);
  const repLogin = typeof payload.replyToUser === 'string' ? payload.replyToUser : null;
  return emailInputFromJob({
    headers: ctx.job.headers,
    variables: payload,
    template: await ports.template(type),
    rep: repLogin ? await ports.user(repLogin) : null,
    company: await ports.company(),
    timeZone: ports.timeZone ?? env.POTOK_TZ ?? 'Europe/Moscow',
    premisesCallAt: type === 'premises_requirements' && ports.premisesCallAt ? await ports.premisesCallAt(payload, ctx.now) : null,
    createdAt: ctx.now,
  });
}

function emailVariables(output: EmailSendOutput): Record<string, JsonLike> {
  const { html: _html, ...mail } = output.mail;
  return { status: output.status, messageId: output.messageId, mail: mail as unknown as JsonLike };
}

export interface OneCJobPorts {
  /** The admin's stored 1C settings (null: none; then the POTOK_ONEC_* environment). */
  oneCSettings(): Promise<OneCConfigInput | null>;
  readonly env?: Env;
  /** Tests: replace the OData client. */
  readonly oneCFor?: (config: OneCConfig) => OneCPort;
}

/** `onec.createCounterparty`: completes with `{ onecRef }` (the counterparty's Ref_Key). */
export function createOneCJobHandler(ports: OneCJobPorts): ConnectorJobHandler {
  const connector = createOneCCounterpartyConnector({ oneCFor: ports.oneCFor });
  const env = ports.env ?? process.env;
  return {
    type: connector.type,
    async run(ctx) {
      const config = configOrFail(resolveOneCConfig(await ports.oneCSettings(), env), '1C');
      const input = oneCInputFromJob((ctx.job.payload ?? {}) as Record<string, JsonLike>);
      const output = unwrap(await connector.run({ config, input, signal: ctx.signal, logger: ctx.logger, idempotencyKey: ctx.idempotencyKey }));
      return { kind: 'complete', variables: oneCJobVariables(output) };
    },
  };
}
