import { Fragment, lazy, Suspense, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { taskTitle } from '../i18n.ts';
import { ApiError, get, post, type Deal, type Task } from '../api.ts';
import { ErrorBox, Loading } from '../layout.tsx';
import { fmtDateTime, telHref } from '../format.ts';
import { describeEntry, type TimelineEntry } from '../timeline-text.ts';
import { useUser } from '../session.tsx';
import { useUsers } from './board.tsx';
import { DOC_LABELS, Documents } from './deal-documents.tsx';
import { ChangeSalesRep } from './deal-sales-rep.tsx';
import { EditDeal } from './deal-edit.tsx';

const DealDiagram = lazy(() => import('../diagram/deal-diagram.tsx'));




/** The timeline with people's names where the users list has them (logins otherwise). */
function Timeline({ dealId, nameOf }: { dealId: string; nameOf: (login: string | null) => string }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['timeline', dealId], queryFn: () => get<{ items: TimelineEntry[] }>(`/api/deals/${dealId}/timeline?limit=200`) });
  const labels = useQuery({ queryKey: ['document-labels'], queryFn: () => get<{ labels: Record<string, string> }>('/api/document-labels'), staleTime: 300_000 });
  const docLabel = (key: string) => labels.data?.labels[key] ?? DOC_LABELS[key] ?? key;
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const comment = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await post(`/api/deals/${dealId}/comments`, { text });
      setText('');
      await q.refetch();
    } catch (err) {
      setError(err instanceof ApiError ? (err.fields[0]?.message ?? err.message) : (err as Error).message);
    }
  };
  return (
    <section className="card">
      <h2>{t('deal.timeline')}</h2>
      <form className="comment-form" onSubmit={comment}>
        <label>{t('deal.addComment')}<textarea rows={2} required value={text} onChange={(e) => setText(e.target.value)} /></label>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit">{t('deal.send')}</button>
      </form>
      <ol className="timeline">
        {q.data?.items.map((e) => (
          <li key={e.id} data-kind={e.kind}>
            <time dateTime={e.at}>{fmtDateTime(e.at, i18n.language)}</time> <strong>{t(`timeline.${e.kind}`, { defaultValue: e.kind })}</strong> {describeEntry(e, t, nameOf, i18n.language, docLabel)}
            {e.actor && <span className="muted timeline-actor"> · {e.actor === 'system' ? t('deal.systemActor') : nameOf(e.actor)}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

interface DiagramData { xml: string; activeElements: string[]; completedElements: string[]; incidents?: { elementId: string; message: string }[] }

/** The deal's diagram from the API; without the route (older servers) admins get the default model and the tasks mark the steps. */
async function loadDiagram(dealId: string, isAdmin: boolean, tasks: Task[]): Promise<DiagramData | null> {
  try {
    const r = await get<DiagramData>(`/api/deals/${dealId}/diagram`);
    if (r?.xml) return r;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 404 || !isAdmin) throw err;
  }
  if (!isAdmin) return null;
  const models = await get<{ items: { definitionKey: string; processId: string; isDefault: boolean; version: number }[] }>('/api/admin/models');
  const m = models.items.filter((x) => x.processId === 'franchise_onboarding').sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || b.version - a.version)[0];
  if (!m) return null;
  const xml = (await get<{ xml: string }>(`/api/admin/models/${encodeURIComponent(m.definitionKey)}/xml`)).xml;
  return { xml, activeElements: tasks.filter((x) => x.status === 'open').map((x) => x.elementId), completedElements: tasks.filter((x) => x.status === 'completed').map((x) => x.elementId) };
}

function Diagram({ deal, tasks }: { deal: Deal; tasks: Task[] | undefined }) {
  const { t } = useTranslation();
  const user = useUser();
  const q = useQuery({ queryKey: ['diagram', deal.id, deal.stage], queryFn: () => loadDiagram(deal.id, user?.role === 'admin', tasks ?? []), enabled: !!tasks, staleTime: 15_000 });
  return (
    <section className="card">
      <h2>{t('deal.diagram')}</h2>
      {q.error ? <p className="muted">{t('diagram.unavailable')}</p> : q.isLoading || !tasks ? <p className="muted">{t('diagram.loading')}</p> : !q.data ? <p className="muted">{t('diagram.unavailable')}</p> : (
        <Suspense fallback={<p className="muted">{t('diagram.loading')}</p>}>
          <DealDiagram xml={q.data.xml} current={q.data.activeElements} done={q.data.completedElements} />
          {q.data.incidents?.map((i) => <p key={i.elementId} className="error">{i.elementId}: {i.message}</p>)}
        </Suspense>
      )}
    </section>
  );
}

function Reassign({ task, users, onDone }: { task: Task; users: { login: string; name: string; role: string; active: boolean }[]; onDone: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  // Offered to people who could do the task: its candidate groups and the role of whoever has it now.
  const assigneeRole = users.find((u) => u.login === task.assignee)?.role;
  const roles = new Set<string>([...(task.candidateGroups ?? []), ...(assigneeRole ? [assigneeRole] : [])]);
  const change = async (login: string) => {
    setError(null);
    try {
      await post(`/api/tasks/${task.id}/reassign`, { assignee: login });
      onDone();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <>
      {' '}
      <select aria-label={`${t('deal.reassign')}: ${taskTitle(task)}`} value="" onChange={(e) => e.target.value && void change(e.target.value)} className="inline-select">
        <option value="">{t('deal.reassign')}…</option>
        {users.filter((u) => u.active && u.login !== task.assignee && (roles.size === 0 || roles.has(u.role))).map((u) => <option key={u.login} value={u.login}>{u.name}</option>)}
      </select>
      {error && <span className="field-error">{error}</span>}
    </>
  );
}

function CancelDeal({ deal }: { deal: Deal }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  if (!open) return <button type="button" className="danger" onClick={() => setOpen(true)}>{t('deal.cancel')}</button>;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await post(`/api/deals/${deal.id}/cancel`, { reason });
      setOpen(false);
      await qc.invalidateQueries();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <form className="card" onSubmit={submit}>
      <label>{t('deal.cancelReason')} *<textarea required value={reason} onChange={(e) => setReason(e.target.value)} /></label>
      {error && <p className="error" role="alert">{error.fields[0]?.message ?? error.message}</p>}
      <div className="row"><button type="submit" className="danger">{t('deal.cancel')}</button><button type="button" onClick={() => setOpen(false)}>{t('cancel')}</button></div>
    </form>
  );
}

export default function DealPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const user = useUser();
  const deal = useQuery({ queryKey: ['deal', id], queryFn: () => get<Deal>(`/api/deals/${id}`) });
  const tasks = useQuery({ queryKey: ['deal-tasks', id], queryFn: () => get<{ items: Task[] }>(`/api/deals/${id}/tasks`) });
  const users = useUsers();
  if (deal.isLoading) return <Loading />;
  if (!deal.data) return <ErrorBox error={deal.error} />;
  const d = deal.data;
  const nameOf = (l: string | null) => (l ? (users.data?.items.find((u) => u.login === l)?.name ?? l) : '—');
  const running = d.stage !== 'won' && d.stage !== 'lost';
  return (
    <section className="deal-page">
      <h1>№{d.number} {d.title} <span className={`stage-badge stage-${d.stage}`}>{t(`stages.${d.stage}`)}</span></h1>
      <div className="deal-grid">
        <section className="card">
          <h2>{t('deal.fields')}</h2>
          <dl>
            <dt>{t('deal.owner')}</dt><dd>{nameOf(d.owner)}</dd>
            <dt>{t('deal.rep')}</dt><dd>{nameOf(d.salesRep)}{running && d.salesRep && user?.role === 'manager' && <ChangeSalesRep deal={d} />}</dd>
            <dt>{t('deal.created')}</dt><dd>{fmtDateTime(d.createdAt, i18n.language)}</dd>
            {d.city && <><dt>{t('deal.city')}</dt><dd>{d.city}</dd></>}
            {d.source && <><dt>{t('deal.source')}</dt><dd>{d.source}</dd></>}
            {d.comment && <><dt>{t('deal.comment')}</dt><dd>{d.comment}</dd></>}
            {d.premisesAddress && <><dt>{t('deal.premises')}</dt><dd>{d.premisesAddress}</dd></>}
            {d.clientType && <><dt>{t('deal.clientType')}</dt><dd>{d.clientType === 'ip' ? 'ИП' : 'ООО'}</dd></>}
            {d.onecRef && <><dt>{t('deal.onecRef')}</dt><dd data-field="onecRef">{d.onecRef}</dd></>}
            {d.lostReason && <><dt>{t('deal.lost')}</dt><dd>{t(`lostReasons.${d.lostReason}`, d.lostReason)}{d.lostComment ? `: ${d.lostComment}` : ''}</dd></>}
          </dl>
        </section>
        <section className="card">
          <h2>{t('deal.contact')}</h2>
          <dl>
            <dt>{t('deal.contactName')}</dt><dd>{d.contactName}</dd>
            <dt>{t('deal.phone')}</dt><dd><a href={telHref(d.phone)}>{d.phone}</a></dd>
            <dt>{t('deal.email')}</dt><dd><a href={`mailto:${d.email}`}>{d.email}</a></dd>
          </dl>
          {running && (user?.role === 'manager' || (user?.role === 'sales_rep' && d.salesRep === user.login)) && <EditDeal key={d.updatedAt} deal={d} />}
        </section>
        {d.requisites && (
          <section className="card">
            <h2>{t('deal.requisites')}</h2>
            <dl>{Object.entries(d.requisites).map(([k, v]) => <Fragment key={k}><dt>{t(`requisites.${k}`, { defaultValue: k })}</dt><dd data-field={`requisites.${k}`}>{String(v ?? '—')}</dd></Fragment>)}</dl>
          </section>
        )}
        <Documents deal={d} />
        <section className="card">
          <h2>{t('deal.tasks')}</h2>
          <ul className="plain">
            {tasks.data?.items.map((x) => (
              <li key={x.id} className={x.overdue ? 'overdue-text' : ''}>
                {x.status === 'open' ? <Link to={`/tasks/${x.id}`}>{taskTitle(x)}</Link> : taskTitle(x)} <span className="muted">· {t(`taskStatus.${x.status}`, x.status)} · {fmtDateTime(x.dueAt, i18n.language)} · {nameOf(x.assignee)}</span>
                {x.status === 'open' && user?.role === 'manager' && users.data && <Reassign task={x} users={users.data.items} onDone={() => void tasks.refetch()} />}
              </li>
            ))}
          </ul>
        </section>
      </div>
      <Diagram deal={d} tasks={tasks.data?.items} />
      <Timeline dealId={d.id} nameOf={nameOf} />
      {running && (user?.role === 'manager' || user?.role === 'director') && <CancelDeal deal={d} />}
    </section>
  );
}
