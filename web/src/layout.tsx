import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.ts';
import { useSession } from './session.tsx';
import { switchLanguage } from './i18n.ts';
import { Notifications } from './notifications.tsx';

export function Loading() {
  const { t } = useTranslation();
  return <p className="muted" role="status">{t('loading')}</p>;
}

export function ErrorBox({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  // A refused request names its fields: say what is wrong, not only that something is.
  const fields = error instanceof ApiError ? error.fields.map((f) => f.message).filter(Boolean) : [];
  return <p className="error" role="alert">{t('error')}: {message}{fields.length ? `: ${fields.join('; ')}` : ''}</p>;
}

export function Layout({ children, bare }: { children: ReactNode; bare?: boolean }) {
  const { t } = useTranslation();
  const { session, logout } = useSession();
  const role = session?.user?.role;
  const can = (...roles: string[]) => !!role && roles.includes(role);
  return (
    <>
      {session?.demo && <div className="demo-banner" role="note">{t('demo')}</div>}
      <header className="top">
        <span className="brand">{t('app')}</span>
        {!bare && (
          <nav aria-label="main">
            <NavLink to="/tasks">{t('nav.tasks')}</NavLink>
            <NavLink to="/deals" end>{t('nav.board')}</NavLink>
            {can('manager') && <NavLink to="/deals/new">{t('nav.newDeal')}</NavLink>}
            {can('director') && <NavLink to="/funnel">{t('nav.funnel')}</NavLink>}
            {can('admin') && <NavLink to="/admin">{t('nav.admin')}</NavLink>}
          </nav>
        )}
        <span className="spacer" />
        <button type="button" className="link" onClick={switchLanguage}>{t('lang')}</button>
        {!bare && session?.user && (
          <>
            <Notifications />
            <span className="who" title={t(`roles.${session.user.role}`)}>{session.user.name}</span>
            <button type="button" className="link" onClick={() => void logout()}>{t('nav.logout')}</button>
          </>
        )}
      </header>
      <main>{children}</main>
    </>
  );
}
