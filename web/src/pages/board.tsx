import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { taskTitle } from '../i18n.ts';
import { get, STAGES, type Deal, type Task, type User } from '../api.ts';
import { ErrorBox, Loading } from '../layout.tsx';
import { fmtDateTime } from '../format.ts';
import { ShowMoreButton, useMoreDeals } from './board-more.tsx';

interface Board {
  columns: { stage: string; total: number; deals: Deal[] }[];
}

export function useUsers(role?: string) {
  return useQuery({ queryKey: ['users', role ?? 'all'], queryFn: () => get<{ items: User[] }>(`/api/users${role ? `?role=${role}` : ''}`), staleTime: 60_000 });
}

function NextTask({ deal }: { deal: Deal }) {
  const { t, i18n } = useTranslation();
  // The board answer has no next task yet: each card asks for its deal's tasks (see docs/ui.md, API gaps).
  const q = useQuery({ queryKey: ['deal-tasks', deal.id], queryFn: () => get<{ items: Task[] }>(`/api/deals/${deal.id}/tasks`), enabled: deal.stage !== 'won' && deal.stage !== 'lost', staleTime: 15_000 });
  const next = q.data?.items.filter((x) => x.status === 'open').sort((a, b) => (a.dueAt ?? '9').localeCompare(b.dueAt ?? '9'))[0];
  if (deal.stage === 'won' || deal.stage === 'lost') return deal.lostReason ? <div className="muted">{t(`lostReasons.${deal.lostReason}`, deal.lostReason)}</div> : null;
  if (!q.data) return null;
  if (!next) return <div className="muted">{t('board.noTask')}</div>;
  return (
    <div className="next-task">
      {taskTitle(next)}
      <br />
      <span className={next.overdue ? 'overdue-text' : 'muted'}>{fmtDateTime(next.dueAt, i18n.language)}</span>
    </div>
  );
}

export default function BoardPage() {
  const { t } = useTranslation();
  // The filters live in the address (/deals?stage=lost&rep=ivan&overdue=1&q=…): a filtered board can be bookmarked and shared.
  const [search, setSearch] = useSearchParams();
  const rep = search.get('rep') ?? '';
  const stage = search.get('stage') ?? '';
  const overdue = search.get('overdue') === '1';
  const [q, setQText] = useState(search.get('q') ?? '');
  const setParam = (name: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next, { replace: true });
  };
  const setRep = (v: string) => setParam('rep', v);
  const setStage = (v: string) => setParam('stage', v);
  const setOverdue = (v: boolean) => setParam('overdue', v ? '1' : '');
  const setQ = (v: string) => {
    setQText(v);
    setParam('q', v.trim());
  };
  const reps = useUsers('sales_rep');
  const users = useUsers();
  const params = new URLSearchParams();
  if (rep) params.set('salesRep', rep);
  if (overdue) params.set('overdue', 'true');
  if (q.trim()) params.set('q', q.trim());
  const board = useQuery({ queryKey: ['board', params.toString()], queryFn: () => get<Board>(`/api/deals/board?${params}`), refetchInterval: 20_000 });
  const more = useMoreDeals(params.toString());
  const nameOf = (login: string | null) => (login ? (users.data?.items.find((u) => u.login === login)?.name ?? login) : '—');
  const columns = (board.data?.columns ?? []).filter((c) => !stage || c.stage === stage).sort((a, b) => STAGES.indexOf(a.stage as any) - STAGES.indexOf(b.stage as any));
  return (
    <section>
      <h1>{t('board.title')}</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>{t('search')}<input type="search" value={q} onChange={(e) => setQ(e.target.value)} /></label>
        <label>{t('board.rep')}
          <select value={rep} onChange={(e) => setRep(e.target.value)}>
            <option value="">{t('all')}</option>
            {reps.data?.items.map((u) => <option key={u.login} value={u.login}>{u.name}</option>)}
          </select>
        </label>
        <label>{t('board.stage')}
          <select value={stage} onChange={(e) => setStage(e.target.value)}>
            <option value="">{t('all')}</option>
            {STAGES.map((s) => <option key={s} value={s}>{t(`stages.${s}`)}</option>)}
          </select>
        </label>
        <label className="check"><input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} /> {t('board.overdue')}</label>
      </form>
      <ErrorBox error={board.error} />
      {board.isLoading ? <Loading /> : (
        <div className="board">
          {columns.map((c) => {
            const deals = more.dealsOf(c.stage, c.deals);
            return (
            <section key={c.stage} className={`column stage-${c.stage}`} aria-label={t(`stages.${c.stage}`)} data-stage={c.stage}>
              <h2>{t(`stages.${c.stage}`)} <span className="count">{c.total}</span></h2>
              {deals.map((d) => (
                <Link key={d.id} to={`/deals/${d.id}`} className="deal-card" data-deal={d.id}>
                  <strong>{d.title}</strong>
                  <div className="muted">№{d.number}{d.city ? ` · ${d.city}` : ''}</div>
                  <div>{t('deal.rep')}: {nameOf(d.salesRep)}</div>
                  <NextTask deal={d} />
                </Link>
              ))}
              <ShowMoreButton stage={c.stage} shown={deals.length} total={c.total} more={more} />
            </section>
            );
          })}
        </div>
      )}
    </section>
  );
}
