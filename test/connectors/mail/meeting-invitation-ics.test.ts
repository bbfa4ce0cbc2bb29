import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { buildMeetingInvitationIcs, escapeText, foldLine, meetingUid, sequenceFromTime } from '../../../src/connectors/mail/meeting-invitation.ics.ts';

const base = {
  method: 'REQUEST' as const,
  uid: meetingUid('deal-17', 'meeting', 'pivo.example'),
  sequence: 0,
  start: Date.UTC(2026, 2, 16, 8, 0),
  end: Date.UTC(2026, 2, 16, 9, 0),
  summary: 'Коммерческое предложение',
  location: 'Казань, ул. Баумана, 10; офис 5',
  organizer: { name: 'Пивной Дом', address: 'franchise@pivo.example' },
  attendees: [{ name: 'Иван Петров', address: 'ivan@romashka.example' }],
  stamp: Date.UTC(2026, 2, 13, 9, 30, 15),
};

describe('the meeting invitation (.ics)', () => {
  it('given a meeting, when the invitation is built, then it has exactly the iTIP REQUEST structure with CRLF line ends', () => {
    const ics = buildMeetingInvitationIcs(base);
    expect(ics.split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'PRODID:-//Potok//Potok//RU',
      'VERSION:2.0',
      'CALSCALE:GREGORIAN',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'UID:potok-meeting-deal-17-meeting@pivo.example',
      'SEQUENCE:0',
      'DTSTAMP:20260313T093015Z',
      'DTSTART:20260316T080000Z',
      'DTEND:20260316T090000Z',
      'SUMMARY:Коммерческое предложение',
      'LOCATION:Казань\\, ул. Баумана\\, 10\\; офис 5',
      'ORGANIZER;CN="Пивной Дом":mailto:franchise@pivo.example',
      // folded at 75 octets: the Cyrillic name counts two octets a letter
      'ATTENDEE;CN="Иван Петров";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACT',
      ' ION;RSVP=TRUE:mailto:ivan@romashka.example',
      'STATUS:CONFIRMED',
      'TRANSP:OPAQUE',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('given the meeting is rescheduled, when the new invitation is built, then the UID stays and SEQUENCE and times change', () => {
    const first = buildMeetingInvitationIcs(base);
    const moved = buildMeetingInvitationIcs({ ...base, sequence: 1, start: base.start + 86_400_000, end: base.end + 86_400_000 });
    const uid = (s: string) => /\r\nUID:(.*)\r\n/.exec(s)![1];
    expect(uid(moved)).toBe(uid(first));
    expect(moved).toContain('\r\nSEQUENCE:1\r\n');
    expect(moved).toContain('\r\nDTSTART:20260317T080000Z\r\n');
  });

  it('given different deals, when UIDs are derived, then they differ and contain only safe characters', () => {
    expect(meetingUid('deal-17', 'meeting', 'pivo.example')).not.toBe(meetingUid('deal-18', 'meeting', 'pivo.example'));
    expect(meetingUid('сделка 1/2', 'meeting', 'pivo.example')).toMatch(/^[A-Za-z0-9._@-]+$/);
  });

  it('given later sends, when SEQUENCE is derived from the time, then it grows', () => {
    expect(sequenceFromTime(Date.UTC(2026, 2, 13, 9, 30, 1))).toBeGreaterThan(sequenceFromTime(Date.UTC(2026, 2, 13, 9, 30, 0)));
    expect(sequenceFromTime(Date.UTC(2025, 0, 1))).toBe(0);
  });

  it('given a long Cyrillic line, when folded, then each physical line is at most 75 octets and no character is split', () => {
    const line = `DESCRIPTION:${'Встреча по франшизе «Пивной Дом» — обсуждаем условия, '.repeat(6)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });

  it('given text with backslash, comma, semicolon and newlines, when escaped, then each is escaped per RFC 5545', () => {
    expect(escapeText('a\\b,c;d\ne\r\nf')).toBe('a\\\\b\\,c\\;d\\ne\\nf');
  });

  it('given a display name with a comma and quotes, when used as CN, then it is quoted and its own quotes are dropped', () => {
    const ics = buildMeetingInvitationIcs({ ...base, organizer: { name: 'ООО "Пиво", франшиза', address: 'f@pivo.example' } });
    expect(ics).toContain('ORGANIZER;CN="ООО Пиво, франшиза":mailto:f@pivo.example');
  });

  it('given a cancelled meeting, when the cancellation is built, then METHOD and STATUS say so', () => {
    const ics = buildMeetingInvitationIcs({ ...base, method: 'CANCEL', sequence: 2 });
    expect(ics).toContain('\r\nMETHOD:CANCEL\r\n');
    expect(ics).toContain('\r\nSTATUS:CANCELLED\r\n');
  });

  it('given an end before the start, when built, then it is refused', () => {
    expect(() => buildMeetingInvitationIcs({ ...base, end: base.start })).toThrow(/end after/);
  });
});

describe('the invitation as a calendar program reads it (ical.js, the parser in Thunderbird)', () => {
  it('given a rescheduled meeting with Cyrillic, commas and a long description, when parsed, then every field comes back exactly', () => {
    const description = 'Обсуждаем условия франшизы, вложения; сроки открытия.\nВозьмите, пожалуйста, документы \\ паспорт. '.repeat(3);
    const ics = buildMeetingInvitationIcs({ ...base, sequence: 3, description });
    const vcalendar = new ICAL.Component(ICAL.parse(ics));
    expect(vcalendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const vevent = vcalendar.getFirstSubcomponent('vevent')!;
    const event = new ICAL.Event(vevent);
    expect(event.uid).toBe('potok-meeting-deal-17-meeting@pivo.example');
    expect(event.sequence).toBe(3);
    expect(event.summary).toBe('Коммерческое предложение');
    expect(event.location).toBe('Казань, ул. Баумана, 10; офис 5');
    expect(event.description).toBe(description);
    expect(event.startDate.toJSDate().getTime()).toBe(base.start);
    expect(event.endDate.toJSDate().getTime()).toBe(base.end);
    expect(event.organizer).toBe('mailto:franchise@pivo.example');
    const organizer = vevent.getFirstProperty('organizer')!;
    expect(organizer.getParameter('cn')).toBe('Пивной Дом');
    const [attendee] = event.attendees;
    expect(attendee.getFirstValue()).toBe('mailto:ivan@romashka.example');
    expect(attendee.getParameter('cn')).toBe('Иван Петров');
    expect(attendee.getParameter('rsvp')).toBe('TRUE');
  });
});
