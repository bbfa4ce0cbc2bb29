/**
 * From a BPMN job of type `email.send` (its headers and process variables, as the shipped
 * model sets them — docs/franchise-process.md, "Jobs") to the connector's input. Pure:
 * the job handler resolves the template, the rep and the company first, then calls this.
 *
 *   headers:   template = presentation | meeting_invitation | premises_requirements
 *              ics = meeting (attach the meeting's .ics)
 *   variables: to (client e-mail), replyToUser (rep login, resolved by the caller into `rep`),
 *              dealId, title, contactName, phone, email, city,
 *              meetingAt, meetingEnd (ISO 8601 with offset), meetingPlace
 */
import { DateTime } from 'luxon';
import { ConnectorError } from '../connector.ts';
import type { EmailSendInput } from './email-send.connector.ts';
import { buildTemplateData, type TemplateFacts } from './template-data.ts';
import type { MailTemplate } from './template.renderer.ts';

type JsonLike = null | boolean | number | string | JsonLike[] | { [key: string]: JsonLike };

export interface EmailJobFacts {
  readonly headers: Readonly<Record<string, string>>;
  readonly variables: Readonly<Record<string, JsonLike>>;
  /** The admin's current template of the type the `template` header names. */
  readonly template: MailTemplate;
  /** The user `replyToUser` names; null when unknown (then no Reply-To). */
  readonly rep: { readonly name: string; readonly email?: string | null; readonly phone?: string | null } | null;
  readonly company: TemplateFacts['company'];
  /** The company's zone for dates in the text (POTOK_TZ, default Europe/Moscow). */
  readonly timeZone: string;
  /** When the rep will call about the premises (premises_requirements), epoch ms. */
  readonly premisesCallAt?: number | null;
  /** When the job was created (epoch ms): DTSTAMP, and the SEQUENCE of the .ics. */
  readonly createdAt?: number;
}

export function emailInputFromJob(f: EmailJobFacts): EmailSendInput {
  const v = f.variables;
  const str = (name: string): string | null => (typeof v[name] === 'string' && (v[name] as string).trim() !== '' ? (v[name] as string).trim() : null);
  const to = str('to') ?? str('email');
  if (!to) throw new ConnectorError('bad_input', 'to: the process has no client e-mail (variable `to` or `email`)', false);
  if (f.headers.template && f.headers.template !== f.template.type) {
    throw new ConnectorError('bad_input', `template: the job asks for ${f.headers.template} but was given ${f.template.type}`, false);
  }
  const meeting = readMeeting(str('meetingAt'), str('meetingEnd'));
  const data = buildTemplateData(
    {
      deal: { title: str('title') ?? '', city: str('city'), contactName: str('contactName') ?? '', email: to, phone: str('phone') },
      rep: f.rep,
      company: f.company,
      meeting: meeting ? { ...meeting, place: str('meetingPlace') } : null,
      premises: f.premisesCallAt ? { callAt: f.premisesCallAt } : null,
    },
    f.timeZone,
  );
  const wantsIcs = f.headers.ics === 'meeting';
  if (wantsIcs && !meeting) throw new ConnectorError('bad_input', 'meetingAt/meetingEnd: the invitation needs the meeting\'s start and end (ISO 8601 with offset)', false);
  const dealId = str('dealId');
  if (wantsIcs && !dealId) throw new ConnectorError('bad_input', 'dealId: the invitation\'s UID needs the deal id', false);
  return {
    to: { name: str('contactName') ?? undefined, address: to },
    replyTo: f.rep?.email ? { name: f.rep.name, address: f.rep.email } : null,
    template: f.template,
    data,
    meeting: wantsIcs && meeting ? { dealId: dealId!, meetingKey: 'meeting', start: meeting.start, end: meeting.end, place: str('meetingPlace') } : null,
    createdAt: f.createdAt,
  };
}

function readMeeting(at: string | null, end: string | null): { start: number; end: number } | null {
  if (!at) return null;
  const start = DateTime.fromISO(at, { setZone: true });
  if (!start.isValid) throw new ConnectorError('bad_input', `meetingAt: not an ISO 8601 date-time: ${at}`, false);
  // The spec's default meeting is one hour; a missing end means that.
  const finish = end ? DateTime.fromISO(end, { setZone: true }) : start.plus({ hours: 1 });
  if (!finish.isValid) throw new ConnectorError('bad_input', `meetingEnd: not an ISO 8601 date-time: ${end}`, false);
  if (finish.toMillis() <= start.toMillis()) throw new ConnectorError('bad_input', 'meetingEnd must be after meetingAt', false);
  return { start: start.toMillis(), end: finish.toMillis() };
}
