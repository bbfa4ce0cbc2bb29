/**
 * Admin → Documents: the founding documents the rep collects per client type
 * (/api/admin/document-sets). Edit titles, add, remove and reorder documents, save a new
 * version or go back to the shipped sets. A change applies to document tasks created
 * after it; errors come back with a field path (sets.ooo[2].label) shown at that field.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError, get } from '../api.ts';
import { ErrorBox } from '../layout.tsx';
import { fmtDateTime } from '../format.ts';

type ClientType = 'ip' | 'ooo';
const TYPES: ClientType[] = ['ip', 'ooo'];
interface Doc { key: string; label: string; description?: string }
type Sets = Record<ClientType, Doc[]>;
interface View { source: 'admin' | 'shipped'; sets: Sets; updatedBy: string | null; updatedAt: string | null; defaults: Sets }
/** A row being edited; `fresh` rows get their key from the title until the admin types one. */
interface Row extends Doc { id: number; fresh: boolean; keyTouched: boolean }

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't',
  у: 'u', ф: 'f', х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
/** A key suggested from a Russian title: «СНИЛС директора» → snils_direktora. */
export function keyFromLabel(label: string): string {
  const latin = [...label.toLowerCase()].map((ch) => TRANSLIT[ch] ?? ch).join('');
  return latin.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64);
}

let nextId = 1;
const toRows = (docs: Doc[]): Row[] => docs.map((d) => ({ ...d, id: nextId++, fresh: false, keyTouched: true }));
const toDocs = (rows: Row[]): Doc[] => rows.map((r) => ({ key: r.key, label: r.label, ...(r.description?.trim() ? { description: r.description } : {}) }));

export function DocumentSetsSection() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['document-sets'], queryFn: () => get<View>('/api/admin/document-sets') });
  const [type, setType] = useState<ClientType>('ip');
  const [rows, setRows] = useState<Record<ClientType, Row[]> | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = (v: View) => setRows({ ip: toRows(v.sets.ip), ooo: toRows(v.sets.ooo) });
  useEffect(() => {
    if (q.data && !rows) load(q.data);
  }, [q.data, rows]);

  if (!rows) {
    return (
      <section className="card" id="documents">
        <h2>{t('docSets.title')}</h2>
        <ErrorBox error={q.error} />
      </section>
    );
  }

  const list = rows[type];
  const update = (next: Row[]) => {
    setRows({ ...rows, [type]: next });
    setNote(null);
  };
  const change = (id: number, patch: Partial<Row>) =>
    update(list.map((r) => {
      if (r.id !== id) return r;
      const n = { ...r, ...patch };
      if (patch.label !== undefined && r.fresh && !r.keyTouched) n.key = keyFromLabel(patch.label);
      return n;
    }));
  const move = (index: number, by: -1 | 1) => {
    setError(null);
    const next = [...list];
    const [r] = next.splice(index, 1);
    next.splice(index + by, 0, r);
    update(next);
  };
  // Adding, removing or moving rows shifts positions: errors named by position no longer fit.
  const add = () => {
    setError(null);
    update([...list, { id: nextId++, key: '', label: '', fresh: true, keyTouched: false }]);
  };
  const remove = (id: number) => {
    setError(null);
    update(list.filter((r) => r.id !== id));
  };

  // Field errors by path; a row's errors stay with the row shown at that position when saving.
  const fieldError = (t2: ClientType, index: number | null, field?: string) =>
    error?.fields.filter((f) => f.field === (index === null ? `sets.${t2}` : `sets.${t2}[${index}]${field ? `.${field}` : ''}`)).map((f) => f.message).join('; ') || null;
  const typeHasErrors = (t2: ClientType) => !!error?.fields.some((f) => f.field === `sets.${t2}` || f.field.startsWith(`sets.${t2}[`));
  const otherErrors = error?.fields.filter((f) => !TYPES.some((t2) => f.field === `sets.${t2}` || f.field.startsWith(`sets.${t2}[`))) ?? [];
  const rowProblems = (index: number) => error?.fields.filter((f) => f.field.startsWith(`sets.${type}[${index}].`) && !/\.(key|label|description)$/.test(f.field)).map((f) => f.message) ?? [];

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const saved = await api<View>('PUT', '/api/admin/document-sets', { sets: { ip: toDocs(rows.ip), ooo: toDocs(rows.ooo) } });
      qc.setQueryData(['document-sets'], saved);
      load(saved);
      setNote(t('docSets.saved'));
    } catch (err) {
      setError(err as ApiError);
      const bad = TYPES.find((t2) => (err as ApiError).fields?.some((f) => f.field.startsWith(`sets.${t2}`)));
      if (bad) setType(bad);
      // On a phone the first wrong field may be far below: bring it into view and focus it once the tab shows.
      setTimeout(() => {
        const first = document.querySelector<HTMLElement>('.doc-sets [aria-invalid="true"], .doc-sets .field-error');
        first?.scrollIntoView({ block: 'center' });
        if (first instanceof HTMLInputElement) first.focus();
      }, 50);
    } finally {
      setBusy(false);
    }
  };
  const reset = async () => {
    if (!window.confirm(t('docSets.resetConfirm'))) return;
    setBusy(true);
    setError(null);
    try {
      const v = await api<View>('DELETE', '/api/admin/document-sets');
      qc.setQueryData(['document-sets'], v);
      load(v);
      setNote(t('docSets.resetDone'));
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };

  const v = q.data;
  return (
    <section className="card" id="documents" aria-labelledby="documents-title">
      <h2 id="documents-title">{t('docSets.title')}</h2>
      <p className="muted">{t('docSets.intro')}</p>
      {v && (
        <p className="muted" data-source={v.source}>
          {v.source === 'admin' ? t('docSets.sourceAdmin', { who: v.updatedBy ?? '—', when: fmtDateTime(v.updatedAt, i18n.language) }) : t('docSets.sourceShipped')}
        </p>
      )}
      <div className="row" role="tablist">
        {TYPES.map((t2) => (
          <button key={t2} type="button" role="tab" aria-selected={t2 === type} className={t2 === type ? 'primary' : ''} onClick={() => setType(t2)}>
            {t(`docSets.types.${t2}`)} ({rows[t2].length}){typeHasErrors(t2) ? ' ⚠' : ''}
          </button>
        ))}
      </div>
      <form onSubmit={save} noValidate>
        {fieldError(type, null) && <p className="field-error">{fieldError(type, null)}</p>}
        <ol className="doc-sets" style={{ paddingLeft: '1.2rem' }}>
          {list.map((r, i) => (
            <li key={r.id} style={{ marginBottom: '.8rem' }} data-doc-key={r.key}>
              <label style={{ display: 'block' }}>
                {t('docSets.label')}
                <input value={r.label} onChange={(e) => change(r.id, { label: e.target.value })} style={{ width: '100%' }} aria-invalid={!!fieldError(type, i, 'label')} />
                {fieldError(type, i, 'label') && <span className="field-error">{fieldError(type, i, 'label')}</span>}
              </label>
              <div className="row">
                <label style={{ flex: '1 1 12rem' }}>
                  {t('docSets.key')}
                  <input
                    value={r.key}
                    readOnly={!r.fresh}
                    title={r.fresh ? t('docSets.keyHint') : t('docSets.keyFixed')}
                    onChange={(e) => change(r.id, { key: e.target.value, keyTouched: true })}
                    style={{ width: '100%' }}
                    aria-invalid={!!fieldError(type, i, 'key')}
                  />
                  {fieldError(type, i, 'key') && <span className="field-error">{fieldError(type, i, 'key')}</span>}
                </label>
                <label style={{ flex: '2 1 14rem' }}>
                  {t('docSets.description')}
                  <input value={r.description ?? ''} onChange={(e) => change(r.id, { description: e.target.value })} style={{ width: '100%' }} aria-invalid={!!fieldError(type, i, 'description')} />
                  {fieldError(type, i, 'description') && <span className="field-error">{fieldError(type, i, 'description')}</span>}
                </label>
              </div>
              {rowProblems(i).map((m) => <span key={m} className="field-error">{m}</span>)}
              <div className="row">
                <button type="button" onClick={() => move(i, -1)} disabled={i === 0} aria-label={t('docSets.up')}>↑</button>
                <button type="button" onClick={() => move(i, 1)} disabled={i === list.length - 1} aria-label={t('docSets.down')}>↓</button>
                <button type="button" onClick={() => remove(r.id)}>{t('docSets.remove')}</button>
              </div>
            </li>
          ))}
        </ol>
        <p className="muted">{t('docSets.allRequired')}</p>
        {error && !error.fields.length && <p className="error">{error.message}</p>}
        {otherErrors.map((f) => <p key={f.field} className="error">{f.field}: {f.message}</p>)}
        {note && <p className="ok" role="status">{note}</p>}
        <div className="row">
          <button type="button" onClick={add}>{t('docSets.add')}</button>
          <span className="spacer" />
          <button type="button" onClick={() => void reset()} disabled={busy || v?.source !== 'admin'}>{t('docSets.reset')}</button>
          <button type="submit" className="primary" disabled={busy}>{t('save')}</button>
        </div>
      </form>
    </section>
  );
}
