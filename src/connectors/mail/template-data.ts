/**
 * Builds the placeholder values of a client e-mail from the deal's facts. Times are
 * formatted in the company's zone (Europe/Moscow by default), never the machine's.
 */
import { DateTime } from 'luxon';
import type { TemplateData } from './template-catalogue.ts';

export interface TemplateFacts {
  readonly deal: { readonly title: string; readonly city?: string | null; readonly contactName: string; readonly email: string; readonly phone?: string | null };
  readonly rep?: { readonly name: string; readonly phone?: string | null; readonly email?: string | null } | null;
  readonly company: { readonly name: string; readonly phone?: string | null; readonly email?: string | null; readonly website?: string | null };
  /** Epoch ms. */
  readonly meeting?: { readonly start: number; readonly end: number; readonly place?: string | null } | null;
  /** When the rep will call about the premises search (epoch ms). */
  readonly premises?: { readonly callAt?: number | null } | null;
}

export function buildTemplateData(facts: TemplateFacts, timeZone = 'Europe/Moscow'): TemplateData {
  const at = (ms: number) => DateTime.fromMillis(ms, { zone: timeZone }).setLocale('ru');
  const date = (ms: number) => at(ms).toFormat("d MMMM yyyy 'г.'");
  const time = (ms: number) => at(ms).toFormat('HH:mm');
  const m = facts.meeting;
  return {
    client: { name: facts.deal.contactName, email: facts.deal.email, phone: facts.deal.phone ?? null },
    deal: { title: facts.deal.title, city: facts.deal.city ?? null },
    rep: { name: facts.rep?.name ?? null, phone: facts.rep?.phone ?? null, email: facts.rep?.email ?? null },
    company: { name: facts.company.name, phone: facts.company.phone ?? null, email: facts.company.email ?? null, website: facts.company.website ?? null },
    meeting: m
      ? {
          start: `${date(m.start)}, ${time(m.start)}`,
          end: `${date(m.end)}, ${time(m.end)}`,
          date: date(m.start),
          time: `${time(m.start)}–${time(m.end)}`,
          place: m.place ?? null,
        }
      : undefined,
    premises: facts.premises?.callAt ? { callDate: date(facts.premises.callAt) } : undefined,
  };
}
