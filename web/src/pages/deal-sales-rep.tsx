import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post, type Deal } from '../api.ts';
import { useUsers } from './board.tsx';

/**
 * A manager changes the deal's sales rep (POST /api/deals/{id}/sales-rep): the rep's open
 * tasks and the process's later rep tasks go to the chosen one. Only active reps are offered.
 */
export function ChangeSalesRep({ deal }: { deal: Deal }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const reps = useUsers('sales_rep');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = async (login: string) => {
    setError(null);
    setBusy(true);
    try {
      await post(`/api/deals/${deal.id}/sales-rep`, { salesRep: login });
      await qc.invalidateQueries();
    } catch (err) {
      setError(err instanceof ApiError ? (err.fields[0]?.message ?? err.message) : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const options = (reps.data?.items ?? []).filter((u) => u.active && u.login !== deal.salesRep);
  return (
    <>
      {' '}
      <select aria-label={t('deal.changeRep')} value="" disabled={busy || options.length === 0} onChange={(e) => e.target.value && void change(e.target.value)} className="inline-select" data-testid="change-sales-rep">
        <option value="">{t('deal.changeRep')}…</option>
        {options.map((u) => <option key={u.login} value={u.login}>{u.name}</option>)}
      </select>
      {error && <span className="field-error" role="alert">{error}</span>}
    </>
  );
}
