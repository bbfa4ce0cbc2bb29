/** Company settings: the working day (calendar section) and the process settings (recall delay). */
import { useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, get } from '../api.ts';
import { ErrorBox } from '../layout.tsx';

interface WorkdaySetting { workdayStart: string; workdayEnd: string; source: 'admin' | 'default'; defaultStart: string; defaultEnd: string; updatedBy: string | null }
interface ProcessSettings { recallDelayDays: number; defaultRecallDelayDays: number }

const fieldError = (error: ApiError | null, field: string) => error?.fields.find((f) => f.field === field)?.message;

export function WorkdaySettings() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['workday'], queryFn: () => get<WorkdaySetting>('/api/admin/calendar/workday') });
  const [draft, setDraft] = useState<{ workdayStart: string; workdayEnd: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const values = draft ?? { workdayStart: q.data?.workdayStart ?? '', workdayEnd: q.data?.workdayEnd ?? '' };
  const send = async (method: 'PUT' | 'DELETE', body?: unknown) => {
    setError(null);
    setNote(null);
    try {
      await api(method, '/api/admin/calendar/workday', body);
      setDraft(null);
      setNote(t('settings.saved'));
      await q.refetch();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    void send('PUT', values);
  };
  const d = q.data;
  return (
    <section className="card">
      <h2>{t('company.workday')}</h2>
      <ErrorBox error={q.error} />
      {d && <p className="muted">{d.source === 'admin' ? t('company.fromAdmin', { who: d.updatedBy ? `: ${d.updatedBy}` : '' }) : t('company.fromDefault', { start: d.defaultStart, end: d.defaultEnd })}</p>}
      <form className="inline-form" onSubmit={save} aria-label={t('company.workday')}>
        {(['workdayStart', 'workdayEnd'] as const).map((f) => (
          <label key={f}>{t(`company.${f}`)}
            <input type="time" required value={values[f]} onChange={(e) => setDraft({ ...values, [f]: e.target.value })} />
            {fieldError(error, f) && <span className="field-error">{fieldError(error, f)}</span>}
          </label>
        ))}
        <button type="submit" className="primary">{t('save')}</button>
        {d?.source === 'admin' && <button type="button" onClick={() => window.confirm(t('company.resetConfirm', { start: d.defaultStart, end: d.defaultEnd })) && void send('DELETE')}>{t('company.reset')}</button>}
      </form>
      <p className="muted">{t('company.workdayHelp')}</p>
      {error && !error.fields.length && <p className="error" role="alert">{error.message}</p>}
      {note && <p className="ok" role="status">{note}</p>}
    </section>
  );
}

export function ProcessSettingsSection() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['process-settings'], queryFn: () => get<ProcessSettings>('/api/admin/settings/process') });
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const value = draft ?? (q.data ? String(q.data.recallDelayDays) : '');
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNote(null);
    try {
      await api('PUT', '/api/admin/settings/process', { recallDelayDays: Number(value) });
      setDraft(null);
      setNote(t('settings.saved'));
      await q.refetch();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <section className="card">
      <h2>{t('company.process')}</h2>
      <ErrorBox error={q.error} />
      <form className="inline-form" onSubmit={save} aria-label={t('company.process')}>
        <label>{t('company.recallDelayDays')}
          <input type="number" min={1} max={60} step={1} required value={value} onChange={(e) => setDraft(e.target.value)} />
          {fieldError(error, 'recallDelayDays') && <span className="field-error">{fieldError(error, 'recallDelayDays')}</span>}
        </label>
        <button type="submit" className="primary">{t('save')}</button>
      </form>
      <p className="muted">{t('company.recallHelp', { def: q.data?.defaultRecallDelayDays ?? 4 })}</p>
      {error && !error.fields.length && <p className="error" role="alert">{error.message}</p>}
      {note && <p className="ok" role="status">{note}</p>}
    </section>
  );
}

interface CompanyProfile { name: string; phone: string | null; email: string | null; website: string | null }
const COMPANY_FIELDS = ['name', 'phone', 'email', 'website'] as const;

/** The company as clients see it in e-mails ({{company.name}}, phone, e-mail, website). */
export function CompanyProfileSection() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['company-profile'], queryFn: () => get<CompanyProfile>('/api/admin/settings/company') });
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const values: Record<string, string> = draft ?? Object.fromEntries(COMPANY_FIELDS.map((k) => [k, q.data?.[k] ?? '']));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNote(null);
    try {
      await api('PUT', '/api/admin/settings/company', { name: values.name ?? '', phone: values.phone || null, email: values.email || null, website: values.website || null });
      setDraft(null);
      setNote(t('settings.saved'));
      await q.refetch();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <section className="card">
      <h2>{t('company.profile')}</h2>
      <ErrorBox error={q.error} />
      <p className="muted">{t('company.profileHelp')}</p>
      {q.data && !q.data.name && <p className="warning" role="status">{t('company.profileMissing')}</p>}
      <form className="inline-form" onSubmit={save} aria-label={t('company.profile')}>
        {COMPANY_FIELDS.map((k) => (
          <label key={k}>{t(`company.fields.${k}`)}
            <input
              type={k === 'phone' ? 'tel' : 'text'}
              inputMode={k === 'email' ? 'email' : k === 'website' ? 'url' : undefined}
              required={k === 'name'}
              value={values[k] ?? ''}
              onChange={(e) => setDraft({ ...values, [k]: e.target.value })}
            />
            {fieldError(error, k) && <span className="field-error">{fieldError(error, k)}</span>}
          </label>
        ))}
        <button type="submit" className="primary">{t('save')}</button>
      </form>
      {error && !error.fields.length && <p className="error" role="alert">{error.message}</p>}
      {note && <p className="ok" role="status">{note}</p>}
    </section>
  );
}
