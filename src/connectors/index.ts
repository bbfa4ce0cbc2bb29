/**
 * Potok's connectors: e-mail over SMTP and 1C over OData. Each is a declaration plus
 * `run(ctx)` (connector.ts); the runtime's job handlers are the only callers of `run`,
 * the API calls the configuration and template functions. Nothing here touches the
 * database: configurations and templates come in as plain objects.
 *
 * ── Job handlers (runtime) ───────────────────────────────────────────────────────────
 *
 *   ctx = { config, input, signal, logger, idempotencyKey }   (ConnectorContext)
 *   run(ctx) → Promise<{ ok: true, output } | { ok: false, error: ConnectorFailure }>
 *   ConnectorFailure = { code, retryable, message, remote? }   (plain JSON, never a secret)
 *   unwrap(result) → output, or throws a ConnectorError (has retryable/code/message, so
 *   the runtime's toJobFailure keeps them).
 *   configOrFail(resolveXConfig(stored, env), 'SMTP') → config | null, or throws bad_config (permanent).
 *
 *   Ready-made handlers (connector-job.handlers.ts), structurally the runtime's JobHandler:
 *     registerJobHandler(createEmailJobHandler({ smtpSettings, template, user, company, premisesCallAt?, files? }))
 *       → completes with { status: 'sent' | 'not_configured', messageId, mail } (also the job row's result,
 *         which the admin's "sent e-mails" list reads)
 *     registerJobHandler(createOneCJobHandler({ oneCSettings }))
 *       → completes with { onecRef }
 *   Each port is a plain async function over the CRM's stores; the POTOK_SMTP_* / POTOK_ONEC_*
 *   environment is used when the stored settings are null.
 *
 *   The same by hand:
 *     const config = configOrFail(resolveOneCConfig(await settings.onec(), process.env), '1C');
 *     const input = oneCInputFromJob(job.job.payload as Record<string, Json>);
 *     const output = unwrap(await oneCCounterpartyConnector.run({ config, input, signal: job.signal, logger: job.logger, idempotencyKey: job.idempotencyKey }));
 *     return { kind: 'complete', variables: oneCJobVariables(output) };
 *
 * `email.send` — createEmailSendConnector({ files: fileSourceFromStore(fileStore) }) (the
 * presentation attachment comes from the file store); `emailSendConnector` has none.
 *   config: SmtpConfig | null      resolveSmtpConfig(stored, process.env) → {ok, config} | {ok:false, problems} | null
 *   input:  EmailSendInput         emailInputFromJob({ headers, variables, template, rep, company, timeZone, premisesCallAt?, createdAt? })
 *   output: { status: 'sent', messageId, accepted, rejected, response, mail }
 *         | { status: 'not_configured', messageId: null, mail }   ← complete the job; keep the mail in the outbox, not delivered
 *   `mail` (RenderedSummary: to, replyTo, subject, text, html, attachments, hasInvitation, missing) is what the
 *   deal's timeline and the "sent e-mails" list show. composeEmail(input) renders it without sending.
 *   Retryable: smtp_transient (4xx), unreachable, timeout, aborted.
 *   Permanent: smtp_rejected (5xx; remote.replyCode, remote.reply), auth, tls, bad_input, bad_config, template_incomplete.
 *
 * `onec.createCounterparty` — oneCCounterpartyConnector (or createOneCCounterpartyConnector({ oneCFor })).
 *   config: OneCConfig | null      resolveOneCConfig(stored, process.env)
 *   input:  CreateCounterpartyInput = { clientType: 'ip'|'ooo', requisites, dealId? }   oneCInputFromJob(variables)
 *   output: { counterpartyRef, bankAccountRef, bankRef, reused, bankAccountReused, mainAccountSet }  oneCJobVariables(output) → { onecRef }
 *   Retryable: unreachable, timeout, server (5xx), aborted.
 *   Permanent: auth (401/403), refused (400; 1C's text in remote.message), not_published (404),
 *   not_configured, bad_input, protocol. The shipped model turns a permanent failure or the
 *   last retry into the BPMN error ONEC_FAILED (header potok.errorOnFinalFailure).
 *
 * ── API (admin) ──────────────────────────────────────────────────────────────────────
 *
 *   SMTP settings:   validateSmtpConfig(body) → { ok, config } | { ok: false, problems: [{ field, message }] }
 *                    redactSmtpConfig(config) / redact(obj) before returning anything
 *                    checkSmtp(config) → { ok: true, message } | { ok: false, error: ConnectorFailure }  ("test" button)
 *   Templates:       validateTemplate(t) → { ok, template } | { ok: false, problems: [{ field, placeholder?, message }] }
 *                    previewTemplate(t, data?) → { rendered, problems }   (data from buildTemplateData(facts, tz))
 *                    PLACEHOLDER_CATALOGUE[type] (name, Russian description, sample) for the editor
 *                    loadShippedTemplates() → the three shipped templates (processes/templates/*.json) to seed the store
 *   1C settings:     validateOneCConfig(body), redactOneCConfig(config)
 *                    checkConnection(config) → { url, usable, findings: [{ check, entitySet?, ok, message, hint? }] }
 */
export * from './connector.ts';
export { redact, REDACTED, scrubSecrets } from './redact.ts';

export * from './mail/mail-address.ts';
export * from './mail/mail.port.ts';
export * from './mail/smtp-config.ts';
export { SmtpMailer } from './mail/smtp.mailer.ts';
export { classifySmtpError } from './mail/smtp-errors.ts';
export * from './mail/smtp-check.ts';
export * from './mail/template-catalogue.ts';
export * from './mail/template.renderer.ts';
export * from './mail/template-data.ts';
export * from './mail/shipped-templates.ts';
export * from './mail/meeting-invitation.ics.ts';
export * from './mail/email-send.connector.ts';
export * from './mail/email-job.mapper.ts';

export * from './onec/onec.port.ts';
export * from './onec/onec-config.ts';
export * from './onec/odata-url.ts';
export { ODataClient, parseOneCError, type FetchLike, type ODataEntity } from './onec/odata.client.ts';
export { ODataOneC, shortName, validateCounterpartyInput, COUNTERPARTIES, BANK_ACCOUNTS } from './onec/counterparty.service.ts';
export * from './onec/onec-check.ts';
export * from './onec/create-counterparty.connector.ts';
export * from './onec/onec-job.mapper.ts';

export * from './connector-job.handlers.ts';
