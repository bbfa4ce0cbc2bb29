/**
 * «Показать ещё» on a board column: the board answer holds the first page of each stage
 * (GET /api/deals/board, 30 per stage); the next pages come from GET /api/deals with the
 * same filters, the column's stage and offset/limit (the same order as the board's).
 * Loaded pages are kept per filter set: changing a filter starts again from the board.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, type Deal } from '../api.ts';

export const MORE_PAGE = 30;

export function useMoreDeals(filters: string) {
  const [state, setState] = useState<{ filters: string; more: Record<string, Deal[]> }>({ filters, more: {} });
  const [loading, setLoading] = useState<string | null>(null);
  const [error, setError] = useState<{ stage: string; message: string } | null>(null);
  const more = state.filters === filters ? state.more : {};
  /** The column's deals: the board's first page, then those loaded since (each deal once). */
  const dealsOf = (stage: string, first: Deal[]): Deal[] => {
    const seen = new Set(first.map((d) => d.id));
    return [...first, ...(more[stage] ?? []).filter((d) => !seen.has(d.id) && seen.add(d.id))];
  };
  const loadMore = async (stage: string, shown: number) => {
    setLoading(stage);
    setError(null);
    try {
      const params = new URLSearchParams(filters);
      params.set('stage', stage);
      params.set('offset', String(shown));
      params.set('limit', String(MORE_PAGE));
      const page = await get<{ items: Deal[] }>(`/api/deals?${params}`);
      setState((s) => {
        const base = s.filters === filters ? s.more : {};
        return { filters, more: { ...base, [stage]: [...(base[stage] ?? []), ...page.items] } };
      });
    } catch (e) {
      setError({ stage, message: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setLoading(null);
    }
  };
  return { dealsOf, loadMore, loading, error };
}

export function ShowMoreButton({ stage, shown, total, more }: { stage: string; shown: number; total: number; more: ReturnType<typeof useMoreDeals> }) {
  const { t } = useTranslation();
  if (shown >= total) return null;
  return (
    <>
      <button type="button" className="show-more" disabled={more.loading === stage} onClick={() => void more.loadMore(stage, shown)} data-testid={`more-${stage}`}>
        {t('board.showMore', { shown, total })}
      </button>
      {more.error?.stage === stage && <p className="error" role="alert">{more.error.message}</p>}
    </>
  );
}
