// The user's session with the department server, for online-only screens (exports, audit). It is
// renewed by itself: at every sign-in and unlock, and after an offline sign-in as soon as the server
// answers again. The secret for that is held in memory only while the tablet is unlocked and only
// until the server has accepted it; locking or signing out forgets it.
import { AuthApiError, OfflineError, type AuthApi } from './auth-api';

export type ServerSessionState = 'ok' | 'waiting' | 'needsPin';

const RENEW_EVERY_MS = 15_000;
const RENEW_BEFORE_EXPIRY_MS = 10 * 60_000;

export function createServerSession(o: { api: AuthApi; now: () => number; unlocked: () => boolean }) {
  let token: { token: string; expiresAt: number } | undefined;
  let pending: { username: string; secret: string } | undefined;
  let lastTry = 0;
  let renewing: Promise<void> | undefined;
  const valid = () => token !== undefined && o.now() < token.expiresAt - 60_000;

  async function renewOnce(): Promise<void> {
    const p = pending;
    if (!p || !o.unlocked()) return;
    lastTry = o.now();
    try {
      const r = await o.api.login(p.username, p.secret);
      token = { token: r.token, expiresAt: r.expiresAt };
      if (pending === p) pending = undefined;
    } catch (e) {
      // Offline or the server is down: try again later. Refused (e.g. PIN changed there): stop trying.
      if (!(e instanceof OfflineError) && !(e instanceof AuthApiError && e.status >= 500)) pending = undefined;
    }
  }

  /** One renewal at a time; a caller that needs the token now can await the one in flight. */
  function renew(): Promise<void> {
    renewing ??= renewOnce().finally(() => (renewing = undefined));
    return renewing;
  }

  return {
    renew,
    /** A secret just proven on this tablet: get a session with it unless a fresh one exists. */
    renewWith(username: string, secret: string) {
      if (token && o.now() < token.expiresAt - RENEW_BEFORE_EXPIRY_MS) return;
      pending = { username, secret };
      void renew();
    },
    adopt: (t: { token: string; expiresAt: number }) => void (token = t),
    token: () => (valid() ? token!.token : undefined),
    /** For the logout call, even if expired. */
    rawToken: () => token?.token,
    state: (): ServerSessionState => (valid() ? 'ok' : pending ? 'waiting' : 'needsPin'),
    drop: () => void (token = undefined),
    forgetSecret: () => void (pending = undefined),
    clear() {
      token = undefined;
      pending = undefined;
    },
    /** From the session's tick: retry a pending renewal every 15 s. */
    retryIfDue: () => pending && o.now() - lastTry >= RENEW_EVERY_MS && void renew(),
  };
}
