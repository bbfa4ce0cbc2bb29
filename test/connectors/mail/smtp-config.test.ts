import { describe, expect, it } from 'vitest';
import { redactSmtpConfig, resolveSmtpConfig, smtpConfigFromEnv, validateSmtpConfig } from '../../../src/connectors/mail/smtp-config.ts';
import { redact, REDACTED } from '../../../src/connectors/redact.ts';
import { classifySmtpError } from '../../../src/connectors/mail/smtp-errors.ts';
import { configOrFail } from '../../../src/connectors/connector.ts';

describe('SMTP configuration', () => {
  it('given the POTOK_SMTP_* variables, when read, then host, port, TLS mode, login and the company address with its name are set', () => {
    const r = smtpConfigFromEnv({
      POTOK_SMTP_HOST: 'smtp.pivo.example',
      POTOK_SMTP_PORT: '465',
      POTOK_SMTP_SECURE: 'true',
      POTOK_SMTP_USER: 'robot',
      POTOK_SMTP_PASSWORD: 'p@ss',
      POTOK_SMTP_FROM: '"Пивной Дом" <franchise@pivo.example>',
    });
    expect(r).toEqual({
      ok: true,
      config: {
        host: 'smtp.pivo.example',
        port: 465,
        security: 'tls',
        user: 'robot',
        password: 'p@ss',
        from: { name: 'Пивной Дом', address: 'franchise@pivo.example' },
        tlsRejectUnauthorized: true,
        tlsCa: null,
        timeoutMs: 30000,
      },
    });
  });

  it('given only a host and a from address, when read, then STARTTLS on 587 is the default', () => {
    const r = validateSmtpConfig({ host: 'smtp.pivo.example', from: 'franchise@pivo.example' });
    expect(r.ok && [r.config.security, r.config.port, r.config.user]).toEqual(['starttls', 587, null]);
  });

  it('given no POTOK_SMTP_HOST and no stored configuration, when resolved, then it is null: mails stay in the outbox', () => {
    expect(resolveSmtpConfig(null, {})).toBeNull();
    expect(resolveSmtpConfig({}, {})).toBeNull();
  });

  it('given a stored configuration and the environment, when resolved, then the admin\'s stored one wins', () => {
    const r = resolveSmtpConfig({ host: 'stored.example', from: 'a@pivo.example' }, { POTOK_SMTP_HOST: 'env.example', POTOK_SMTP_FROM: 'b@pivo.example' });
    expect(r?.ok && r.config.host).toBe('stored.example');
  });

  it('given bad values, when validated, then each problem names its field', () => {
    const r = validateSmtpConfig({ host: '', port: '99999', security: 'ssl3', from: 'not an address', password: 'x' });
    expect(!r.ok && r.problems.map((p) => p.field).sort()).toEqual(['from', 'host', 'port', 'security', 'user']);
  });

  it('given a configuration, when redacted for the API, then the password is replaced and nothing else changes', () => {
    const r = validateSmtpConfig({ host: 'h.example', user: 'u', password: 'very-secret', from: 'a@pivo.example' });
    if (!r.ok) throw new Error('config');
    const shown = redactSmtpConfig(r.config);
    expect(shown.password).toBe(REDACTED);
    expect(JSON.stringify(shown)).not.toContain('very-secret');
    expect(shown.host).toBe('h.example');
    expect(redact({ onec: { password: '' }, smtp: { password: 'x', user: 'u' } })).toEqual({ onec: { password: null }, smtp: { password: REDACTED, user: 'u' } });
  });

  it('given SMTP failures as nodemailer reports them, when classified, then 4xx and network are retryable and 5xx are not, with the reply', () => {
    expect(classifySmtpError({ code: 'EENVELOPE', responseCode: 452, response: '452 4.2.2 Mailbox full', command: 'RCPT TO' })).toMatchObject({ code: 'smtp_transient', retryable: true, remote: { replyCode: 452, reply: '452 4.2.2 Mailbox full' } });
    expect(classifySmtpError({ code: 'EMESSAGE', responseCode: 554, response: '554 5.7.1 Spam', command: 'DATA' })).toMatchObject({ code: 'smtp_rejected', retryable: false });
    expect(classifySmtpError({ code: 'EPROTOCOL', responseCode: 503, response: '503 Bad sequence' })).toMatchObject({ code: 'smtp_transient', retryable: true });
    expect(classifySmtpError({ code: 'ETIMEDOUT', message: 'Greeting never received' })).toMatchObject({ code: 'timeout', retryable: true });
    expect(classifySmtpError({ code: 'EDNS', message: 'getaddrinfo ENOTFOUND smtp.nowhere' })).toMatchObject({ code: 'unreachable', retryable: true });
    expect(classifySmtpError({ code: 'EAUTH', responseCode: 454, response: '454 4.7.0 Temporary authentication failure' })).toMatchObject({ code: 'auth', retryable: true });
    expect(classifySmtpError({ code: 'EAUTH', responseCode: 535, response: '535 bad pass hunter2' }, ['hunter2']).remote?.reply).toBe(`535 bad pass ${REDACTED}`);
  });

  it('given invalid stored settings, when a job asks for its configuration, then it fails permanently as bad_config naming the fields; none configured is null', () => {
    expect(() => configOrFail(resolveSmtpConfig({ host: 'h.example', from: 'nope' }, {}), 'SMTP')).toThrow(/SMTP settings are invalid: from:/);
    expect(configOrFail(resolveSmtpConfig(null, {}), 'SMTP')).toBeNull();
    try {
      configOrFail(resolveSmtpConfig({ host: 'h.example', from: 'nope' }, {}), 'SMTP');
    } catch (err) {
      expect(err).toMatchObject({ code: 'bad_config', retryable: false });
    }
  });
});
