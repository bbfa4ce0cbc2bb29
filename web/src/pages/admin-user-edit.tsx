/**
 * Admin → Users, one person: their name, e-mail and phone, and a new password typed into
 * a password field (never a browser prompt, where it shows). A refusal names the field
 * (e.g. the password's minimum length) and keeps what was typed.
 */
import { useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, patch, post, type User } from '../api.ts';

export function EditUser({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [v, setV] = useState({ name: user.name, email: user.email ?? '', phone: user.phone ?? '', password: '' });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const changed: Record<string, unknown> = {};
      if (v.name.trim() !== user.name) changed.name = v.name.trim();
      if (v.email.trim() !== (user.email ?? '')) changed.email = v.email.trim() || null;
      if (v.phone.trim() !== (user.phone ?? '')) changed.phone = v.phone.trim() || null;
      if (Object.keys(changed).length) await patch(`/api/users/${user.login}`, changed);
      if (v.password) {
        try {
          await post(`/api/users/${user.login}/password`, { newPassword: v.password });
        } catch (err) {
          // The password's refusal names `newPassword`: shown under the password field.
          if (err instanceof ApiError) throw new ApiError(err.status, err.code, err.message, err.fields.map((f) => ({ ...f, field: f.field === 'newPassword' ? 'password' : f.field })));
          throw err;
        }
      }
      await qc.invalidateQueries({ queryKey: ['users'] });
      onClose();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const fe = (k: string) => error?.fields?.find((f) => f.field === k)?.message;
  const field = (k: 'name' | 'email' | 'phone' | 'password', type: string, label: string) => (
    <label>{label}
      <input type={type === 'email' ? 'text' : type} inputMode={type === 'email' ? 'email' : undefined} value={v[k]} required={k === 'name'} autoComplete={k === 'password' ? 'new-password' : 'off'} onChange={(e) => setV({ ...v, [k]: e.target.value })} aria-invalid={!!fe(k)} />
      {fe(k) && <span className="field-error">{fe(k)}</span>}
    </label>
  );
  return (
    <form className="inline-form" onSubmit={submit} aria-label={`${t('admin.editUser')} ${user.login}`}>
      {field('name', 'text', t('admin.name'))}
      {field('email', 'email', 'E-mail')}
      {field('phone', 'tel', t('deal.phone'))}
      {field('password', 'password', t('admin.newPassword'))}
      {error && !error.fields?.length && <p className="error" role="alert">{error.message}</p>}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>{t('save')}</button>
        <button type="button" onClick={onClose}>{t('cancel')}</button>
      </div>
    </form>
  );
}
