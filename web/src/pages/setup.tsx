import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, post, type SessionInfo } from '../api.ts';
import { useSession } from '../session.tsx';

export function SetupPage() {
  const { t } = useTranslation();
  const { accept } = useSession();
  const [v, setV] = useState({ token: '', login: 'admin', name: '', email: '', password: '' });
  const [error, setError] = useState<ApiError | Error | null>(null);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const fieldError = (f: string) => (error instanceof ApiError ? error.fields.find((x) => x.field === f)?.message : undefined);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      accept(await post<SessionInfo>('/api/setup', { ...v, email: v.email || null }));
    } catch (err) {
      setError(err as Error);
    }
  };
  const field = (k: keyof typeof v, label: string, type = 'text') => (
    <label>
      {label}
      <input name={k} type={type} required={k !== 'email'} value={v[k]} onChange={set(k)} aria-invalid={!!fieldError(k)} />
      {fieldError(k) && <span className="field-error">{fieldError(k)}</span>}
    </label>
  );
  return (
    <form className="card narrow" onSubmit={submit}>
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      {field('token', t('setup.token'))}
      {field('login', t('login.login'))}
      {field('name', t('setup.name'))}
      {field('email', t('setup.email'), 'email')}
      {field('password', t('login.password'), 'password')}
      {error && <p className="error" role="alert">{error.message}</p>}
      <button type="submit" className="primary">{t('setup.submit')}</button>
    </form>
  );
}
