import { useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, get, patch, post, type User } from '../api.ts';
import { ErrorBox } from '../layout.tsx';
import { fmtDateTime } from '../format.ts';
import { CalendarSection, Connection, SentEmails, Templates } from './admin-settings.tsx';
import { CompanyProfileSection, ProcessSettingsSection, WorkdaySettings } from './admin-company-settings.tsx';
import { DocumentSetsSection } from './admin-documents.tsx';
import { OpenDealsWarning, type OpenDealRef } from './admin-open-deals.tsx';
import { EditUser } from './admin-user-edit.tsx';
import { incidentWords } from '../timeline-text.ts';

export interface Model { definitionKey: string; processId: string; version: number; name: string | null; source: 'shipped' | 'admin'; deployedAt: string; deployedBy: string | null; isDefault: boolean; runningInstances: number }
/** Which version new deals of a process start on: chosen by an admin, or the rule (the latest shipped version). */
export interface ProcessVersion { processId: string; definitionKey: string; version: number; chosen: 'admin' | 'rule'; chosenBy: string | null; chosenAt: string | null }
export interface Problem { code: string; elementId: string | null; message: string; line?: number }

export function ProblemList({ problems }: { problems: Problem[] }) {
  const { t } = useTranslation();
  if (!problems.length) return null;
  return (
    <div className="error" role="alert">
      <p>{t('admin.problems')}</p>
      <ul>{problems.map((p, i) => <li key={i}><code>{p.elementId ?? '—'}</code> {p.message}{p.line ? ` (line ${p.line})` : ''}</li>)}</ul>
    </div>
  );
}

export async function deployXml(xml: string): Promise<{ ok: true; items: Model[]; unchanged: boolean } | { ok: false; problems: Problem[]; message: string }> {
  try {
    const r = await post<{ items: Model[]; unchanged?: boolean }>('/api/admin/models', { xml });
    return { ok: true, items: r.items, unchanged: r.unchanged === true };
  } catch (err) {
    if (err instanceof ApiError && err.body?.problems) return { ok: false, problems: err.body.problems, message: err.message };
    return { ok: false, problems: [{ code: 'error', elementId: null, message: (err as Error).message }], message: (err as Error).message };
  }
}

const ROLES = ['admin', 'manager', 'sales_rep', 'lawyer', 'director'];

function Users() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const users = useQuery({ queryKey: ['users', 'all'], queryFn: () => get<{ items: User[] }>('/api/users') });
  const [v, setV] = useState({ login: '', name: '', role: 'sales_rep', email: '', password: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await post('/api/users', { ...v, email: v.email || null, password: v.password || undefined });
      setV({ login: '', name: '', role: 'sales_rep', email: '', password: '' });
      await qc.invalidateQueries({ queryKey: ['users'] });
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const [openDeals, setOpenDeals] = useState<{ login: string; deals: OpenDealRef[] } | null>(null);
  const [changeError, setChangeError] = useState<{ login: string; error: ApiError } | null>(null);
  const change = async (u: User, body: Record<string, unknown>, question?: string) => {
    if (question && !window.confirm(question)) return;
    setChangeError(null);
    try {
      const r = await patch<User & { openDeals?: OpenDealRef[] }>(`/api/users/${u.login}`, body);
      setOpenDeals(r.openDeals?.length ? { login: u.login, deals: r.openDeals } : null);
    } catch (err) {
      setChangeError({ login: u.login, error: err as ApiError });
    }
    await qc.invalidateQueries({ queryKey: ['users'] });
  };
  const gd = users.data?.items.find((x) => x.isGeneralDirector && x.active);
  const [editing, setEditing] = useState<string | null>(null);
  const fe = (f: string) => error?.fields.find((x) => x.field === f)?.message;
  return (
    <section className="card">
      <h2>{t('admin.users')}</h2>
      <div className="table-scroll">
        <table>
          <thead><tr><th>{t('admin.login')}</th><th>{t('admin.name')}</th><th>{t('admin.role')}</th><th>{t('admin.active')}</th><th /></tr></thead>
          <tbody>
            {users.data?.items.map((u) => (
              <tr key={u.login}>
                <td>{u.login}</td>
                <td>{u.name}{u.isGeneralDirector && ` (${t('admin.gd')})`}</td>
                <td>
                  <select aria-label={`${t('admin.role')} ${u.login}`} value={u.role} onChange={(e) => void change(u, { role: e.target.value }, t('admin.roleConfirm', { name: u.name, login: u.login, role: t(`roles.${e.target.value}`) }))}>
                    {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
                  </select>
                </td>
                <td>{u.active ? t('admin.isActive') : t('admin.isInactive')}</td>
                <td className="row">
                  <button type="button" onClick={() => void change(u, { active: !u.active }, u.active ? t('admin.deactivateConfirm', { name: u.name, login: u.login }) : undefined)}>{u.active ? t('admin.deactivate') : t('admin.activate')}</button>
                  {u.active && !u.isGeneralDirector && (
                    <button type="button" onClick={() => void change(u, { isGeneralDirector: true }, t('admin.makeGdConfirm', { name: u.name, current: gd ? `${gd.name} (${gd.login})` : t('admin.nobody') }))}>{t('admin.makeGd')}</button>
                  )}
                  <button type="button" onClick={() => setEditing(editing === u.login ? null : u.login)}>{t('admin.editUser')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && users.data?.items.find((x) => x.login === editing) && (
        <EditUser key={editing} user={users.data.items.find((x) => x.login === editing)!} onClose={() => setEditing(null)} />
      )}
      {changeError && (
        <p className="error" role="alert">
          {t('admin.userNotChanged')} ({changeError.login}): {changeError.error.fields?.length ? changeError.error.fields.map((f) => f.message).join('; ') : changeError.error.message}
        </p>
      )}
      {openDeals && <OpenDealsWarning login={openDeals.login} deals={openDeals.deals} onClose={() => setOpenDeals(null)} />}
      <form className="inline-form" onSubmit={add} aria-label={t('admin.addUser')}>
        <h3>{t('admin.addUser')}</h3>
        <label>{t('admin.login')}<input required value={v.login} onChange={(e) => setV({ ...v, login: e.target.value })} />{fe('login') && <span className="field-error">{fe('login')}</span>}</label>
        <label>{t('admin.name')}<input required value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} />{fe('name') && <span className="field-error">{fe('name')}</span>}</label>
        <label>{t('admin.role')}<select value={v.role} onChange={(e) => setV({ ...v, role: e.target.value })}>{ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}</select></label>
        <label>E-mail<input type="text" inputMode="email" value={v.email} onChange={(e) => setV({ ...v, email: e.target.value })} />{fe('email') && <span className="field-error">{fe('email')}</span>}</label>
        <label>{t('admin.password')}<input type="password" autoComplete="new-password" value={v.password} onChange={(e) => setV({ ...v, password: e.target.value })} />{fe('password') && <span className="field-error">{fe('password')}</span>}</label>
        {error && !error.fields.length && <p className="error">{error.message}</p>}
        <button type="submit" className="primary">{t('admin.addUser')}</button>
      </form>
    </section>
  );
}

function Instances({ model }: { model: Model }) {
  const q = useQuery({ queryKey: ['instances', model.definitionKey], queryFn: () => get<{ items: { instanceId: string; businessKey: string | null; elementIds: string[] }[]; total: number }>(`/api/admin/models/${encodeURIComponent(model.definitionKey)}/instances?limit=50`) });
  // The steps' names as the model gives them (the XML of this version), ids only where a step has none.
  const names = useQuery({
    queryKey: ['model-names', model.definitionKey],
    queryFn: async () => {
      const { xml } = await get<{ xml: string }>(`/api/admin/models/${encodeURIComponent(model.definitionKey)}/xml`);
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      const out = new Map<string, { name: string; kind: string }>();
      for (const el of Array.from(doc.getElementsByTagName('*'))) {
        const id = el.getAttribute('id');
        if (id) out.set(id, { name: el.getAttribute('name') ?? '', kind: el.localName });
      }
      return out;
    },
    staleTime: Infinity,
  });
  if (!q.data) return null;
  // Where the running deals wait: each step once, with how many deals are there (of the first 50).
  // Gateways a deal passes through while it waits elsewhere (a join) are not steps a person knows.
  const byElement = new Map<string, number>();
  for (const i of q.data.items) {
    for (const e of new Set(i.elementIds)) {
      if (/gateway/i.test(names.data?.get(e)?.kind ?? '')) continue;
      byElement.set(e, (byElement.get(e) ?? 0) + 1);
    }
  }
  const label = (id: string) => names.data?.get(id)?.name || id;
  return (
    <span>
      {q.data.total}
      {byElement.size > 0 && ': '}
      {[...byElement].sort((a, b) => b[1] - a[1]).map(([element, n], k) => <span key={element}>{k > 0 && ', '}<span title={element}>{label(element)}</span> × {n}</span>)}
    </span>
  );
}

/** The "new deals start here" cell: the marker with who chose it, or the button to choose this version. */
function NewDealsCell({ model, choice, onChoose }: { model: Model; choice: ProcessVersion | undefined; onChoose: (m: Model) => void }) {
  const { t, i18n } = useTranslation();
  if (model.isDefault) {
    return (
      <span className="default-version">
        <strong>{t('admin.startsHere')}</strong>
        <br />
        <span className="muted">
          {choice?.chosen === 'admin'
            ? t('admin.chosenBy', { who: choice.chosenBy ?? '—', at: choice.chosenAt ? fmtDateTime(choice.chosenAt, i18n.language) : '' })
            : t('admin.chosenByRule')}
        </span>
      </span>
    );
  }
  return (
    <button type="button" aria-label={t('admin.makeDefaultAria', { version: model.version })} onClick={() => onChoose(model)}>
      {t('admin.makeDefault')}
    </button>
  );
}

function Models() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const models = useQuery({ queryKey: ['models'], queryFn: () => get<{ items: Model[]; processes: ProcessVersion[] }>('/api/admin/models') });
  const [problems, setProblems] = useState<Problem[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [chooseError, setChooseError] = useState<string | null>(null);
  const upload = async (file: File) => {
    setProblems([]);
    setNote(null);
    const r = await deployXml(await file.text());
    if (r.ok) {
      setNote(r.unchanged
        ? t('admin.deployUnchanged', { versions: r.items.map((m) => `${m.processId} v${m.version}${m.isDefault ? ` (${t('admin.nowDefault')})` : ''}`).join(', ') })
        : `${t('admin.deployed')}: ${r.items.map((m) => `${m.processId} v${m.version}${m.isDefault ? ` (${t('admin.nowDefault')})` : ''}`).join(', ')}`);
      await qc.invalidateQueries({ queryKey: ['models'] });
    } else setProblems(r.problems);
  };
  const choose = async (m: Model) => {
    setNote(null);
    setChooseError(null);
    const current = models.data?.processes.find((p) => p.processId === m.processId);
    if (!window.confirm(t('admin.chooseConfirm', { name: m.name ?? m.processId, version: m.version, current: current?.version ?? '—' }))) return;
    try {
      await api('PUT', `/api/admin/processes/${encodeURIComponent(m.processId)}/default`, { definitionKey: m.definitionKey });
      setNote(t('admin.chosen', { name: m.name ?? m.processId, version: m.version }));
    } catch (err) {
      const e = err as ApiError;
      const reason = e.status === 404 ? t('admin.versionGone') : e.status === 400 ? t('admin.versionOfOther') : e.message;
      setChooseError(`${t('admin.chooseFailed')}: ${reason}`);
    }
    await qc.invalidateQueries({ queryKey: ['models'] });
  };
  return (
    <section className="card">
      <h2>{t('admin.models')}</h2>
      <ErrorBox error={models.error} />
      <p className="muted">{t('admin.versionsHelp')}</p>
      {chooseError && <p className="error" role="alert">{chooseError}</p>}
      {note && <p className="ok" role="status">{note}</p>}
      <div className="table-scroll">
        <table>
          <thead><tr><th>{t('admin.name')}</th><th>{t('admin.version')}</th><th>{t('admin.deployedAt')}</th><th>{t('admin.isDefault')}</th><th>{t('admin.instances')}</th><th /></tr></thead>
          <tbody>
            {models.data?.items.map((m) => (
              <tr key={m.definitionKey} data-testid={`model-${m.definitionKey}`} className={m.isDefault ? 'is-default' : undefined}>
                <td>{m.name ?? m.processId}<br /><code className="muted">{m.processId}</code></td>
                <td>{t('admin.versionN', { version: m.version })} <span className="muted">· {t(`admin.source.${m.source}`)}</span></td>
                <td>{fmtDateTime(m.deployedAt, i18n.language)}{m.deployedBy && ` · ${m.deployedBy}`}</td>
                <td><NewDealsCell model={m} choice={models.data?.processes.find((p) => p.processId === m.processId)} onChoose={(x) => void choose(x)} /></td>
                <td><span className="phone-only">{t('admin.instances')}: </span>{m.runningInstances > 0 ? <Instances model={m} /> : 0}</td>
                <td><button type="button" onClick={() => navigate(`/admin/models/${encodeURIComponent(m.definitionKey)}`)}>{t('admin.open')}</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <label className="file-label">{t('admin.upload')}
        <input type="file" accept=".bpmn,.xml,application/xml,text/xml" onChange={(e) => { const f = e.target.files?.[0]; if (f) void upload(f); }} />
      </label>
      <ProblemList problems={problems} />
    </section>
  );
}

function Incidents() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['incidents'], queryFn: () => get<{ items: { id: string; businessKey: string | null; elementId: string; type: string; message: string; createdAt: string }[] }>('/api/admin/incidents') });
  const [retryError, setRetryError] = useState<unknown>(null);
  const retry = async (id: string) => {
    setRetryError(null);
    try {
      await post(`/api/admin/incidents/${id}/retry`);
    } catch (err) {
      setRetryError(err);
    }
    await qc.invalidateQueries({ queryKey: ['incidents'] });
  };
  return (
    <section className="card">
      <h2>{t('admin.incidents')}</h2>
      <ErrorBox error={q.error} />
      <ErrorBox error={retryError} />
      {q.data?.items.length === 0 && <p className="muted">{t('admin.noIncidents')}</p>}
      <ul className="plain">
        {q.data?.items.map((i) => (
          <li key={i.id}>
            {fmtDateTime(i.createdAt, i18n.language)} · {incidentWords(i.elementId, i.message, t)}
            {i.businessKey && <> · <Link to={`/deals/${i.businessKey}`}>{t('deal.title')}</Link></>}{' '}
            <button type="button" onClick={() => void retry(i.id)}>{t('admin.retry')}</button>
            <br /><small className="muted">{i.elementId} · {i.type}: {i.message}</small>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Banned() {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['banned'], queryFn: () => get<{ items: { inn: string; dealId: string | null; comment: string | null; createdAt: string }[] }>('/api/admin/banned-inns') });
  return (
    <section className="card">
      <h2>{t('admin.banned')}</h2>
      <ul className="plain">{q.data?.items.map((b) => <li key={b.inn}><code>{b.inn}</code> · {fmtDateTime(b.createdAt, i18n.language)} · {b.comment}</li>)}</ul>
    </section>
  );
}

export default function AdminPage() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('admin.title')}</h1>
      <Users />
      <Models />
      <Incidents />
      <CompanyProfileSection />
      <DocumentSetsSection />
      <Templates />
      <CalendarSection />
      <WorkdaySettings />
      <ProcessSettingsSection />
      <Connection kind="smtp" />
      <Connection kind="onec" />
      <SentEmails />
      <Banned />
    </section>
  );
}
