import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

/** An open deal a just-deactivated user is still the rep of (PATCH /api/users/{login} → `openDeals`). */
export interface OpenDealRef { id: string; number: number; title: string; stage: string }

/**
 * The warning after deactivating a rep: their open deals keep them as rep (their tasks are
 * not handed over) until a manager changes the rep on each deal's card.
 */
export function OpenDealsWarning({ login, deals, onClose }: { login: string; deals: OpenDealRef[]; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="warning" role="alert" data-testid="open-deals-warning">
      <p>{t('admin.openDealsWarning', { login, count: deals.length })}</p>
      <ul>
        {deals.map((d) => (
          <li key={d.id}><Link to={`/deals/${d.id}`}>№{d.number} {d.title}</Link> <span className="muted">{t(`stages.${d.stage}`, { defaultValue: d.stage })}</span></li>
        ))}
      </ul>
      <button type="button" onClick={onClose}>{t('admin.openDealsDismiss')}</button>
    </div>
  );
}
