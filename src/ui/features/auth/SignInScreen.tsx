// Sign in: pick yourself from the people who signed in on this tablet before, or type your user name
// (the department's staff list is not shown to a tablet nobody is signed in on), then enter your PIN
// or password. With no users on the server yet, the first administrator is created here.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { directoryUsers } from '../../../db/keyring.repo';
import type { ScanCardDb } from '../../../db/db';
import type { Session, SessionState } from '../../../auth/session';
import type { AuthApi } from '../../../auth/auth-api';
import { PinPad } from '../../components/PinPad';
import { signInErrorText } from './sign-in-error';

type Props = { db: ScanCardDb; session: Session; api: AuthApi; state: Extract<SessionState, { phase: 'signedOut' }> };

export function SignInScreen({ db, session, api, state }: Props) {
  const { t } = useTranslation();
  const users = useLiveQuery(() => directoryUsers(db), [db]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  // Whether the server still waits for its first administrator (unknown until it answers; offline: no).
  const [setupOpen, setSetupOpen] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    void api.config().then(
      (c) => setSetupOpen(c.setupOpen),
      () => setSetupOpen(false),
    );
  }, [api]);

  if (users === undefined || (users.length === 0 && setupOpen === undefined))
    return (
      <p className="muted" role="status">
        {t('common.loading')}
      </p>
    );
  if (users.length === 0 && setupOpen) return <FirstAdmin session={session} state={state} />;
  return (
    <section className="card stack auth-card" aria-labelledby="signin-title">
      <h1 id="signin-title">{t('auth.signInTitle')}</h1>
      {state.error && (
        <p className="banner banner-error" role="alert">
          {signInErrorText(state.error, t)}
        </p>
      )}
      {!chosen ? (
        <>
          <div className="user-grid">
            {users.map((u) => (
              <button
                key={u.id}
                type="button"
                className="btn btn-big user-button"
                onClick={() => setChosen(u.username)}
              >
                <span>{u.displayName}</span>
                <span className="small muted">{t(`role.${u.role}`)}</span>
              </button>
            ))}
          </div>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              if (typed.trim()) setChosen(typed.trim());
            }}
          >
            <label className="field">
              <span>{t('auth.username')}</span>
              <input
                type="text"
                autoComplete="username"
                autoCapitalize="none"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
              />
            </label>
            <button type="submit" className="btn" disabled={!typed.trim()}>
              {t('auth.continue')}
            </button>
          </form>
        </>
      ) : (
        <>
          <p className="row">
            <strong>{users.find((u) => u.username === chosen)?.displayName ?? chosen}</strong>
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

type FirstAdminProblem = 'username' | 'displayName' | 'weak' | 'mismatch';

/** Every reason the form cannot be sent yet, by field; shown next to the field, never a silent grey button. */
function firstAdminProblems(f: { username: string; displayName: string; secret: string; again: string }) {
  const problems: FirstAdminProblem[] = [];
  if (!f.username.trim()) problems.push('username');
  if (!f.displayName.trim()) problems.push('displayName');
  if (/^\d+$/.test(f.secret) ? f.secret.length < 6 : f.secret.length < 10) problems.push('weak');
  if (f.again !== f.secret) problems.push('mismatch');
  return problems;
}

function FirstAdmin({ session, state }: { session: Session; state: Extract<SessionState, { phase: 'signedOut' }> }) {
  const { t } = useTranslation();
  const [f, setF] = useState({ username: '', displayName: '', secret: '', again: '' });
  const [tried, setTried] = useState(false);
  const problems = firstAdminProblems(f);
  // While typing, a PIN's length and a differing repeat are said at once; everything after a try.
  const shown = (p: FirstAdminProblem) =>
    problems.includes(p) &&
    (tried || (p === 'weak' && f.secret.length > 0) || (p === 'mismatch' && f.again.length > 0));
  const message = (p: FirstAdminProblem, key: string) =>
    shown(p) && (
      <span className="error-text" id={`first-admin-${p}`} role="alert">
        {t(key)}
      </span>
    );
  const field = (p: FirstAdminProblem) => ({
    'aria-invalid': shown(p) || undefined,
    'aria-describedby': shown(p) ? `first-admin-${p}` : undefined,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!problems.length) void session.createFirstAdmin(f.username.trim(), f.displayName.trim(), f.secret);
  };
  return (
    <form className="card stack auth-card" onSubmit={submit} aria-labelledby="first-admin-title" noValidate>
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
          {...field('username')}
          onChange={(e) => setF({ ...f, username: e.target.value })}
        />
      </label>
      {message('username', 'auth.usernameRequired')}
      <label className="field">
        <span>{t('auth.displayName')}</span>
        <input
          type="text"
          value={f.displayName}
          {...field('displayName')}
          onChange={(e) => setF({ ...f, displayName: e.target.value })}
        />
      </label>
      {message('displayName', 'auth.displayNameRequired')}
      <label className="field">
        <span>{t('auth.newSecret')}</span>
        <input
          type="password"
          autoComplete="new-password"
          value={f.secret}
          {...field('weak')}
          onChange={(e) => setF({ ...f, secret: e.target.value })}
        />
      </label>
      {message('weak', 'auth.weakSecret')}
      <label className="field">
        <span>{t('auth.repeatSecret')}</span>
        <input
          type="password"
          autoComplete="new-password"
          value={f.again}
          {...field('mismatch')}
          onChange={(e) => setF({ ...f, again: e.target.value })}
        />
      </label>
      {message('mismatch', 'auth.mismatch')}
      <button type="submit" className="btn btn-primary btn-big" disabled={state.busy}>
        {t('auth.createAdmin')}
      </button>
    </form>
  );
}
