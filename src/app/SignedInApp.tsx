// The signed-in app: its own chunk, loaded with the sync engine (zod, the protocol) once someone
// signs in or unlocks, so the lock and sign-in screens start without either.
import { use, useSyncExternalStore, type ReactNode } from 'react';
import { AuthApiError, type AuthApi, type SignedInUser } from '../auth/auth-api';
import type { Session } from '../auth/session';
import type { Vault } from '../db/crypto/vault';
import type { ScanCardDb } from '../db/db';
import type { SyncController } from '../sync/sync-controller';
import { ServerSessionError, type Services } from '../ui/services';
import { sessionServices } from './session-services';
import { App } from './App';
import { siteConfig } from './site-config';

type Props = {
  db: ScanCardDb;
  session: Session;
  api: AuthApi;
  vault: Vault;
  user: SignedInUser;
  /** The same promise on every call: the sync controller, started on first use. */
  loadSync: () => Promise<SyncController>;
  updatePrompt?: ReactNode;
};

// One session (run store included) per sign-in: locking and unlocking keep it.
const sessions = new WeakMap<Vault, Map<string, Services>>();

/** Calls the server as the signed-in user; an ended server session becomes a ServerSessionError. */
async function withServerToken<T>(session: Session, call: (token: string) => Promise<T>): Promise<T> {
  // Just unlocked: the renewal may still be on its way; wait for it rather than refuse.
  if (!session.serverToken() && session.serverSession() === 'waiting') await session.renewServerSession();
  const token = session.serverToken();
  if (!token) throw new ServerSessionError(session.serverSession());
  try {
    return await call(token);
  } catch (e) {
    if (e instanceof AuthApiError && e.status === 401) {
      session.dropServerToken(); // expired or revoked: the next unlock renews it
      throw new ServerSessionError('needsPin');
    }
    throw e;
  }
}

export default function SignedInApp({ db, session, api, vault, user, loadSync, updatePrompt }: Props) {
  const sync = use(loadSync());
  // New runs take the site's timer standards as they are now (an admin may change them mid-session).
  const site = useSyncExternalStore(siteConfig.subscribe, siteConfig.current);
  const perUser = sessions.get(vault) ?? new Map<string, Services>();
  sessions.set(vault, perUser);
  let base = perUser.get(user.id);
  if (!base || base.db !== db)
    perUser.set(
      user.id,
      (base = sessionServices(
        db,
        vault,
        user.id,
        () => Date.now() + sync.skewMs(),
        () => siteConfig.current().timerRules,
      )),
    );
  const asUser = <T,>(call: (token: string) => Promise<T>) => withServerToken(session, call);
  const services: Services = {
    ...base,
    timerRules: site.timerRules,
    site: { blockUnsignedCards: site.blockUnsignedCards, ...(site.timeZone && { timeZone: site.timeZone }) },
    sync,
    account: {
      displayName: user.displayName,
      role: user.role,
      lock: (reason) => session.lock(reason),
      signOut: () => session.signOut(),
      serverSession: () => session.serverSession(),
      fetchJson: <T,>(path: string) => asUser((token) => api.get<T>(path, token)),
      sendJson: <T,>(method: 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown) =>
        asUser((token) => api.send<T>(method, path, body ?? {}, token)),
    },
  };
  return <App services={services} updatePrompt={updatePrompt} />;
}
