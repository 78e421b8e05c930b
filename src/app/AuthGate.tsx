// What the tablet shows: connect it to the department server, sign in, the lock screen, or the app.
// The patient view stays on screen if the tablet locks while turned to the patient; leaving it locks.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import { AuthApiError, type AuthApi } from '../auth/auth-api';
import type { Session } from '../auth/session';
import type { ScanCardDb } from '../db/db';
import { deviceIdentity, legacyToken } from '../db/device-identity.repo';
import type { SyncController } from '../sync/sync-controller';
import { Loading } from '../ui/components/Loading';
import { ConnectScreen } from '../ui/features/sync/ConnectScreen';
import { LockScreen } from '../ui/features/auth/LockScreen';
import { SignInScreen } from '../ui/features/auth/SignInScreen';
import { ServerSessionError, sessionServices } from '../ui/services';
import { App } from './App';

type Props = {
  db: ScanCardDb;
  session: Session;
  api: AuthApi;
  sync: SyncController;
  updatePrompt?: ReactNode;
};

export function AuthGate({ db, session, api, sync, updatePrompt }: Props) {
  const state = useSyncExternalStore(session.subscribe, session.getState);
  // A release-0.1 tablet (bearer token) keeps working offline; Settings asks it to enrol again.
  const enrolled = useLiveQuery(
    async () => Boolean((await deviceIdentity(db))?.deviceId ?? (await legacyToken(db))),
    [db],
  );
  const [location] = useLocation();
  useIdleLock(session);
  const vault = session.vault();
  const userId = state.phase === 'signedOut' ? undefined : state.user.id;
  // One session (run store included) per sign-in: locking and unlocking keep it.
  const base = useMemo(
    () => (vault && userId ? sessionServices(db, vault, userId, () => Date.now() + sync.skewMs()) : undefined),
    [db, vault, userId, sync],
  );

  if (enrolled === undefined) return <Loading />;
  // The update prompt also registers the service worker: it is on every screen, so even a tablet not
  // yet enrolled (or not signed in) starts offline after its first load.
  if (!enrolled)
    return (
      <>
        {updatePrompt}
        <ConnectScreen sync={sync} />
      </>
    );
  if (state.phase === 'signedOut')
    return (
      <main>
        {updatePrompt}
        <SignInScreen db={db} session={session} api={api} state={state} />
      </main>
    );
  const onPatientView = /^(\/demo)?\/run\/[^/]+\/patient/.test(location);
  // After a reload the key is closed until the PIN is entered: the lock screen, even on the patient view.
  if (state.phase === 'locked' && (!onPatientView || !session.vault()))
    return (
      <main>
        {updatePrompt}
        <LockScreen db={db} session={session} state={state} />
      </main>
    );

  const services = {
    ...base!,
    sync,
    account: {
      displayName: state.user.displayName,
      role: state.user.role,
      lock: (reason: 'button' | 'patientView') => session.lock(reason),
      signOut: () => session.signOut(),
      serverSession: () => session.serverSession(),
      fetchJson: async <T,>(path: string) => {
        // Just unlocked: the renewal may still be on its way; wait for it rather than refuse.
        if (!session.serverToken() && session.serverSession() === 'waiting') await session.renewServerSession();
        const token = session.serverToken();
        if (!token) throw new ServerSessionError(session.serverSession());
        try {
          return await api.get<T>(path, token);
        } catch (e) {
          if (e instanceof AuthApiError && e.status === 401) {
            session.dropServerToken(); // expired or revoked: the next unlock renews it
            throw new ServerSessionError('needsPin');
          }
          throw e;
        }
      },
    },
  };
  return <App services={services} updatePrompt={updatePrompt} />;
}

function useIdleLock(session: Session) {
  useEffect(() => {
    const touch = () => session.touch();
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    events.forEach((e) => window.addEventListener(e, touch, { capture: true, passive: true }));
    const id = setInterval(() => session.tick(), 5000);
    return () => {
      events.forEach((e) => window.removeEventListener(e, touch, { capture: true }));
      clearInterval(id);
    };
  }, [session]);
}
