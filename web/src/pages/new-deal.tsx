import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, post, type Deal } from '../api.ts';

const FIELDS = [
  { key: 'title', label: 'deal.name', required: true, type: 'text', auto: 'organization' },
  { key: 'contactName', label: 'deal.contactName', required: true, type: 'text', auto: 'name' },
  { key: 'phone', label: 'deal.phone', required: true, type: 'tel', auto: 'tel' },
  { key: 'email', label: 'deal.email', required: true, type: 'email', auto: 'email' },
  { key: 'city', label: 'deal.city', required: false, type: 'text', auto: 'address-level2' },
  { key: 'source', label: 'deal.source', required: false, type: 'text', auto: 'off' },
] as const;

export default function NewDealPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [v, setV] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState(false);
  const fe = (f: string) => (error instanceof ApiError ? error.fields.find((x) => x.field === f || x.field === `body.${f}` || x.field === `/${f}`)?.message : undefined);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string | null> = { title: v.title ?? '', contactName: v.contactName ?? '', phone: v.phone ?? '', email: v.email ?? '' };
      for (const k of ['city', 'source', 'comment']) body[k] = v[k]?.trim() ? v[k] : null;
      const deal = await post<Deal>('/api/deals', body);
      navigate(`/deals/${deal.id}`);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card narrow" onSubmit={submit} noValidate={false}>
      <h1>{t('newDeal.title')}</h1>
      {FIELDS.map((f) => (
        <label key={f.key}>
          {t(f.label)}{f.required && ' *'}
          <input name={f.key} type={f.type === 'email' ? 'text' : f.type} inputMode={f.type === 'email' ? 'email' : undefined} autoComplete={f.auto} required={f.required} value={v[f.key] ?? ''} onChange={(e) => setV({ ...v, [f.key]: e.target.value })} aria-invalid={!!fe(f.key)} />
          {fe(f.key) && <span className="field-error">{fe(f.key)}</span>}
        </label>
      ))}
      <label>
        {t('deal.comment')}
        <textarea name="comment" rows={3} value={v.comment ?? ''} onChange={(e) => setV({ ...v, comment: e.target.value })} />
      </label>
      {error && <p className="error" role="alert">{error.message}</p>}
      <button type="submit" className="primary" disabled={busy}>{t('newDeal.submit')}</button>
    </form>
  );
}
