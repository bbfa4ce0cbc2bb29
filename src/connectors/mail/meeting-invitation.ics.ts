/**
 * The meeting invitation (.ics, RFC 5545 + iTIP RFC 5546) for «Коммерческое предложение».
 *
 * What makes calendar programs update instead of duplicating: the same UID for every
 * invitation of one meeting, a SEQUENCE that grows with each reschedule, METHOD:REQUEST,
 * and an ORGANIZER equal to the sender (the company address). Written by hand rather
 * than with the `ics` package so that every byte is under test: CRLF line ends, lines
 * folded at 75 octets without splitting a UTF-8 character, TEXT values escaped.
 */
import type { MailAddress } from './mail-address.ts';

export interface MeetingInvitation {
  readonly method: 'REQUEST' | 'CANCEL';
  /** Stable per meeting: see `meetingUid`. */
  readonly uid: string;
  /** 0 for the first invitation, +1 for each reschedule (the runtime counts them). */
  readonly sequence: number;
  /** Epoch milliseconds; written in UTC. */
  readonly start: number;
  readonly end: number;
  readonly summary: string;
  readonly location?: string;
  readonly description?: string;
  readonly organizer: MailAddress;
  readonly attendees: readonly MailAddress[];
  /** When this invitation was made (epoch ms); DTSTAMP. */
  readonly stamp: number;
}

export const MEETING_SUMMARY = 'Коммерческое предложение';

/**
 * A UID that is the same for every invitation of one meeting: the deal and a key that
 * survives reschedules (the meeting's element id — one meeting per deal in the shipped
 * process — or its element instance id), under the company's domain.
 */
export function meetingUid(dealId: string, meetingKey: string, domain: string): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9.-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}`);
  return `potok-meeting-${safe(dealId)}-${safe(meetingKey)}@${domain.replace(/[^A-Za-z0-9.-]/g, '') || 'potok.local'}`;
}

const SEQUENCE_EPOCH = Date.UTC(2025, 0, 1);

/**
 * A SEQUENCE that needs no counter: whole seconds since 2025-01-01 of the moment the
 * invitation was made. Later sends get larger numbers (RFC 5545 only asks that it grow),
 * and it stays within 32 bits until 2093.
 */
export function sequenceFromTime(ms: number): number {
  return Math.max(0, Math.floor((ms - SEQUENCE_EPOCH) / 1000));
}

export function buildMeetingInvitationIcs(inv: MeetingInvitation): string {
  if (!(inv.end > inv.start)) throw new RangeError('the meeting must end after it starts');
  if (!Number.isInteger(inv.sequence) || inv.sequence < 0) throw new RangeError('SEQUENCE must be a whole number ≥ 0');
  const lines = [
    'BEGIN:VCALENDAR',
    'PRODID:-//Potok//Potok//RU',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${inv.method}`,
    'BEGIN:VEVENT',
    `UID:${inv.uid}`,
    `SEQUENCE:${inv.sequence}`,
    `DTSTAMP:${utc(inv.stamp)}`,
    `DTSTART:${utc(inv.start)}`,
    `DTEND:${utc(inv.end)}`,
    `SUMMARY:${escapeText(inv.summary)}`,
    ...(inv.location ? [`LOCATION:${escapeText(inv.location)}`] : []),
    ...(inv.description ? [`DESCRIPTION:${escapeText(inv.description)}`] : []),
    `ORGANIZER${cnParam(inv.organizer)}:mailto:${inv.organizer.address}`,
    ...inv.attendees.map((a) => `ATTENDEE${cnParam(a)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${a.address}`),
    `STATUS:${inv.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** 20260315T080000Z */
export function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** RFC 5545 §3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT. */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A CN parameter, always quoted (safe for spaces, commas and Cyrillic in every parser); DQUOTE and controls cannot appear inside. */
function cnParam(a: MailAddress): string {
  if (!a.name) return '';
  // eslint-disable-next-line no-control-regex
  const value = a.name.replace(/["\x00-\x1f\x7f]/g, '').trim();
  if (!value) return '';
  return `;CN="${value}"`;
}

/** RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF + one space, never inside a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75; // the continuation's leading space counts, so later parts carry 74 octets of content
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
