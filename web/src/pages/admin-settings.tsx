/** Admin sections backed by /api/admin/{templates,calendar,settings,emails}. */
import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, get, post, put } from '../api.ts';
import { ErrorBox } from '../layout.tsx';
import { fmtDate, fmtDateTime } from '../format.ts';
import { failureCode } from '../../../src/crm/notifications/mail-failure-text.ts';
import { EmailRetryButton } from './email-retry-button.tsx';
import { TemplateAttachments, TemplateFilesWarning, type TemplateFilesEntry } from './template-attachments.tsx';

interface Template extends TemplateFilesEntry { template: { name?: string; subject?: string; text?: string; html?: string | null } & Record<string, unknown> }

export function Templates() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['templates'], queryFn: () => get<{ items: Template[] }>('/api/admin/templates') });
  const [type, setType] = useState<string | null>(null);
  const [draft, setDraft] = useState<Template['template'] | null>(null);
  const [preview, setPreview] = useState<{ rendered: Record<string, unknown> | null; problems: { field: string; message: string }[] } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const pick = (tp: Template) => {
    setType(tp.type);
    setDraft({ ...tp.template });
    setPreview(null);
    setNote(null);
    setError(null);
  };
  const current = q.data?.items.find((x) => x.type === type);
  const doPreview = async () => setPreview(await post(`/api/admin/templates/${type}/preview`, { template: draft }));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('PUT', `/api/admin/templates/${type}`, draft);
      setNote(t('settings.saved'));
      await qc.invalidateQueries({ queryKey: ['templates'] });
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const fe = (f: string) => error?.fields.find((x) => x.field === f || x.field.endsWith(`.${f}`))?.message;
  return (
    <section className="card">
      <h2>{t('settings.templates')}</h2>
      <ErrorBox error={q.error} />
      <TemplateFilesWarning items={q.data?.items} />
      <div className="row">
        {q.data?.items.map((tp) => (
          <button key={tp.type} type="button" className={tp.type === type ? 'primary' : ''} onClick={() => pick(tp)}>
            {tp.template.name ?? tp.type}{tp.customised ? ' ✎' : ''}
          </button>
        ))}
      </div>
      {type && draft && (
        <form onSubmit={save} className="template-form">
          <label>{t('settings.subject')}<input value={draft.subject ?? ''} onChange={(e) => setDraft({ ...draft, subject: e.target.value })} />{fe('subject') && <span className="field-error">{fe('subject')}</span>}</label>
          <label>{t('settings.text')}<textarea rows={10} value={draft.text ?? ''} onChange={(e) => setDraft({ ...draft, text: e.target.value })} />{fe('text') && <span className="field-error">{fe('text')}</span>}</label>
          <label>HTML<textarea rows={4} value={draft.html ?? ''} onChange={(e) => setDraft({ ...draft, html: e.target.value || null })} /></label>
          {current && <TemplateAttachments entry={current} onChanged={async (next) => { setDraft((d) => (d ? { ...d, attachments: next.template.attachments } : d)); await qc.invalidateQueries({ queryKey: ['templates'] }); }} />}
          {error && !error.fields.length && <p className="error">{error.message}</p>}
          {error?.fields.filter((f) => !['subject', 'text'].some((k) => f.field.endsWith(k))).map((f) => <p key={f.field} className="error">{f.field}: {f.message}</p>)}
          {note && <p className="ok" role="status">{note}</p>}
          <div className="row">
            <button type="button" onClick={() => void doPreview()}>{t('settings.preview')}</button>
            <button type="submit" className="primary">{t('save')}</button>
          </div>
        </form>
      )}
      {preview && (
        <div className="card preview-mail" aria-label={t('settings.preview')}>
          {preview.problems.map((p) => <p key={p.field} className="error">{p.field}: {p.message}</p>)}
          {preview.rendered && (
            <>
              <p><strong>{String(preview.rendered.subject ?? '')}</strong></p>
              <pre className="mail-text">{String(preview.rendered.text ?? '')}</pre>
            </>
          )}
        </div>
      )}
    </section>
  );
}

interface Calendar { corrections: { date: string; kind: string; note?: string }[]; importedYears: { year: number; updatedBy: string | null; updatedAt: string }[]; shippedYears: number[] }

interface YearView { year: number; hasData: boolean; daysOff: string[]; shortenedDays: string[]; workingWeekendDays: string[]; calendarDays: number; workingDays: number; nonWorkingDays: number; hoursNorm: number }

/** «01.01–08.01, 23.02, …»: consecutive days as one range. */
function dayRanges(dates: readonly string[]): string {
  const dm = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}`;
  const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const out: string[] = [];
  let start: string | null = null;
  let prev: string | null = null;
  for (const d of [...dates].sort()) {
    if (prev && next(prev) === d) { prev = d; continue; }
    if (start && prev) out.push(start === prev ? dm(start) : `${dm(start)}–${dm(prev)}`);
    start = d;
    prev = d;
  }
  if (start && prev) out.push(start === prev ? dm(start) : `${dm(start)}–${dm(prev)}`);
  return out.join(', ') || '—';
}

/** The year as deadlines are counted (corrections included). */
function YearSummary({ y }: { y: YearView }) {
  const { t } = useTranslation();
  return (
    <dl className="year-summary">
      <dt>{t('settings.yearDaysOff')}</dt><dd>{dayRanges(y.daysOff)}</dd>
      <dt>{t('settings.yearShortened')}</dt><dd>{dayRanges(y.shortenedDays)}</dd>
      <dt>{t('settings.yearWorkingWeekend')}</dt><dd>{dayRanges(y.workingWeekendDays)}</dd>
      <dt>{t('settings.workingDays')}</dt><dd>{t('settings.workingDaysOf', { working: y.workingDays, days: y.calendarDays, hours: y.hoursNorm })}</dd>
    </dl>
  );
}

export function CalendarSection() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [year, setYear] = useState(new Date().getFullYear());
  const q = useQuery({ queryKey: ['calendar'], queryFn: () => get<Calendar>('/api/admin/calendar') });
  const [v, setV] = useState({ date: '', kind: 'off', note: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['calendar'] });
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await put('/api/admin/calendar/corrections', { date: v.date, kind: v.kind, ...(v.note ? { note: v.note } : {}) });
      setV({ date: '', kind: 'off', note: '' });
      await refresh();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const remove = async (date: string) => {
    if (!window.confirm(t('settings.removeCorrectionConfirm', { date }))) return;
    setError(null);
    try {
      await api('DELETE', `/api/admin/calendar/corrections/${date}`);
    } catch (err) {
      setError(err as ApiError);
    }
    await refresh();
  };
  const importFile = async (file: File) => {
    setError(null);
    setNote(null);
    try {
      const r = await post<{ year: number; daysOff: number; shortenedDays: number; workingWeekendDays: number }>('/api/admin/calendar/import', { xml: await file.text() });
      setNote(`${r.year}: ${t('settings.daysOff')} ${r.daysOff}, ${t('settings.shortened')} ${r.shortenedDays}, ${t('settings.workingWeekend')} ${r.workingWeekendDays}`);
      await refresh();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const yearQ = useQuery({ queryKey: ['calendar-year', year, q.dataUpdatedAt], queryFn: () => get<YearView>(`/api/admin/calendar/years/${year}`) });
  const ofYear = (q.data?.corrections ?? []).filter((c) => c.date.startsWith(String(year)));
  const imported = q.data?.importedYears.find((y) => y.year === year);
  return (
    <section className="card">
      <h2>{t('settings.calendar')}</h2>
      <ErrorBox error={q.error} />
      <div className="row">
        <button type="button" onClick={() => setYear(year - 1)} aria-label={String(year - 1)}>←</button>
        <strong>{year}</strong>
        <button type="button" onClick={() => setYear(year + 1)} aria-label={String(year + 1)}>→</button>
        <span className="muted">{imported ? `${t('settings.imported')} ${fmtDateTime(imported.updatedAt, i18n.language)}${imported.updatedBy ? ` · ${imported.updatedBy}` : ''}` : q.data?.shippedYears.includes(year) ? t('settings.shipped') : ''}</span>
      </div>
      {q.data && !imported && !q.data.shippedYears.includes(year) && <p className="warning" role="alert">{t('settings.noYearData', { year })}</p>}
      {yearQ.data && <YearSummary y={yearQ.data} />}
      <ul className="plain">
        {ofYear.map((c) => (
          <li key={c.date}>{fmtDate(c.date, i18n.language)} · {t(`settings.kinds.${c.kind}`, c.kind)}{c.note ? ` · ${c.note}` : ''} <button type="button" className="link" onClick={() => void remove(c.date)}>{t('settings.remove')}</button></li>
        ))}
      </ul>
      <form className="inline-form" onSubmit={add} aria-label={t('settings.addCorrection')}>
        <label>{t('settings.date')}<input type="date" required value={v.date} onChange={(e) => setV({ ...v, date: e.target.value })} /></label>
        <label>{t('settings.kind')}
          <select value={v.kind} onChange={(e) => setV({ ...v, kind: e.target.value })}>
            {['off', 'shortened', 'working'].map((k) => <option key={k} value={k}>{t(`settings.kinds.${k}`)}</option>)}
          </select>
        </label>
        <label>{t('settings.note')}<input value={v.note} onChange={(e) => setV({ ...v, note: e.target.value })} /></label>
        <button type="submit" className="primary">{t('settings.addCorrection')}</button>
      </form>
      <label className="file-label">{t('settings.import')}
        <input type="file" accept=".xml,application/xml,text/xml" onChange={(e) => { const f = e.target.files?.[0]; if (f) void importFile(f); }} />
      </label>
      {note && <p className="ok" role="status">{note}</p>}
      {error && <p className="error" role="alert">{error.fields.length ? error.fields.map((f) => `${f.field.replace(/^line (\d+)$/, (_, n: string) => t('settings.line', { n }))}: ${f.message}`).join('; ') : error.message}</p>}
    </section>
  );
}

const CONNECTION_FIELDS: Record<'smtp' | 'onec', { key: string; type?: string }[]> = {
  smtp: [{ key: 'host' }, { key: 'port', type: 'number' }, { key: 'security' }, { key: 'user' }, { key: 'password', type: 'password' }, { key: 'from' }],
  onec: [{ key: 'url' }, { key: 'user' }, { key: 'password', type: 'password' }, { key: 'counterpartyGroupRef' }],
};

export function Connection({ kind }: { kind: 'smtp' | 'onec' }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['settings', kind], queryFn: () => get<{ settings: Record<string, unknown> | null; secretsSet: string[] }>(`/api/admin/settings/${kind}`) });
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const values: Record<string, string> = draft ?? Object.fromEntries(Object.entries(q.data?.settings ?? {}).map(([k, v]) => [k, v == null ? '' : String(v)]));
  /** What the form holds now (a password left empty keeps the stored one). */
  const typed = (): Record<string, unknown> => {
    const body: Record<string, unknown> = {};
    for (const f of CONNECTION_FIELDS[kind]) {
      const v = values[f.key];
      if (v === undefined || v === '') continue;
      body[f.key] = f.type === 'number' ? Number(v) : v;
    }
    return body;
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setNote(null);
    try {
      await api('PUT', `/api/admin/settings/${kind}`, typed());
      setNote(t('settings.saved'));
      setDraft(null);
      await q.refetch();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const fe = (f: string) => error?.fields.find((x) => x.field === f || x.field.endsWith(`.${f}`))?.message;
  const [check, setCheck] = useState<{ ok: boolean; text: string; technical?: string } | null>(null);
  // Checks what the form holds (typed, not yet saved, or else the stored settings); the answer never carries a secret.
  const test = async () => {
    setCheck(null);
    try {
      const r = await api<Record<string, any>>('POST', `/api/admin/settings/${kind}/test`, draft ? typed() : {});
      // What failed in words (SMTP: the error's code; 1C: which check), the technical reason below it.
      const failed: any[] = Array.isArray(r.findings) ? r.findings.filter((f: any) => f && f.ok === false) : [];
      const words = r.configured === false
        ? t(`settings.notConfigured.${kind}`)
        : kind === 'smtp'
          ? t(`settings.mailError.${r.error?.code ?? 'other'}`, { defaultValue: t('settings.mailError.other') })
          : failed.map((f) => t(`settings.onecCheck.${f.check}`, { defaultValue: f.check, entitySet: f.entitySet ?? '' })).join('; ');
      const technical = r.configured === false ? '' : kind === 'smtp' ? (r.error?.message ?? '') : failed.map((f) => f.message).join('; ');
      setCheck(r.ok ? { ok: true, text: t('settings.testOk') } : { ok: false, text: `${t('settings.testFailed')}: ${words}`, technical });
    } catch (err) {
      const e = err as ApiError;
      setCheck({ ok: false, text: `${t('settings.testFailed')}: ${e.fields?.length ? e.fields.map((f) => f.message).join('; ') : e.message}` });
    }
  };
  return (
    <section className="card">
      <h2>{kind === 'smtp' ? t('settings.smtp') : t('settings.onec')}</h2>
      <form onSubmit={save} className="inline-form" aria-label={kind}>
        {CONNECTION_FIELDS[kind].map((f) => (
          <label key={f.key}>{t(`settings.fields.${kind}.${f.key}`, { defaultValue: f.key })}
            {f.key === 'security' ? (
              <select value={values[f.key] ?? ''} onChange={(e) => setDraft({ ...values, [f.key]: e.target.value })}>
                <option value="">{t('none')}</option>
                {['tls', 'starttls', 'none'].map((v) => <option key={v} value={v}>{t(`settings.security.${v}`)}</option>)}
              </select>
            ) : (
              <input type={f.type ?? 'text'} autoComplete="off" value={values[f.key] ?? ''}
                placeholder={f.type === 'password' && q.data?.secretsSet.includes(f.key) ? '••••••' : ''}
                onChange={(e) => setDraft({ ...values, [f.key]: e.target.value })} />
            )}
            {i18n.exists(`settings.hints.${kind}.${f.key}`) && <small className="muted">{t(`settings.hints.${kind}.${f.key}`)}</small>}
            {fe(f.key) && <span className="field-error">{fe(f.key)}</span>}
          </label>
        ))}
        <button type="submit" className="primary">{t('save')}</button>
        <button type="button" onClick={() => void test()}>{t('settings.test')}</button>
      </form>
      {check && <p className={check.ok ? 'ok' : 'error'} role="status">{check.text}{check.technical && <><br /><small className="muted">{check.technical}</small></>}</p>}
      {error && !error.fields.length && <p className="error">{error.message}</p>}
      {note && <p className="ok" role="status">{note}</p>}
    </section>
  );
}

export function SentEmails() {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['emails'], queryFn: () => get<{ items: { id: string; status: string; to: string | null; subject: string | null; error: string | null; attempts: number; createdAt: string; elementId: string | null; instanceId: string | null }[]; total: number }>('/api/admin/emails?limit=50') });
  return (
    <section className="card">
      <h2>{t('settings.emails')} {q.data && <span className="muted">({q.data.total})</span>}</h2>
      <ErrorBox error={q.error} />
      <div className="table-scroll">
        <table>
          <tbody>
            {q.data?.items.map((m) => (
              <tr key={m.id}>
                <td>{fmtDateTime(m.createdAt, i18n.language)}</td>
                <td>{m.to ?? '—'}</td>
                <td>{m.subject ?? m.elementId ?? '—'}</td>
                <td>
                  {t(`settings.emailStatus.${m.status}`, { defaultValue: m.status })}
                  {/* The reason in words; the job's technical error (for whoever fixes the mail server) below it. */}
                  {m.error && <> · {t(`settings.mailError.${failureCode(m.error) ?? 'other'}`, { defaultValue: t('settings.mailError.other') })}<br /><small className="muted">{m.error}</small></>}
                </td>
                <td>{m.status === 'failed' && m.instanceId === null && <EmailRetryButton id={m.id} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
