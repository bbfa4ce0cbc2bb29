import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { get } from '../api.ts';
import { ErrorBox, Loading } from '../layout.tsx';
import { useUsers } from './board.tsx';

interface Funnel {
  reaching: { stage: string; deals: number }[];
  conversion: { from: string; to: string; rate: number | null }[];
  timeInStage: { stage: string; medianWorkingDays: number | null; samples: number }[];
  outcomes: { won: number; lost: number; lostByReason: { reason: string; deals: number }[] };
  overdueTasks: { login: string; name: string; count: number }[];
}

const OUTCOME_COLOURS = ['#3a7d44', '#b03a2e', '#c27c0e', '#6c6c6c', '#7d3c98'];

export default function FunnelPage() {
  const { t } = useTranslation();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [rep, setRep] = useState('');
  const reps = useUsers('sales_rep');
  const p = new URLSearchParams();
  if (from) p.set('from', `${from}T00:00:00`);
  if (to) p.set('to', `${to}T23:59:59`);
  if (rep) p.set('rep', rep);
  const q = useQuery({ queryKey: ['funnel', p.toString()], queryFn: () => get<Funnel>(`/api/reports/funnel?${p}`) });
  const f = q.data;
  const outcomeSlices = f ? [{ name: t('funnel.won'), value: f.outcomes.won }, ...f.outcomes.lostByReason.map((r) => ({ name: t(`lostReasons.${r.reason}`, r.reason), value: r.deals }))].filter((x) => x.value > 0) : [];
  const stage = (s: string) => t(`stages.${s}`, s);
  return (
    <section>
      <h1>{t('funnel.title')}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>{t('funnel.from')}<input type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
        <label>{t('funnel.to')}<input type="date" value={to} onChange={(e) => setTo(e.target.value)} /></label>
        <label>{t('funnel.rep')}
          <select value={rep} onChange={(e) => setRep(e.target.value)}>
            <option value="">{t('all')}</option>
            {reps.data?.items.map((u) => <option key={u.login} value={u.login}>{u.name}</option>)}
          </select>
        </label>
      </form>
      <ErrorBox error={q.error} />
      {q.isLoading || !f ? <Loading /> : (
        <div className="funnel-grid">
          <section className="card">
            <h2>{t('funnel.reaching')}</h2>
            <ResponsiveContainer width="100%" height={300}>
              <BarChart data={f.reaching.map((r) => ({ name: stage(r.stage), deals: r.deals }))} layout="vertical" margin={{ left: 10, right: 10 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="name" width={110} tick={{ fontSize: 12 }} />
                <Tooltip />
                <Bar dataKey="deals" name={t('funnel.deals')} fill="#1f4e79" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </section>
          <section className="card">
            <h2>{t('funnel.conversion')}</h2>
            <table><tbody>
              {f.conversion.map((c) => <tr key={`${c.from}-${c.to}`}><td>{stage(c.from)} → {stage(c.to)}</td><td className="num">{c.rate == null ? '—' : `${Math.round(c.rate * 100)}%`}</td></tr>)}
            </tbody></table>
          </section>
          <section className="card">
            <h2>{t('funnel.median')}</h2>
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={f.timeInStage.map((r) => ({ name: stage(r.stage), days: r.medianWorkingDays ?? 0 }))} margin={{ left: 0, right: 10 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" tick={{ fontSize: 10 }} interval={0} angle={-30} textAnchor="end" height={70} />
                <YAxis />
                <Tooltip />
                <Bar dataKey="days" name={t('funnel.median')} fill="#3a7d44" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </section>
          <section className="card">
            <h2>{t('funnel.outcomes')}</h2>
            <p>{t('funnel.won')}: <strong data-testid="won">{f.outcomes.won}</strong> · {t('funnel.lost')}: <strong>{f.outcomes.lost}</strong></p>
            {f.outcomes.won + f.outcomes.lost > 0 && (
              <ResponsiveContainer width="100%" height={200}>
                <PieChart>
                  <Pie isAnimationActive={false} dataKey="value" nameKey="name" outerRadius={70} label={({ value }: { value: number }) => String(value)} data={outcomeSlices}>
                    {outcomeSlices.map((s, i) => <Cell key={s.name} fill={OUTCOME_COLOURS[i % OUTCOME_COLOURS.length]} />)}
                  </Pie>
                  <Tooltip />
                </PieChart>
              </ResponsiveContainer>
            )}
            {/* The legend: each slice's colour, name and count (won first). */}
            <ul className="plain legend">
              {outcomeSlices.map((s, i) => (
                <li key={s.name}><span className="swatch" style={{ background: OUTCOME_COLOURS[i % OUTCOME_COLOURS.length] }} aria-hidden="true" /> {s.name}: {s.value}</li>
              ))}
            </ul>
          </section>
          <section className="card">
            <h2>{t('funnel.overdue')}</h2>
            <table><tbody>{f.overdueTasks.map((o) => <tr key={o.login}><td>{o.name}</td><td className="num">{o.count}</td></tr>)}</tbody></table>
          </section>
        </div>
      )}
    </section>
  );
}
