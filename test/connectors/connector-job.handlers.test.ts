import { afterEach, describe, expect, it } from 'vitest';
import { createEmailJobHandler, createOneCJobHandler, type ConnectorJobContext } from '../../src/connectors/connector-job.handlers.ts';
import { loadShippedTemplates } from '../../src/connectors/mail/shipped-templates.ts';
import { silentLogger } from '../../src/connectors/connector.ts';
import { toJobFailure, type JobHandler } from '../../src/runtime/jobs/job-handler.ts';
import { startTestSmtp, type TestSmtpServer } from './support/smtp-test.server.ts';
import { startFakeOneC, type FakeOneC } from '../support/fake-onec.server.ts';

let smtp: TestSmtpServer | null = null;
let onec: FakeOneC | null = null;
afterEach(async () => {
  await smtp?.close();
  await onec?.stop();
  smtp = null;
  onec = null;
});

function jobCtx(over: Partial<ConnectorJobContext['job']>, idempotencyKey = 'job-1'): ConnectorJobContext {
  return {
    job: { id: '1', kind: 'bpmn', type: 'email.send', elementId: 'send_presentation', headers: {}, payload: {}, ...over },
    idempotencyKey,
    signal: new AbortController().signal,
    logger: silentLogger,
    now: Date.UTC(2026, 2, 13, 9, 0),
  };
}

const dealVariables = {
  dealId: 'D-7',
  to: 'ivan@romashka.example',
  replyToUser: 'msmirnova',
  title: 'ООО «Ромашка»',
  contactName: 'Иван Петров',
  email: 'ivan@romashka.example',
  phone: '+7 900 123-45-67',
  meetingAt: '2026-03-16T11:00:00+03:00',
  meetingEnd: '2026-03-16T12:00:00+03:00',
  meetingPlace: 'Казань, ул. Баумана, 10',
};

async function emailPorts(stored: Record<string, unknown> | null) {
  const templates = await loadShippedTemplates();
  return {
    smtpSettings: async () => stored,
    template: async (type: keyof typeof templates) => templates[type],
    user: async (login: string) => (login === 'msmirnova' ? { name: 'Мария Смирнова', email: 'm.smirnova@pivo.example', phone: '+7 900 765-43-21' } : null),
    company: async () => ({ name: 'Пивной Дом' }),
    env: {},
  };
}

describe('the e-mail job handler', () => {
  it('given the meeting invitation task of the shipped model, when its job runs, then the client receives the invitation from the company with the rep as Reply-To', async () => {
    smtp = await startTestSmtp();
    const handler: JobHandler = createEmailJobHandler(await emailPorts({ host: '127.0.0.1', port: smtp.port, security: 'none', from: 'Пивной Дом <franchise@pivo.example>' }));

    const outcome = await handler.run(jobCtx({ elementId: 'send_meeting_invitation', headers: { template: 'meeting_invitation', ics: 'meeting' }, payload: dealVariables }) as never);

    expect(outcome.kind).toBe('complete');
    expect(outcome.variables).toMatchObject({ status: 'sent', mail: { to: ['ivan@romashka.example'], replyTo: 'm.smirnova@pivo.example', hasInvitation: true } });
    const mail = smtp.received[0].parsed;
    expect(mail.subject).toBe('Приглашение на встречу: коммерческое предложение Пивной Дом, 16 марта 2026 г.');
    expect(mail.replyTo?.value[0].address).toBe('m.smirnova@pivo.example');
    expect(mail.attachments.some((a) => a.contentType === 'text/calendar')).toBe(true);
  });

  it('given no SMTP anywhere, when a notification from the outbox runs, then the job completes as not_configured with the mail kept', async () => {
    const handler = createEmailJobHandler(await emailPorts(null));
    const outcome = await handler.run(jobCtx({ kind: 'outbox', elementId: null, payload: { to: 'manager@pivo.example', subject: 'Просрочен звонок новому клиенту', text: 'Сделка ООО «Ромашка»' } }));
    expect(outcome).toEqual({
      kind: 'complete',
      variables: {
        status: 'not_configured',
        messageId: null,
        mail: { to: ['manager@pivo.example'], replyTo: null, subject: 'Просрочен звонок новому клиенту', text: 'Сделка ООО «Ромашка»', attachments: [], hasInvitation: false, missing: [] },
      },
    });
  });

  it('given broken stored SMTP settings, when a job runs, then it fails permanently as bad_config and the runtime sees it as not retryable', async () => {
    const handler = createEmailJobHandler(await emailPorts({ host: 'smtp.example', from: 'not an address' }));
    const failure = await handler.run(jobCtx({ kind: 'outbox', payload: { to: 'a@pivo.example', subject: 'x', text: 'y' } })).catch((e: unknown) => toJobFailure(e));
    expect(failure).toMatchObject({ retryable: false, code: 'bad_config' });
  });
});

describe('the 1C job handler', () => {
  const requisites = {
    fullName: 'ООО "Ромашка"', inn: '7707083893', ogrn: '1027700132195', kpp: '773601001', legalAddress: 'Москва', directorName: 'Иванов И. И.',
    bankName: 'ПАО Сбербанк', bik: '044525225', account: '40702810938000000001', corrAccount: '30101810400000000225',
  };

  it('given block 7 with 1C configured, when the job runs twice, then it completes with onecRef and 1C holds one counterparty', async () => {
    onec = await startFakeOneC();
    const handler: JobHandler = createOneCJobHandler({ oneCSettings: async () => ({ url: onec!.url, user: onec!.user, password: onec!.password }), env: {} });
    const ctx = jobCtx({ type: 'onec.createCounterparty', elementId: 'create_counterparty_1c', payload: { dealId: 'D-7', clientType: 'ooo', requisites } });

    const first = await handler.run(ctx as never);
    const second = await handler.run(ctx as never);

    expect(first).toEqual({ kind: 'complete', variables: { onecRef: onec.rows['Catalog_Контрагенты'][0].Ref_Key } });
    expect(second).toEqual(first);
    expect(onec.count('Catalog_Контрагенты')).toBe(1);
  });

  it('given 1C refuses, when the job runs, then the runtime gets a permanent failure carrying 1C\'s message', async () => {
    onec = await startFakeOneC();
    onec.failNext({ method: 'POST', entitySet: 'Catalog_Контрагенты', status: 400, message: 'Не заполнен вид контрагента' });
    const handler = createOneCJobHandler({ oneCSettings: async () => null, env: { POTOK_ONEC_URL: onec.url, POTOK_ONEC_USER: onec.user, POTOK_ONEC_PASSWORD: onec.password } });
    const failure = await handler.run(jobCtx({ type: 'onec.createCounterparty', payload: { clientType: 'ooo', requisites } })).catch((e: unknown) => toJobFailure(e));
    expect(failure).toMatchObject({ retryable: false, code: 'refused' });
    expect((failure as { message: string }).message).toContain('Не заполнен вид контрагента');
  });
});
