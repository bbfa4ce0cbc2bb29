/**
 * A banned ИНН on a document task (spec block 6): while the rep fills the form, a complete
 * ИНН is checked against the banned list (GET /api/tasks/:id/inn-check, debounced) and a
 * banned one is shown under the field and in a notice with a confirm button. The server
 * refuses the first submission with `confirmation_required` on the same field; the
 * notice's button sends it again with `confirmBannedInn: true`.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, type FieldError } from '../api.ts';
import { fmtDate } from '../format.ts';
import { fieldIdsByPath, type TaskFormHandle } from './task-form.tsx';

interface InnCheck {
  inn: string;
  field: string;
  banned: boolean;
  warning: { code: 'banned_inn'; message: string; bannedAt: string; comment: string | null; dealNumber: number | null } | null;
}

/** What the notice shows: the live check's details, or the server's refusal message. */
export interface BannedInn {
  inn: string;
  field: string;
  message: string;
  bannedAt?: string;
  comment?: string | null;
  dealNumber?: number | null;
}

const COMPLETE_INN = /^(\d{10}|\d{12})$/;
const DEBOUNCE_MS = 400;

const valueAt = (data: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), data);

/** The form's ИНН field (`requisites.inn` in the document forms), or null. */
export function innPathOf(schema: unknown): string | null {
  for (const path of fieldIdsByPath(schema).keys()) if (path === 'inn' || path.endsWith('.inn')) return path;
  return null;
}

export function useBannedInnCheck(taskId: string | undefined, schema: unknown, open: boolean, formRef: RefObject<TaskFormHandle | null>) {
  const { t } = useTranslation();
  const path = useMemo(() => innPathOf(schema), [schema]);
  const [banned, setBanned] = useState<BannedInn | null>(null);
  const last = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const show = useCallback((b: BannedInn | null) => {
    setBanned(b);
    if (path) formRef.current?.markField(path, b ? t('bannedInn.field') : null);
  }, [path, formRef, t]);

  const onData = useCallback((data: Record<string, unknown>) => {
    if (!taskId || !path || !open) return;
    const raw = valueAt(data, path);
    const inn = typeof raw === 'string' ? raw.trim() : '';
    if (inn === last.current) return; // our own markField fires `changed` too
    last.current = inn;
    clearTimeout(timer.current);
    if (!COMPLETE_INN.test(inn)) {
      setBanned(null);
      return;
    }
    timer.current = setTimeout(() => {
      get<InnCheck>(`/api/tasks/${taskId}/inn-check?inn=${encodeURIComponent(inn)}`)
        .then((r) => {
          if (last.current !== inn) return; // typed on meanwhile
          show(r.warning ? { inn, field: r.field, message: r.warning.message, bannedAt: r.warning.bannedAt, comment: r.warning.comment, dealNumber: r.warning.dealNumber } : null);
        })
        .catch((err) => {
          // 400: a wrong check digit — the form's own validation says so on submit
          if (!(err instanceof ApiError)) throw err;
        });
    }, DEBOUNCE_MS);
  }, [taskId, path, open, show]);

  /** A refusal `confirmation_required` from the server: show its message on the field. */
  const fromRefusal = useCallback((fields: FieldError[]) => {
    const f = fields[0];
    const inn = (f && /\d{10,12}/.exec(f.message)?.[0]) ?? last.current ?? '';
    if (f) show({ inn, field: f.field, message: f.message });
  }, [path, show]);

  return { banned, onData, fromRefusal };
}

/** The warning next to the submit button, with the button that sends the task on anyway. */
export function BannedInnNotice({ banned, busy, onConfirm }: { banned: BannedInn; busy: boolean; onConfirm: () => void }) {
  const { t, i18n } = useTranslation();
  const details = banned.bannedAt
    ? [
        t('bannedInn.since', { date: fmtDate(banned.bannedAt, i18n.language) }),
        banned.dealNumber ? t('bannedInn.deal', { number: banned.dealNumber }) : '',
        banned.comment ? t('bannedInn.comment', { comment: banned.comment }) : '',
      ].filter(Boolean).join(' · ')
    : banned.message;
  return (
    <div className="warning banned-inn" role="alert" data-testid="banned-inn">
      <p><strong>⚠ {t('bannedInn.title', { inn: banned.inn })}</strong></p>
      {details && <p>{details}</p>}
      <p>{t('bannedInn.explain')}</p>
      <button type="button" disabled={busy} onClick={onConfirm}>{t('bannedInn.confirm')}</button>
    </div>
  );
}
