// What the tablet shows: connect it to the department server, sign in, the lock screen, or the app.
// The patient view stays on screen if the tablet locks while turned to the patient; leaving it locks.
import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { useLocation } from 'wouter';
import type { AuthApi } from '../auth/auth-api';
import type { Session } from '../auth/session';
import type { ScanCardDb } from '../db/db';
import { deviceIdentity, legacyToken } from '../db/device-identity.repo';
import type { SyncController } from '../sync/sync-controller';
import { Loading } from '../ui/components/Loading';
import { LockScreen } from '../ui/features/auth/LockScreen';
import { SignInScreen } from '../ui/features/auth/SignInScreen';
import { WorklistSkeleton } from '../ui/components/WorklistSkeleton';
import { loadSignedInTexts } from './i18n';

// The signed-in app and the sync engine load once someone signs in (or the key starts opening).
const ConnectScreen = lazy(() => import('../ui/features/sync/ConnectScreen'));
const loadApp = () => Promise.all([import('./SignedInApp'), loadSignedInTexts()]).then(([m]) => m);
const SignedInApp = lazy(loadApp);
const preload = (loadSync: () => Promise<SyncController>) => {
  void loadApp();
  void loadSync();
};

type Props = {
  db: ScanCardDb;
  session: Session;
  api: AuthApi;
  /** The sync controller, started on the first call (the same promise after that). */
  loadSync: () => Promise<SyncController>;
  updatePrompt?: ReactNode;
};

export function AuthGate({ db, session, api, loadSync, updatePrompt }: Props) {
  const state = useSyncExternalStore(session.subscribe, session.getState);
  // A release-0.1 tablet (bearer token) keeps working offline; Settings asks it to enrol again.
  const enrolled = useLiveQuery(
    async () => Boolean((await deviceIdentity(db))?.deviceId ?? (await legacyToken(db))),
    [db],
  );
  const [location] = useLocation();
  useIdleLock(session);
  const busy = state.phase !== 'unlocked' && state.busy;
  useEffect(() => {
    if (busy) preload(loadSync);
  }, [busy, loadSync]);

  if (enrolled === undefined) return <Loading />;
  // The update prompt also registers the service worker: it is on every screen, so even a tablet not
  // yet enrolled (or not signed in) starts offline after its first load.
  if (!enrolled)
    return (
      <>
        {updatePrompt}
        <Suspense fallback={<Loading />}>
          <ConnectScreen sync={{ enroll: (code, label) => loadSync().then((s) => s.enroll(code, label)) }} />
        </Suspense>
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
  const vault = session.vault();
  // After a reload the key is closed until the PIN is entered: the lock screen, even on the patient view.
  if (state.phase === 'locked' && (!onPatientView || !vault))
    return state.busy ? (
      // The key is opening: the worklist's outline, not a frozen PIN pad.
      <>
        {updatePrompt}
        <WorklistSkeleton />
      </>
    ) : (
      <main>
        {updatePrompt}
        <LockScreen db={db} session={session} state={state} />
      </main>
    );
  return (
    <Suspense fallback={<WorklistSkeleton />}>
      <SignedInApp
        db={db}
        session={session}
        api={api}
        vault={vault!}
        user={state.user}
        loadSync={loadSync}
        updatePrompt={updatePrompt}
      />
    </Suspense>
  );
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
