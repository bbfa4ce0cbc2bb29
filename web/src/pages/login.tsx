import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post, type SessionInfo } from '../api.ts';
import { useSession } from '../session.tsx';

export function LoginPage() {
  const { t } = useTranslation();
  const { accept } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      accept(await post<SessionInfo>('/api/session', { login, password }));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('login.failed') : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      <label>
        {t('login.login')}
        <input name="login" autoComplete="username" autoCapitalize="none" required value={login} onChange={(e) => setLogin(e.target.value)} />
      </label>
      <label>
        {t('login.password')}
        <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      {error && <p className="error" role="alert">{error}</p>}
      <button type="submit" className="primary" disabled={busy}>{t('login.submit')}</button>
    </form>
  );
}
