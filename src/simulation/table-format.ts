/**
 * `potok simulate --format table`: the same events as a timeline for people — one row
 * per event, aligned columns (date, time, what happened, details), labels in Russian
 * (`--lang ru`, the default) or English. Times are the company's local time; the date
 * is shown when it changes.
 */
import type { SimEvent } from './sim-events.ts';

export type TableLanguage = 'ru' | 'en';

const LABELS: Record<TableLanguage, Record<string, string>> = {
  ru: {
    'process.started': 'Процесс запущен',
    'stage.changed': 'Стадия',
    'task.created': 'Задача создана',
    'task.completed': 'Задача выполнена',
    'task.overdue': 'Задача просрочена',
    'task.cancelled': 'Задача отменена',
    'email.sent': 'Письмо клиенту',
    'notification.sent': 'Уведомление',
    'onec.requested': 'Запрос в 1С',
    'timer.fired': 'Таймер',
    'job.failed': 'Ошибка задания',
    'incident.raised': 'Инцидент',
    'process.completed': 'Процесс завершён',
    'simulation.idle': 'Больше ничего не происходит',
    date: 'Дата',
    time: 'Время',
    event: 'Событие',
    details: 'Подробности',
    deal: 'сделка',
    assignee: 'исполнитель',
    due: 'срок',
    plannedStart: 'начало',
    author: 'автор',
    by: 'кто',
    to: 'кому',
    kind: 'вид',
    template: 'шаблон',
    notified: 'уведомлены',
    reason: 'причина',
    outcome: 'итог',
    retriesLeft: 'осталось попыток',
    message: 'сообщение',
    open: 'открытые задачи',
    none: 'нет',
  },
  en: {
    'process.started': 'Process started',
    'stage.changed': 'Stage',
    'task.created': 'Task created',
    'task.completed': 'Task completed',
    'task.overdue': 'Task overdue',
    'task.cancelled': 'Task cancelled',
    'email.sent': 'E-mail to client',
    'notification.sent': 'Notification',
    'onec.requested': '1C request',
    'timer.fired': 'Timer',
    'job.failed': 'Job failed',
    'incident.raised': 'Incident',
    'process.completed': 'Process completed',
    'simulation.idle': 'Nothing more happens',
    date: 'Date',
    time: 'Time',
    event: 'Event',
    details: 'Details',
    deal: 'deal',
    assignee: 'assignee',
    due: 'due',
    plannedStart: 'planned',
    author: 'author',
    by: 'by',
    to: 'to',
    kind: 'kind',
    template: 'template',
    notified: 'notified',
    reason: 'reason',
    outcome: 'outcome',
    retriesLeft: 'retries left',
    message: 'message',
    open: 'open tasks',
    none: 'none',
  },
};

/** The main subject of an event, shown first in the details column. */
const SUBJECT: Record<string, string> = {
  'stage.changed': 'stage',
  'task.created': 'task',
  'task.completed': 'task',
  'task.overdue': 'task',
  'task.cancelled': 'task',
  'timer.fired': 'element',
  'job.failed': 'task',
  'incident.raised': 'element',
};

/** `2027-01-18T09:00:00+03:00` → `18.01.2027 09:00` (ru) or `2027-01-18 09:00` (en). */
function shortDateTime(iso: string, lang: TableLanguage): { date: string; time: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(iso);
  if (!m) return { date: iso, time: '' };
  const [, y, mo, d, h, mi, s] = m;
  return { date: lang === 'ru' ? `${d}.${mo}.${y}` : `${y}-${mo}-${d}`, time: s === '00' ? `${h}:${mi}` : `${h}:${mi}:${s}` };
}

function value(v: unknown, lang: TableLanguage): string {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) {
    const { date, time } = shortDateTime(v, lang);
    return `${date} ${time}`;
  }
  if (Array.isArray(v)) return v.length ? v.map((x) => value(x, lang)).join(', ') : LABELS[lang].none!;
  if (v !== null && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}=${x !== null && typeof x === 'object' ? '{…}' : String(x)}`)
      .join(', ');
  }
  return String(v);
}

export function eventDetails(event: SimEvent, lang: TableLanguage): string {
  const labels = LABELS[lang];
  const subjectKey = SUBJECT[event.type];
  const parts: string[] = [];
  if (subjectKey && event[subjectKey] !== undefined) parts.push(String(event[subjectKey]));
  for (const [k, v] of Object.entries(event)) {
    if (k === 'type' || k === 'at' || k === subjectKey) continue;
    if (k === 'data') {
      parts.push(value(v, lang));
      continue;
    }
    parts.push(`${labels[k] ?? k}: ${value(v, lang)}`);
  }
  return parts.join('; ');
}

/** Renders events as an aligned timeline (header, separator, one row per event). */
export function formatTable(events: readonly SimEvent[], lang: TableLanguage = 'ru'): string {
  const labels = LABELS[lang];
  const rows: string[][] = [];
  let lastDate = '';
  for (const e of events) {
    const { date, time } = shortDateTime(e.at, lang);
    rows.push([date === lastDate ? '' : date, time, labels[e.type] ?? e.type, eventDetails(e, lang)]);
    lastDate = date;
  }
  const header = [labels.date!, labels.time!, labels.event!, labels.details!];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}
