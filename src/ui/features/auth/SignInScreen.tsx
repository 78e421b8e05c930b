// Sign in: pick yourself from the department's user list (synced from the server), then enter your
// PIN or password. With no users yet, the first administrator is created here.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { directoryUsers, replaceDirectory } from '../../../db/keyring.repo';
import type { ScanCardDb } from '../../../db/db';
import type { Session, SessionState } from '../../../auth/session';
import type { AuthApi } from '../../../auth/auth-api';
import { secretProblem } from '../../../domain/auth/roles';
import { PinPad } from '../../components/PinPad';
import { signInErrorText } from './sign-in-error';

type Props = { db: ScanCardDb; session: Session; api: AuthApi; state: Extract<SessionState, { phase: 'signedOut' }> };

export function SignInScreen({ db, session, api, state }: Props) {
  const { t } = useTranslation();
  const users = useLiveQuery(() => directoryUsers(db), [db]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [online, setOnline] = useState<'unknown' | 'yes' | 'no'>('unknown');
  useEffect(() => {
    void api.directory().then(
      (d) =>
        replaceDirectory(
          db,
          d.users.filter((u) => u.active),
        ).then(() => setOnline('yes')),
      () => setOnline('no'),
    );
  }, [api, db]);

  if (users === undefined)
    return (
      <p className="muted" role="status">
        {t('common.loading')}
      </p>
    );
  if (users.length === 0 && online === 'yes') return <FirstAdmin session={session} state={state} />;
  return (
    <section className="card stack auth-card" aria-labelledby="signin-title">
      <h1 id="signin-title">{t('auth.signInTitle')}</h1>
      {state.error && (
        <p className="banner banner-error" role="alert">
          {signInErrorText(state.error, t)}
        </p>
      )}
      {users.length === 0 && <p className="muted">{t('auth.noUsersOffline')}</p>}
      {!chosen ? (
        <div className="user-grid">
          {users.map((u) => (
            <button key={u.id} type="button" className="btn btn-big user-button" onClick={() => setChosen(u.username)}>
              <span>{u.displayName}</span>
              <span className="small muted">{t(`role.${u.role}`)}</span>
            </button>
          ))}
        </div>
      ) : (
        <>
          <p className="row">
            <strong>{users.find((u) => u.username === chosen)?.displayName}</strong>
            <button type="button" className="btn" onClick={() => setChosen(null)}>
              {t('auth.otherUser')}
            </button>
          </p>
          <PinPad
            label={t('auth.secret')}
            busy={state.busy}
            onSubmit={(secret) => void session.signIn(chosen, secret)}
          />
        </>
      )}
    </section>
  );
}

function FirstAdmin({ session, state }: { session: Session; state: Extract<SessionState, { phase: 'signedOut' }> }) {
  const { t } = useTranslation();
  const [f, setF] = useState({ username: '', displayName: '', secret: '', again: '' });
  const mismatch = f.again.length > 0 && f.again !== f.secret;
  // The first account is an administrator: a password, never a PIN (the server's own rule).
  const weak = f.secret.length > 0 && secretProblem(f.secret, 'admin') !== null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!mismatch && !weak && f.username && f.displayName)
      void session.createFirstAdmin(f.username.trim(), f.displayName.trim(), f.secret);
  };
  return (
    <form className="card stack auth-card" onSubmit={submit} aria-labelledby="first-admin-title">
      <h1 id="first-admin-title">{t('auth.firstAdminTitle')}</h1>
      <p className="muted">{t('auth.firstAdminHelp')}</p>
      {state.error && (
        <p className="banner banner-error" role="alert">
          {signInErrorText(state.error, t)}
        </p>
      )}
      <label className="field">
        <span>{t('auth.username')}</span>
        <input
          type="text"
          autoComplete="off"
          value={f.username}
          onChange={(e) => setF({ ...f, username: e.target.value })}
        />
      </label>
      <label className="field">
        <span>{t('auth.displayName')}</span>
        <input type="text" value={f.displayName} onChange={(e) => setF({ ...f, displayName: e.target.value })} />
      </label>
      <label className="field">
        <span>{t('auth.newSecret')}</span>
        <input
          type="password"
          autoComplete="new-password"
          value={f.secret}
          onChange={(e) => setF({ ...f, secret: e.target.value })}
        />
      </label>
      {weak && <span className="error-text">{t('auth.weakSecret')}</span>}
      <label className="field">
        <span>{t('auth.repeatSecret')}</span>
        <input
          type="password"
          autoComplete="new-password"
          value={f.again}
          onChange={(e) => setF({ ...f, again: e.target.value })}
        />
      </label>
      {mismatch && <span className="error-text">{t('auth.mismatch')}</span>}
      <button
        type="submit"
        className="btn btn-primary btn-big"
        disabled={state.busy || mismatch || weak || !f.username || !f.displayName || !f.secret}
      >
        {t('auth.createAdmin')}
      </button>
    </form>
  );
}
