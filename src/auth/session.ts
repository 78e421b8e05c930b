// Who is using the tablet, and whether the screen is locked. Signing in opens the tablet's data
// key with the user's PIN or password (offline once this user has signed in here before; online the
// first time, when the server hands over the key). Locking hides the staff UI but keeps the key in
// memory, so runs, timers and sync go on; signing out drops it. Wrong secrets back off and lock out,
// counted in IndexedDB so a reload does not reset them.
// A reload or a crash loses the key (it is never stored in clear) but not who was signed in: the
// tablet comes back on that user's lock screen, and the PIN opens the key again.
// The server session for online-only screens renews by itself (server-session.ts).
import { nextAttemptAt } from '../domain/auth/roles';
import { fromBase64, importDek, unwrapDek, wrapDek, WrongSecretError } from '../db/crypto/keys';
import { createVault, type Vault } from '../db/crypto/vault';
import type { DirectoryUser, ScanCardDb } from '../db/db';
import { recordAudit } from '../db/audit.repo';
import {
  attempts,
  clearFailures,
  clearResumableSession,
  keyringEntry,
  recordFailure,
  resumableSession,
  saveKeyringEntry,
  saveResumableSession,
} from '../db/keyring.repo';
import { needsContact, offlineSignInLimit } from '../db/keyring-check.repo';
import { AuthApiError, OfflineError, type AuthApi, type LoginResponse, type SignedInUser } from './auth-api';
import { createServerSession, type ServerSessionState } from './server-session';

export type { ServerSessionState };

export type SignInError =
  | { readonly kind: 'wrong' }
  | { readonly kind: 'wait'; readonly until: number }
  | { readonly kind: 'locked'; readonly until: number }
  | { readonly kind: 'offlineFirst' }
  /** Offline sign-in refused: this tablet has not reached the server for longer than the site allows. */
  | { readonly kind: 'needsContact'; readonly hours: number }
  /** The server ended this user's keys on the tablet (PIN reset, deactivation or role change). */
  | { readonly kind: 'accountChanged' }
  | { readonly kind: 'server'; readonly message: string };

class NeedsContactError extends Error {
  constructor(readonly hours: number) {
    super('offline sign-in limit passed');
  }
}

export type LockReason = 'idle' | 'button' | 'patientView' | 'reload';

export type SessionState =
  | { readonly phase: 'signedOut'; readonly error?: SignInError; readonly busy?: boolean }
  | { readonly phase: 'unlocked'; readonly user: SignedInUser }
  | {
      readonly phase: 'locked';
      readonly user: SignedInUser;
      readonly reason: LockReason;
      readonly error?: SignInError;
      readonly busy?: boolean;
    };

export type SessionOptions = { db: ScanCardDb; api: AuthApi; now: () => number; idleMs?: number };

export const DEFAULT_IDLE_MS = 2 * 60_000;
/** A reload within this time of the last sign-in or unlock returns to that user's lock screen. */
export const RESUME_MAX_MS = 12 * 60 * 60_000;

export function createSession(o: SessionOptions) {
  let state: SessionState = { phase: 'signedOut' };
  let vault: Vault | undefined;
  const server = createServerSession({ api: o.api, now: o.now, unlocked: () => state.phase === 'unlocked' });
  let lastActivity = o.now();
  let idleMs = o.idleMs ?? DEFAULT_IDLE_MS;
  const listeners = new Set<() => void>();
  const set = (s: SessionState) => {
    state = s;
    listeners.forEach((l) => l());
  };
  const audit = (user: string, action: Parameters<typeof recordAudit>[2], subject?: string) =>
    recordAudit(o.db, { user, now: o.now() }, action, subject).catch(() => undefined); // never block sign-in on it

  async function blocked(username: string): Promise<SignInError | undefined> {
    const a = await attempts(o.db, username.toLowerCase());
    const next = nextAttemptAt(a);
    if (next.at > o.now()) return next.locked ? { kind: 'locked', until: next.at } : { kind: 'wait', until: next.at };
    return undefined;
  }

  async function failed(username: string): Promise<SignInError> {
    const a = await recordFailure(o.db, username.toLowerCase(), o.now());
    const next = nextAttemptAt(a);
    return next.locked
      ? { kind: 'locked', until: next.at }
      : next.at > o.now()
        ? { kind: 'wait', until: next.at }
        : { kind: 'wrong' };
  }

  async function open(raw: Uint8Array) {
    vault = createVault(await importDek(raw));
    raw.fill(0); // the bytes are not kept; the imported key is non-extractable
  }

  /** Checks the secret against this tablet's wrapped key, or the server the first time. */
  async function verify(
    user: Pick<DirectoryUser, 'id' | 'username'> | undefined,
    username: string,
    secret: string,
  ): Promise<SignedInUser> {
    const entry = user && (await keyringEntry(o.db, user.id));
    if (entry && needsContact(entry, o.now(), await offlineSignInLimit(o.db))) {
      const hours = Math.round((await offlineSignInLimit(o.db)) / 3600_000);
      const r = await o.api.login(username, secret).catch((e: unknown) => {
        throw e instanceof OfflineError ? new NeedsContactError(hours) : e;
      });
      await adopt(r, secret);
      return r.user;
    }
    if (entry) {
      try {
        await open(await unwrapDek(entry, secret));
      } catch (e) {
        // Maybe the PIN was changed elsewhere: if the server accepts it, re-wrap with the new one.
        const r = await o.api.login(username, secret).catch(() => {
          throw e;
        });
        await adopt(r, secret);
        return r.user;
      }
      server.renewWith(username, secret); // for online-only screens
      return (await o.db.directory.get(user.id)) ?? { ...user, displayName: user.username, role: 'technologist' };
    }
    const r: LoginResponse = await o.api.login(username, secret);
    await adopt(r, secret);
    return r.user;
  }

  async function adopt(r: LoginResponse, secret: string) {
    const raw = fromBase64(r.dek);
    await saveKeyringEntry(o.db, r.user.id, await wrapDek(raw, secret), o.now(), r.credentialVersion);
    await o.db.directory.put({ ...r.user, active: true });
    server.adopt({ token: r.token, expiresAt: r.expiresAt });
    await open(raw);
  }

  const remember = (user: SignedInUser) =>
    saveResumableSession(o.db, {
      user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
      at: o.now(),
    }).catch(() => undefined); // a reload then asks to choose the user again: inconvenient, not unsafe

  function explain(e: unknown): SignInError | null {
    if (e instanceof NeedsContactError) return { kind: 'needsContact', hours: e.hours };
    if (e instanceof OfflineError) return { kind: 'offlineFirst' };
    if (e instanceof AuthApiError && e.status === 429 && e.retryAfterMs)
      return { kind: 'wait', until: o.now() + e.retryAfterMs };
    if (e instanceof AuthApiError && e.status === 423 && e.lockedUntil) return { kind: 'locked', until: e.lockedUntil };
    if (e instanceof AuthApiError && e.status !== 401) return { kind: 'server', message: e.message };
    return null; // a wrong secret
  }

  async function signIn(username: string, secret: string): Promise<void> {
    const wait = await blocked(username);
    if (wait) return set({ phase: 'signedOut', error: wait });
    set({ phase: 'signedOut', busy: true });
    const known = await o.db.directory.where('username').equalsIgnoreCase(username).first();
    try {
      const user = await verify(known, username, secret);
      await clearFailures(o.db, username.toLowerCase());
      lastActivity = o.now();
      set({ phase: 'unlocked', user });
      void remember(user);
      void server.renew(); // the secret may be waiting from an offline sign-in
      void audit(user.id, 'login', user.id);
    } catch (e) {
      const reason = e instanceof WrongSecretError ? null : explain(e);
      if (reason && reason.kind !== 'wait' && reason.kind !== 'locked')
        return set({ phase: 'signedOut', error: reason });
      void audit(known?.id ?? 'unknown', 'login.failed', known?.id ?? 'unknown user');
      set({ phase: 'signedOut', error: reason ?? (await failed(username)) });
    }
  }

  return {
    getState: () => state,
    subscribe(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    vault: () => vault,
    /** The user token for online-only routes, while valid. */
    serverToken: server.token,
    serverSession: (): ServerSessionState => server.state(),
    /** The server refused the token (expired, revoked): forget it. */
    dropServerToken: server.drop,
    /** Call when the network may be back: renews a server session an offline sign-in could not get. */
    renewServerSession: server.renew,
    /** On start: back to the lock screen of whoever was signed in before a reload or a crash. */
    async restore() {
      const saved = await resumableSession(o.db).catch(() => undefined);
      if (!saved || state.phase !== 'signedOut') return;
      const fresh = o.now() - saved.at < RESUME_MAX_MS && saved.at <= o.now();
      if (!fresh || !(await keyringEntry(o.db, saved.user.id))) return void clearResumableSession(o.db);
      set({ phase: 'locked', user: saved.user, reason: 'reload' });
    },
    signIn,
    async createFirstAdmin(username: string, displayName: string, secret: string) {
      set({ phase: 'signedOut', busy: true });
      try {
        const r = await o.api.firstAdmin(username, displayName, secret);
        await adopt(r, secret);
        set({ phase: 'unlocked', user: r.user });
        void remember(r.user);
        void audit(r.user.id, 'login', r.user.id);
      } catch (e) {
        set({ phase: 'signedOut', error: explain(e) ?? { kind: 'server', message: String(e) } });
      }
    },
    lock(reason: LockReason) {
      if (state.phase !== 'unlocked') return;
      server.forgetSecret(); // the next unlock proves the secret again
      set({ phase: 'locked', user: state.user, reason });
      void audit(state.user.id, 'lock', reason);
    },
    async unlock(secret: string) {
      if (state.phase !== 'locked') return;
      const { user, reason } = state;
      const wait = await blocked(user.username);
      if (wait) return set({ phase: 'locked', user, reason, error: wait });
      set({ phase: 'locked', user, reason, busy: true });
      const entry = await keyringEntry(o.db, user.id);
      // After a reload the key is closed: reopening it offline is an offline sign-in, so the site's limit holds.
      const limit = await offlineSignInLimit(o.db);
      if (!vault && entry && needsContact(entry, o.now(), limit))
        return set({
          phase: 'locked',
          user,
          reason,
          error: { kind: 'needsContact', hours: Math.round(limit / 3600_000) },
        });
      try {
        if (!entry) throw new WrongSecretError();
        const raw = await unwrapDek(entry, secret);
        if (vault) raw.fill(0);
        else await open(raw); // after a reload: the PIN opens the key again
        await clearFailures(o.db, user.username.toLowerCase());
        lastActivity = o.now();
        set({ phase: 'unlocked', user });
        void remember(user);
        server.renewWith(user.username, secret);
        void audit(user.id, 'unlock', user.id);
      } catch {
        void audit(user.id, 'unlock.failed', user.id);
        set({ phase: 'locked', user, reason, error: await failed(user.username) });
      }
    },
    signOut() {
      const user = state.phase === 'signedOut' ? undefined : state.user;
      const token = server.rawToken();
      if (token) void o.api.logout(token).catch(() => undefined);
      vault = undefined;
      server.clear();
      void clearResumableSession(o.db);
      set({ phase: 'signedOut' });
      if (user) void audit(user.id, 'logout', user.id);
    },
    /** The server ended these users' keys here (keyring check): whoever of them is signed in is signed out. */
    accountsEnded(userIds: readonly string[]) {
      if (state.phase === 'signedOut' || !userIds.includes(state.user.id)) return;
      this.signOut();
      set({ phase: 'signedOut', error: { kind: 'accountChanged' } });
    },
    /** Any touch or key press: the idle clock starts again. */
    touch: () => (lastActivity = o.now()),
    setIdleMs: (ms: number) => (idleMs = ms),
    /** Called every few seconds: locks after the idle time; retries a pending server session. */
    tick() {
      if (state.phase === 'unlocked' && o.now() - lastActivity >= idleMs) this.lock('idle');
      else server.retryIfDue();
    },
  };
}
export type Session = ReturnType<typeof createSession>;
