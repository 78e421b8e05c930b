// Adds a colleague: user name, name shown, role and a first PIN (a password for an administrator).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role } from '../../../domain/auth/roles';
import { useServices } from '../../services';
import { Problem } from '../../components/LoadState';
import { fieldProblems } from '../../hooks/use-server-data';

export function NewUserForm({ onDone }: { onDone: (message: string) => void }) {
  const { account } = useServices();
  const { t } = useTranslation();
  const empty = { username: '', displayName: '', role: 'technologist' as Role, secret: '' };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = fieldProblems(error);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await account!.sendJson('POST', '/api/admin/users', form);
      setForm(empty);
      setError(null);
      onDone(t('admin.users.created', { name: form.displayName }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const field = (name: 'username' | 'displayName' | 'secret', type = 'text') => (
    <label className="field">
      <span>{t(`admin.users.${name}`)}</span>
      <input
        type={type}
        name={name}
        autoComplete="off"
        value={form[name]}
        aria-invalid={fields[name] ? true : undefined}
        onChange={(e) => setForm((f) => ({ ...f, [name]: e.target.value }))}
      />
      {fields[name] && <span className="error-text">{fields[name]}</span>}
    </label>
  );
  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} aria-labelledby="new-user-title">
      <h3 id="new-user-title">{t('admin.users.new')}</h3>
      {error !== null && <Problem error={error} />}
      <div className="form-grid">
        {field('username')}
        {field('displayName')}
        <label className="field">
          <span>{t('admin.users.role')}</span>
          <select value={form.role} onChange={(e) => setForm((f) => ({ ...f, role: e.target.value as Role }))}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`admin.role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        {field('secret', 'password')}
      </div>
      <p className="muted">{t(form.role === 'admin' ? 'admin.users.adminSecretHint' : 'admin.users.secretHint')}</p>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('admin.users.create')}
        </button>
      </div>
    </form>
  );
}
