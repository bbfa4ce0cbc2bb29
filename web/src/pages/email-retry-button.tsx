/** «Повторить» for a notification e-mail that failed for good (POST /api/admin/emails/{id}/retry). */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../api.ts';

export function EmailRetryButton({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const retry = async () => {
    setBusy(true);
    setError(null);
    try {
      await post(`/api/admin/emails/${encodeURIComponent(id)}/retry`);
      await qc.invalidateQueries({ queryKey: ['emails'] });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" disabled={busy} onClick={retry} data-testid={`retry-email-${id}`}>
        {t('settings.retryEmail')}
      </button>
      {error && <p className="error" role="alert">{error}</p>}
    </>
  );
}
