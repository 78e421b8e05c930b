// Everyone who may sign in, with a form to add a colleague.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadState } from '../../components/LoadState';
import type { AdminUser } from './admin-types';
import { NewUserForm } from './NewUserForm';
import { useServerData } from '../../hooks/use-server-data';
import { UserRow } from './UserRow';

export function UsersPanel() {
  const { t } = useTranslation();
  const { loaded, reload } = useServerData<{ users: AdminUser[] }>('/api/admin/users');
  const [done, setDone] = useState<string | null>(null);
  const after = (message: string) => {
    setDone(message);
    void reload();
  };
  return (
    <section className="stack" aria-labelledby="admin-users">
      <h2 id="admin-users">{t('admin.users.title')}</h2>
      {done && (
        <p className="banner" role="status">
          {done}
        </p>
      )}
      <LoadState loaded={loaded} retry={() => void reload()} />
      {loaded.state === 'ready' &&
        (loaded.data.users.length === 0 ? (
          <p className="muted">{t('admin.users.none')}</p>
        ) : (
          <ul className="stack admin-list">
            {loaded.data.users.map((u) => (
              <UserRow key={u.id} user={u} onDone={after} />
            ))}
          </ul>
        ))}
      <NewUserForm onDone={after} />
    </section>
  );
}
