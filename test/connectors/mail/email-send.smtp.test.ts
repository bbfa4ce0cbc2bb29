import { afterEach, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { createEmailSendConnector, fileSourceFromStore, messageIdFor, type EmailSendInput } from '../../../src/connectors/mail/email-send.connector.ts';
import { validateSmtpConfig, type SmtpConfig } from '../../../src/connectors/mail/smtp-config.ts';
import { buildTemplateData } from '../../../src/connectors/mail/template-data.ts';
import { loadShippedTemplate } from '../../../src/connectors/mail/shipped-templates.ts';
import { meetingUid } from '../../../src/connectors/mail/meeting-invitation.ics.ts';
import { silentLogger, type ConnectorResult } from '../../../src/connectors/connector.ts';
import type { EmailSendOutput } from '../../../src/connectors/mail/email-send.connector.ts';
import { checkSmtp } from '../../../src/connectors/mail/smtp-check.ts';
import { freePort, startTestSmtp, type TestSmtpServer } from '../support/smtp-test.server.ts';

const PRESENTATION_PDF = Buffer.from('%PDF-1.4 презентация франшизы\n%%EOF\n', 'utf8');

function smtpConfig(port: number, extra: Record<string, unknown> = {}): SmtpConfig {
  const r = validateSmtpConfig({
    host: '127.0.0.1',
    port,
    security: 'none',
    user: 'potok',
    password: 's3cret-pass',
    from: 'Пивной Дом, франшиза <franchise@pivo.example>',
    timeoutMs: 5000,
    ...extra,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

const facts = {
  deal: { title: 'ООО «Ромашка»', contactName: 'Иван Петров', email: 'ivan@romashka.example', phone: '+7 900 123-45-67', city: 'Казань' },
  rep: { name: 'Мария Смирнова', phone: '+7 900 765-43-21', email: 'm.smirnova@pivo.example' },
  company: { name: 'Пивной Дом', website: 'https://pivo.example' },
};

const files = {
  async open(fileId: string) {
    return fileId === 'file-presentation' ? { content: PRESENTATION_PDF, contentType: 'application/pdf' } : null;
  },
};

const connector = createEmailSendConnector({ files });

function run(config: SmtpConfig | null, input: EmailSendInput, idempotencyKey = 'deal-1:send_presentation:7'): Promise<ConnectorResult<EmailSendOutput>> {
  return connector.run({ config, input, signal: new AbortController().signal, logger: silentLogger, idempotencyKey });
}

async function presentationInput(): Promise<EmailSendInput> {
  const shipped = await loadShippedTemplate('presentation');
  const template = { ...shipped, attachments: shipped.attachments!.map((a) => ({ ...a, fileId: 'file-presentation' })) };
  return {
    to: { name: 'Иван Петров', address: 'ivan@romashka.example' },
    replyTo: { name: 'Мария Смирнова', address: 'm.smirnova@pivo.example' },
    template,
    data: buildTemplateData(facts),
  };
}

let servers: TestSmtpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function smtp(options: Parameters<typeof startTestSmtp>[0] = {}) {
  const s = await startTestSmtp(options);
  servers.push(s);
  return s;
}

describe('email.send against a real SMTP server', () => {
  it('given a server requiring login, when the presentation is sent, then the client receives it from the company with the rep as Reply-To and the PDF attached', async () => {
    const server = await smtp({ auth: { user: 'potok', password: 's3cret-pass' } });

    const result = await run(smtpConfig(server.port), await presentationInput());

    expect(result.ok).toBe(true);
    expect(result.ok && result.output.status).toBe('sent');
    expect(server.received).toHaveLength(1);
    const mail = server.received[0];
    expect(mail.user).toBe('potok');
    expect(mail.envelopeFrom).toBe('franchise@pivo.example');
    expect(mail.envelopeTo).toEqual(['ivan@romashka.example']);
    expect(mail.parsed.from?.value).toEqual([{ name: 'Пивной Дом, франшиза', address: 'franchise@pivo.example' }]);
    expect(mail.parsed.replyTo?.value).toEqual([{ name: 'Мария Смирнова', address: 'm.smirnova@pivo.example' }]);
    expect(mail.parsed.subject).toBe('Пивной Дом: презентация франшизы для ООО «Ромашка»');
    expect(mail.parsed.text).toContain('Здравствуйте, Иван Петров!');
    expect(mail.parsed.html).toContain('<p>Здравствуйте, Иван Петров!</p>');
    const pdf = mail.parsed.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.filename).toBe('Презентация франшизы.pdf');
    expect(pdf?.content.equals(PRESENTATION_PDF)).toBe(true);
  });

  it('given Cyrillic names and subject, when sent, then the raw message carries only encoded ASCII headers that decode back exactly', async () => {
    const server = await smtp();
    const result = await run(smtpConfig(server.port, { user: '', password: '' }), {
      to: { name: 'Пётр Иванович Сидоров-Щукин', address: 'petr@example.ru' },
      replyTo: 'Мария Смирнова <m.smirnova@pivo.example>',
      subject: 'Коммерческое предложение: «Пивной Дом» — ёлки, щи и «кавычки»',
      text: 'Текст',
    });
    expect(result.ok).toBe(true);
    const mail = server.received[0];
    const headerBlock = mail.raw.toString('latin1').split('\r\n\r\n')[0];
    expect([...headerBlock].every((c) => c.charCodeAt(0) < 128)).toBe(true);
    expect(mail.parsed.subject).toBe('Коммерческое предложение: «Пивной Дом» — ёлки, щи и «кавычки»');
    expect(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value : null).toEqual([{ name: 'Пётр Иванович Сидоров-Щукин', address: 'petr@example.ru' }]);
    expect(mail.parsed.from?.value[0].name).toBe('Пивной Дом, франшиза');
  });

  it('given the same job retried, when sent twice, then both deliveries carry the same Message-ID derived from the idempotency key', async () => {
    const server = await smtp({ auth: { user: 'potok', password: 's3cret-pass' } });
    const config = smtpConfig(server.port);
    const input = await presentationInput();

    const first = await run(config, input, 'instance-42:element-9');
    const second = await run(config, input, 'instance-42:element-9');
    const other = await run(config, input, 'instance-42:element-10');

    const ids = server.received.map((m) => m.parsed.messageId);
    expect(ids[0]).toBe(messageIdFor('instance-42:element-9', config.from));
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(first.ok && first.output.messageId).toBe(ids[0]);
    expect(second.ok && second.output.messageId).toBe(ids[0]);
    expect(other.ok).toBe(true);
  });

  it('given a meeting, when the invitation is sent, then it carries a text/calendar REQUEST with the meeting UID and the rendered place and time', async () => {
    const server = await smtp();
    const template = await loadShippedTemplate('meeting_invitation');
    const start = Date.UTC(2026, 2, 16, 8, 0); // 11:00 Moscow
    const uid = meetingUid('deal-17', '23', 'pivo.example');
    const result = await run(smtpConfig(server.port, { user: '', password: '' }), {
      to: { name: 'Иван Петров', address: 'ivan@romashka.example' },
      replyTo: 'm.smirnova@pivo.example',
      template,
      data: buildTemplateData({ ...facts, meeting: { start, end: start + 3_600_000, place: 'Казань, ул. Баумана, 10' } }),
      meeting: { uid, sequence: 1, start, end: start + 3_600_000, place: 'Казань, ул. Баумана, 10' },
      createdAt: Date.UTC(2026, 2, 13, 9, 30),
    });
    expect(result.ok).toBe(true);
    const mail = server.received[0];
    expect(mail.parsed.text).toContain('Когда: 16 марта 2026 г., 11:00–12:00');
    expect(mail.parsed.text).toContain('Где: Казань, ул. Баумана, 10');
    const raw = mail.raw.toString('utf8');
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/i);
    const ics = mail.parsed.attachments.find((a) => a.contentType === 'text/calendar');
    expect(ics).toBeDefined();
    // Unfold (RFC 5545 §3.1) before looking for whole properties.
    const text = ics!.content.toString('utf8').replace(/\r\n /g, '');
    expect(text).toContain(`UID:${uid}\r\n`);
    expect(text).toContain('SEQUENCE:1\r\n');
    expect(text).toContain('METHOD:REQUEST\r\n');
    expect(text).toContain('DTSTART:20260316T080000Z\r\n');
    expect(text).toContain('DTEND:20260316T090000Z\r\n');
    expect(text).toContain('ORGANIZER;CN="Пивной Дом, франшиза":mailto:franchise@pivo.example\r\n');
    expect(text).toContain('LOCATION:Казань\\, ул. Баумана\\, 10\r\n');
  });

  it('given a wrong SMTP password, when sent, then it fails permanently as auth with the server reply and without the password', async () => {
    const server = await smtp({ auth: { user: 'potok', password: 'the-right-one' } });
    const result = await run(smtpConfig(server.port, { password: 'wrong-password' }), await presentationInput());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('auth');
    expect(result.error.retryable).toBe(false);
    expect(result.error.remote?.replyCode).toBe(535);
    expect(result.error.message).toContain('Authentication credentials invalid');
    expect(JSON.stringify(result.error)).not.toContain('wrong-password');
    expect(server.received).toHaveLength(0);
  });

  it('given a server that answers 550, when sent, then the mail is failed permanently with the reply code and text', async () => {
    const server = await smtp({ refuseRecipient: { code: 550, message: '5.1.1 Mailbox ivan@romashka.example does not exist' } });
    const result = await run(smtpConfig(server.port, { user: '', password: '' }), { to: 'ivan@romashka.example', subject: 'Тема', text: 'Текст' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'smtp_rejected', retryable: false, remote: { replyCode: 550 } });
    expect(result.error.remote?.reply).toContain('Mailbox ivan@romashka.example does not exist');
    expect(result.error.message).toContain('550');
  });

  it('given a server that answers 451, when sent, then the failure is retryable and carries the reply', async () => {
    const server = await smtp({ refuseRecipient: { code: 451, message: '4.7.1 Greylisted, try again later' } });
    const result = await run(smtpConfig(server.port, { user: '', password: '' }), { to: 'ivan@romashka.example', subject: 'Тема', text: 'Текст' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'smtp_transient', retryable: true, remote: { replyCode: 451 } });
    expect(result.error.remote?.reply).toContain('Greylisted, try again later');
  });

  it('given the server is down, when sent, then it fails retryably; when it comes back, then the retry is delivered', async () => {
    const port = await freePort();
    const config = smtpConfig(port, { user: '', password: '' });
    const input: EmailSendInput = { to: 'ivan@romashka.example', subject: 'Тема', text: 'Текст' };

    const down = await run(config, input);
    expect(down.ok).toBe(false);
    expect(!down.ok && down.error).toMatchObject({ code: 'unreachable', retryable: true });

    const server = await smtp({ port });
    const up = await run(config, input);
    expect(up.ok && up.output.status).toBe('sent');
    expect(server.received).toHaveLength(1);
  });

  it('given no SMTP configuration, when a mail job runs, then it reports not_configured with the rendered mail and sends nothing', async () => {
    const result = await run(null, await presentationInput());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.output.status).toBe('not_configured');
    expect(result.output.mail.subject).toBe('Пивной Дом: презентация франшизы для ООО «Ромашка»');
    expect(result.output.mail.attachments).toEqual(['Презентация франшизы.pdf']);
  });

  it('given a server offering STARTTLS with a self-signed certificate, when the admin trusts it, then the mail goes over TLS; when not, then it fails permanently as tls', async () => {
    const server = await smtp({ starttls: true, auth: { user: 'potok', password: 's3cret-pass' } });
    const input: EmailSendInput = { to: 'ivan@romashka.example', subject: 'Тема', text: 'Текст' };

    const untrusted = await run(smtpConfig(server.port, { security: 'starttls' }), input);
    expect(untrusted.ok).toBe(false);
    expect(!untrusted.ok && untrusted.error).toMatchObject({ code: 'tls', retryable: false });

    const trusted = await run(smtpConfig(server.port, { security: 'starttls', tlsRejectUnauthorized: false }), input);
    expect(trusted.ok && trusted.output.status).toBe('sent');
    expect(server.received).toHaveLength(1);
    expect(server.received[0].secure).toBe(true);
  });

  it('given a server without STARTTLS, when the configuration requires it, then the mail is not sent in clear text', async () => {
    const server = await smtp({ auth: { user: 'potok', password: 's3cret-pass' } });
    const result = await run(smtpConfig(server.port, { security: 'starttls' }), { to: 'ivan@romashka.example', subject: 'Тема', text: 'Текст' });
    expect(result.ok).toBe(false);
    expect(server.received).toHaveLength(0);
  });

  it('given the presentation template without its uploaded file, when the job runs, then it fails permanently naming the attachment', async () => {
    const server = await smtp();
    const shipped = await loadShippedTemplate('presentation');
    const result = await run(smtpConfig(server.port, { user: '', password: '' }), {
      to: 'ivan@romashka.example',
      template: shipped,
      data: buildTemplateData(facts),
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatchObject({ code: 'template_incomplete', retryable: false });
    expect(!result.ok && result.error.message).toContain('Презентация компании (PDF)');
    expect(server.received).toHaveLength(0);
  });
});

describe('attachments from the file store', () => {
  it('given the presentation file is in the store, when sent, then its bytes are attached; given it was deleted, then the job fails permanently naming it', async () => {
    const server = await smtp();
    const stored = new Map([['file-presentation', PRESENTATION_PDF]]);
    const store = {
      async get(key: string) {
        const bytes = stored.get(key);
        if (!bytes) throw Object.assign(new Error(`ENOENT: no such file ${key}`), { code: 'ENOENT' });
        return Readable.from([bytes]);
      },
    };
    const viaStore = createEmailSendConnector({ files: fileSourceFromStore(store) });
    const input = await presentationInput();
    const config = smtpConfig(server.port, { user: '', password: '' });
    const ctx = { config, input, signal: new AbortController().signal, logger: silentLogger, idempotencyKey: 'k1' };

    const sent = await viaStore.run(ctx);
    expect(sent.ok).toBe(true);
    expect(server.received[0].parsed.attachments.find((a) => a.contentType === 'application/pdf')?.content.equals(PRESENTATION_PDF)).toBe(true);

    stored.clear();
    const missing = await viaStore.run({ ...ctx, idempotencyKey: 'k2' });
    expect(!missing.ok && missing.error).toMatchObject({ code: 'bad_input', retryable: false });
    expect(!missing.ok && missing.error.message).toContain('Презентация франшизы.pdf');
    expect(server.received).toHaveLength(1);
  });
});

describe('the admin\'s SMTP test', () => {
  it('given the right login, when tested, then it connects and logs in without sending; given a wrong one, then it reports auth', async () => {
    const server = await smtp({ auth: { user: 'potok', password: 's3cret-pass' } });
    const good = await checkSmtp(smtpConfig(server.port));
    expect(good).toEqual({ ok: true, message: `connected to 127.0.0.1:${server.port} and logged in as potok` });
    const bad = await checkSmtp(smtpConfig(server.port, { password: 'nope-nope' }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatchObject({ code: 'auth', retryable: false });
    expect(server.received).toHaveLength(0);
  });
});
