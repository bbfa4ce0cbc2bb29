import { describe, expect, it } from 'vitest';
import { emailInputFromJob } from '../../../src/connectors/mail/email-job.mapper.ts';
import { composeEmail, createEmailSendConnector } from '../../../src/connectors/mail/email-send.connector.ts';
import { loadShippedTemplate } from '../../../src/connectors/mail/shipped-templates.ts';
import { renderTemplate } from '../../../src/connectors/mail/template.renderer.ts';
import { silentLogger } from '../../../src/connectors/connector.ts';
import { validateSmtpConfig } from '../../../src/connectors/mail/smtp-config.ts';
import type { MailPort, OutgoingMail } from '../../../src/connectors/mail/mail.port.ts';
import { oneCInputFromJob, oneCJobVariables } from '../../../src/connectors/onec/onec-job.mapper.ts';

const variables = {
  dealId: 'D-1001',
  to: 'ivan@romashka.example',
  replyToUser: 'msmirnova',
  title: 'ООО «Ромашка»',
  contactName: 'Иван Петров',
  phone: '+7 900 123-45-67',
  email: 'ivan@romashka.example',
  city: 'Казань',
  meetingAt: '2026-03-16T11:00:00+03:00',
  meetingEnd: '2026-03-16T12:00:00+03:00',
  meetingPlace: 'Казань, ул. Баумана, 10',
};
const rep = { name: 'Мария Смирнова', email: 'm.smirnova@pivo.example', phone: '+7 900 765-43-21' };
const company = { name: 'Пивной Дом' };

describe('from a process job to an e-mail', () => {
  it('given the meeting invitation job of the shipped model, when mapped and sent, then the client gets the rendered text and an .ics with the deal-derived UID', async () => {
    const template = await loadShippedTemplate('meeting_invitation');
    const input = emailInputFromJob({ headers: { template: 'meeting_invitation', ics: 'meeting' }, variables, template, rep, company, timeZone: 'Europe/Moscow', createdAt: Date.UTC(2026, 2, 13, 9, 0) });
    const sent: OutgoingMail[] = [];
    const mailer: MailPort = { async send(m) { sent.push(m); return { messageId: m.messageId!, accepted: ['ivan@romashka.example'], rejected: [], response: '250 ok' }; }, async verify() {}, close() {} };
    const cfg = validateSmtpConfig({ host: 'h.example', from: 'Пивной Дом <franchise@pivo.example>' });
    if (!cfg.ok) throw new Error('config');

    const result = await createEmailSendConnector({ mailerFor: () => mailer }).run({ config: cfg.config, input, signal: new AbortController().signal, logger: silentLogger, idempotencyKey: 'k' });

    expect(result.ok).toBe(true);
    expect(sent[0].to).toEqual([{ name: 'Иван Петров', address: 'ivan@romashka.example' }]);
    expect(sent[0].replyTo).toEqual({ name: 'Мария Смирнова', address: 'm.smirnova@pivo.example' });
    expect(sent[0].from).toEqual({ name: 'Пивной Дом', address: 'franchise@pivo.example' });
    expect(sent[0].text).toContain('Когда: 16 марта 2026 г., 11:00–12:00');
    const ics = sent[0].icalEvent!.content;
    expect(ics).toContain('\r\nUID:potok-meeting-D-1001-meeting@pivo.example\r\n');
    expect(ics).toContain('\r\nDTSTART:20260316T080000Z\r\n');
    expect(ics).toMatch(/\r\nSEQUENCE:\d+\r\n/);
  });

  it('given the premises job, when mapped, then the text names the call date and no .ics is attached', async () => {
    const template = await loadShippedTemplate('premises_requirements');
    const input = emailInputFromJob({ headers: { template: 'premises_requirements' }, variables, template, rep, company, timeZone: 'Europe/Moscow', premisesCallAt: Date.UTC(2026, 2, 20, 6, 0) });
    expect(input.meeting).toBeNull();
    const r = renderTemplate(template, input.data!);
    expect(r.text).toContain('Я позвоню вам 20 марта 2026 г.');
    expect(composeEmail(input).summary.hasInvitation).toBe(false);
  });

  it('given an invitation job without meeting times, when mapped, then it is refused naming meetingAt', async () => {
    const template = await loadShippedTemplate('meeting_invitation');
    expect(() => emailInputFromJob({ headers: { template: 'meeting_invitation', ics: 'meeting' }, variables: { ...variables, meetingAt: null }, template, rep, company, timeZone: 'Europe/Moscow' })).toThrow(/meetingAt/);
  });

  it('given a header naming another template than the one given, when mapped, then it is refused', async () => {
    const template = await loadShippedTemplate('presentation');
    expect(() => emailInputFromJob({ headers: { template: 'meeting_invitation' }, variables, template, rep, company, timeZone: 'Europe/Moscow' })).toThrow(/template/);
  });
});

describe('from a process job to 1C', () => {
  it('given the process variables of block 7, when mapped, then clientType, requisites and dealId are the input and onecRef the output', () => {
    const requisites = { fullName: 'ООО "Ромашка"', inn: '0012345678' };
    expect(oneCInputFromJob({ clientType: 'ooo', requisites, dealId: 'D-1' })).toEqual({ clientType: 'ooo', requisites, dealId: 'D-1' });
    expect(oneCJobVariables({ counterpartyRef: 'ref-1', bankAccountRef: 'a', bankRef: 'b', reused: false, bankAccountReused: false, mainAccountSet: true })).toEqual({ onecRef: 'ref-1' });
  });
});
