// One colleague with the actions an administrator takes: change role, deactivate or activate, reset
// the PIN, release a lock-out (on the server, every tablet, and this tablet's own counter).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { clearFailures } from '../../../db/keyring.repo';
import { ROLES, type Role } from '../../../domain/auth/roles';
import { formatDateTime } from '../../format';
import { useServices } from '../../services';
import { Problem } from '../../components/LoadState';
import type { AdminUser } from './admin-types';

type Pending = { kind: 'reset' } | { kind: 'role'; role: Role } | null;

export function UserRow({ user, onDone }: { user: AdminUser; onDone: (message: string) => void }) {
  const { account, db } = useServices();
  const { t } = useTranslation();
  const [pending, setPending] = useState<Pending>(null);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<unknown>(null);
  const name = user.displayName;

  async function act(work: () => Promise<unknown>, message: string) {
    try {
      await work();
      setError(null);
      setPending(null);
      setSecret('');
      onDone(message);
    } catch (e) {
      setError(e);
    }
  }
  const patch = (body: object, message: string) =>
    act(() => account!.sendJson('PATCH', `/api/admin/users/${user.id}`, body), message);
  const release = () =>
    act(
      async () => {
        await account!.sendJson('POST', `/api/admin/users/${user.id}/unlock`);
        await clearFailures(db, user.username.toLowerCase()); // this tablet's own counter (keyed by user name)
      },
      t('admin.users.released', { name }),
    );

  function chooseRole(role: Role) {
    if (role === user.role) return;
    // Making someone an administrator needs their new password in the same change.
    if (role === 'admin') setPending({ kind: 'role', role });
    else void patch({ role }, t('admin.users.roleChanged', { name, role: t(`admin.role.${role}`) }));
  }
  function submitSecret(e: FormEvent) {
    e.preventDefault();
    if (pending?.kind === 'reset')
      void act(
        () => account!.sendJson('POST', `/api/admin/users/${user.id}/secret`, { secret }),
        t('admin.users.resetDone', { name }),
      );
    else if (pending?.kind === 'role')
      void patch({ role: pending.role, secret }, t('admin.users.roleChanged', { name, role: t('admin.role.admin') }));
  }

  return (
    <li className="card stack admin-item" data-user={user.username}>
      <div className="row admin-item-head">
        <strong>{name}</strong>
        <span className="muted">{user.username}</span>
        {!user.active && <span className="badge">{t('admin.users.inactive')}</span>}
        {user.lockedUntil !== null && (
          <span className="badge badge-danger">
            {t('admin.users.lockedUntil', { time: formatDateTime(user.lockedUntil) })}
          </span>
        )}
        {user.lockedUntil === null && user.failures > 0 && (
          <span className="badge">{t('admin.users.failures', { count: user.failures })}</span>
        )}
      </div>
      {error !== null && <Problem error={error} />}
      <div className="row">
        <label className="field admin-inline">
          <span>{t('admin.users.role')}</span>
          <select value={user.role} onChange={(e) => chooseRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`admin.role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn" onClick={() => setPending({ kind: 'reset' })}>
          {t('admin.users.reset')}
        </button>
        <button type="button" className="btn" onClick={() => void release()}>
          {t('admin.users.release')}
        </button>
        <button
          type="button"
          className={user.active ? 'btn btn-danger' : 'btn'}
          onClick={() =>
            void patch(
              { active: !user.active },
              t(user.active ? 'admin.users.deactivated' : 'admin.users.activated', { name }),
            )
          }
        >
          {t(user.active ? 'admin.users.deactivate' : 'admin.users.activate')}
        </button>
      </div>
      {pending && (
        <form className="row" onSubmit={submitSecret}>
          <label className="field admin-inline">
            <span>{t(pending.kind === 'reset' ? 'admin.users.newSecret' : 'admin.users.newAdminPassword')}</span>
            <input type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
          </label>
          <button type="submit" className="btn btn-primary">
            {t(pending.kind === 'reset' ? 'admin.users.saveSecret' : 'admin.users.makeAdmin')}
          </button>
          <button type="button" className="btn" onClick={() => (setPending(null), setSecret(''))}>
            {t('admin.cancel')}
          </button>
        </form>
      )}
    </li>
  );
}
