/**
 * A deal's timeline entry in words, for the deal card: stage moves, who got a task, what a
 * completed task answered, a lawyer's claim, why a deal was lost, and a failed step
 * explained (the technical text stays on the admin's incident page).
 */
import { fmtDateTime } from './format.ts';
import { failureCode } from '../../src/crm/notifications/mail-failure-text.ts';

export interface TimelineEntry { id: string; at: string; kind: string; actor: string | null; data: Record<string, unknown> }

type T = (k: string, o?: any) => string;

/** A step that failed for good, in words: which step, and why (the technical text is shown apart, for the admin). */
export function incidentWords(elementId: string, message: string, t: T): string {
  const step = t(`elements.${elementId}`, { defaultValue: elementId });
  const code = failureCode(message);
  const why = elementId.startsWith('send_') ? t(`settings.mailError.${code ?? 'other'}`, { defaultValue: t('settings.mailError.other') }) : t('deal.incidentOther');
  return `${step}: ${why}`;
}

/** What a completed task's answers say, in words: «результат: клиенту нужно время», «помещение найдено: Тула, …». */
function answersText(a: Record<string, unknown>, t: T, nameOf: (login: string | null) => string, lang: string): string {
  const parts: string[] = [];
  const say = (key: string, value?: unknown) => parts.push(value === undefined ? t(`answers.${key}`) : `${t(`answers.${key}`)}: ${String(value)}`);
  if (typeof a.salesRep === 'string') say('salesRep', nameOf(a.salesRep));
  if (typeof a.callResult === 'string') say('callResult', t(`answers.callResults.${a.callResult}`, { defaultValue: a.callResult }));
  if (typeof a.decision === 'string') say('decision', t(`answers.clientDecisions.${a.decision}`, { defaultValue: a.decision }));
  if (typeof a.meetingAt === 'string') say('meetingAt', fmtDateTime(a.meetingAt, lang));
  if (typeof a.meetingPlace === 'string') say('meetingPlace', a.meetingPlace);
  if (a.meetingHeld === true) say('meetingHeld');
  if (a.premisesFound === true) say('premisesFound', typeof a.premisesAddress === 'string' ? a.premisesAddress : undefined);
  if (a.premisesFound === false) say('premisesNotFound');
  if (typeof a.clientType === 'string') say('clientType', t(`answers.clientTypes.${a.clientType}`, { defaultValue: a.clientType }));
  if (typeof a.legalDecision === 'string') say('legalDecision', t(`decisions.${a.legalDecision}`, { defaultValue: a.legalDecision }));
  if (typeof a.legalComment === 'string') say('legalComment', a.legalComment);
  if (typeof a.onecRef === 'string') say('onecRef', a.onecRef);
  return parts.join('; ');
}

export function describeEntry(e: TimelineEntry, t: T, nameOf: (login: string | null) => string, lang: string, docLabel: (key: string) => string = (key) => key): string {
  const d = e.data as any;
  if (e.kind === 'stage_changed') return `${t(`stages.${d.from}`, { defaultValue: d.from ?? '' })} → ${t(`stages.${d.to}`, { defaultValue: d.to ?? '' })}`;
  if (e.kind === 'email_sent' || e.kind === 'email_not_sent') {
    const what = [d.subject, Array.isArray(d.to) && d.to.length ? `→ ${d.to.join(', ')}` : null].filter(Boolean).join(' ');
    return [what, e.kind === 'email_not_sent' ? d.reason : null].filter(Boolean).join(' — ');
  }
  if (e.kind === 'onec_created' && d.onecRef) return String(d.onecRef);
  if (e.kind === 'sales_rep_changed') return `${nameOf(d.from ?? null)} → ${nameOf(d.to ?? null)}`;
  // A task given to someone: its title and whom it went to.
  if ((e.kind === 'task_reassigned' || e.kind === 'task_claimed') && d.title && d.to) return `${d.title} → ${nameOf(d.to)}`;
  if (e.kind === 'incident' && d.message) return `${incidentWords(String(d.elementId ?? ''), String(d.message), t)}. ${t('deal.incidentAdmin')}`;
  if (e.kind === 'task_completed' && d.answers && typeof d.answers === 'object') {
    const said = answersText(d.answers, t, nameOf, lang);
    return said ? `${d.title ?? ''} — ${said}` : String(d.title ?? '');
  }
  if (e.kind === 'field_changed' && typeof d.field === 'string') {
    // «E-mail: old@… → new@…»; requisites as «Реквизиты · ИНН: … → …».
    const label = d.field.startsWith('requisites.')
      ? `${t('deal.requisites')} · ${t(`requisites.${d.field.slice(11)}`, { defaultValue: d.field.slice(11) })}`
      : d.field.startsWith('documents.')
        ? `${t('documentsField')} · ${docLabel(d.field.slice(10))}`
        : t(d.field === 'title' ? 'deal.name' : `deal.${d.field}`, { defaultValue: d.field });
    const shown = (x: unknown) => (x === null || x === undefined || x === '' ? '—' : d.field === 'owner' ? nameOf(String(x)) : String(x));
    return `${label}: ${shown(d.old)} → ${shown(d.new)}`;
  }
  if (e.kind === 'legal_claim' && d.claim) return String(d.claim);
  if (e.kind === 'deal_lost' && d.reason) return [t(`lostReasons.${d.reason}`, { defaultValue: String(d.reason) }), d.comment].filter(Boolean).join(': ');
  if (d.title) return String(d.title);
  if (d.decision) return `${t(`decisions.${d.decision}`, { defaultValue: String(d.decision) })}${d.comment ? `: ${d.comment}` : ''}`;
  if (d.text) return String(d.text);
  if (d.name) return String(d.name);
  if (d.reason) return String(d.reason);
  return '';
}

