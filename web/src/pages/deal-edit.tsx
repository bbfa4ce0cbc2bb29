/**
 * Changing a deal's own fields from its card (a typo in the client's e-mail — the process
 * writes to it — or phone, the contact, city, source, comment): managers on any running
 * deal, the rep on their own. Only what changed is sent; a refusal names each field and
 * keeps what was typed.
 */
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, patch, type Deal } from '../api.ts';

const FIELDS = ['title', 'contactName', 'phone', 'email', 'city', 'source', 'comment'] as const;
type Field = (typeof FIELDS)[number];
const REQUIRED = new Set<Field>(['title', 'contactName', 'phone', 'email']);

export function EditDeal({ deal }: { deal: Deal }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const initial = Object.fromEntries(FIELDS.map((k) => [k, String((deal as unknown as Record<string, unknown>)[k] ?? '')])) as Record<Field, string>;
  const [open, setOpen] = useState(false);
  const [v, setV] = useState(initial);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open) {
    return <button type="button" onClick={() => { setV(initial); setError(null); setOpen(true); }}>{t('deal.edit')}</button>;
  }
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const changed = Object.fromEntries(FIELDS.filter((k) => v[k].trim() !== initial[k]).map((k) => [k, v[k].trim() === '' && !REQUIRED.has(k) ? null : v[k].trim()]));
    if (Object.keys(changed).length === 0) {
      setOpen(false);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await patch(`/api/deals/${deal.id}`, changed);
      await Promise.all([qc.invalidateQueries({ queryKey: ['deal', deal.id] }), qc.invalidateQueries({ queryKey: ['timeline', deal.id] })]);
      setOpen(false);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const fe = (k: string) => error?.fields?.find((f) => f.field === k)?.message;
  return (
    <form className="card inline-form" onSubmit={submit} aria-label={t('deal.edit')}>
      {FIELDS.map((k) => (
        <label key={k}>{t(k === 'title' ? 'deal.name' : `deal.${k}`)}{REQUIRED.has(k) ? ' *' : ''}
          {k === 'comment'
            ? <textarea value={v[k]} onChange={(e) => setV({ ...v, [k]: e.target.value })} aria-invalid={!!fe(k)} />
            : <input type={k === 'phone' ? 'tel' : 'text'} inputMode={k === 'email' ? 'email' : undefined} required={REQUIRED.has(k)} value={v[k]} onChange={(e) => setV({ ...v, [k]: e.target.value })} aria-invalid={!!fe(k)} />}
          {fe(k) && <span className="field-error">{fe(k)}</span>}
        </label>
      ))}
      {error && !error.fields?.length && <p className="error" role="alert">{error.message}</p>}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>{t('save')}</button>
        <button type="button" onClick={() => setOpen(false)}>{t('cancel')}</button>
      </div>
    </form>
  );
}
