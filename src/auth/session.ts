// Who is using the tablet, and whether the screen is locked. Signing in opens the tablet's data
// key with the user's PIN or password (offline once this user has signed in here before; online the
// first time, when the server hands over the key). Locking hides the staff UI but keeps the key in
// memory, so runs, timers and sync go on; signing out drops it. Wrong secrets back off and lock out,
// counted in IndexedDB so a reload does not reset them.
import { nextAttemptAt } from '../domain/auth/roles';
import { fromBase64, importDek, unwrapDek, wrapDek, WrongSecretError } from '../db/crypto/keys';
import { createVault, type Vault } from '../db/crypto/vault';
import type { DirectoryUser, ScanCardDb } from '../db/db';
import { recordAudit } from '../db/audit.repo';
import { attempts, clearFailures, keyringEntry, recordFailure, saveKeyringEntry } from '../db/keyring.repo';
import { needsContact, offlineSignInLimit } from '../db/keyring-check.repo';
import { AuthApiError, OfflineError, type AuthApi, type LoginResponse, type SignedInUser } from './auth-api';

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

export type LockReason = 'idle' | 'button' | 'patientView';

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

export function createSession(o: SessionOptions) {
  let state: SessionState = { phase: 'signedOut' };
  let vault: Vault | undefined;
  let serverToken: string | undefined;
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
      void o.api.login(username, secret).then(
        (r) => (serverToken = r.token),
        () => undefined,
      ); // for online-only screens
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
    serverToken = r.token;
    await open(raw);
  }

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
    serverToken: () => serverToken,
    signIn,
    async createFirstAdmin(username: string, displayName: string, secret: string) {
      set({ phase: 'signedOut', busy: true });
      try {
        const r = await o.api.firstAdmin(username, displayName, secret);
        await adopt(r, secret);
        set({ phase: 'unlocked', user: r.user });
        void audit(r.user.id, 'login', r.user.id);
      } catch (e) {
        set({ phase: 'signedOut', error: explain(e) ?? { kind: 'server', message: String(e) } });
      }
    },
    lock(reason: LockReason) {
      if (state.phase !== 'unlocked') return;
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
      try {
        if (!entry) throw new WrongSecretError();
        await unwrapDek(entry, secret).then((raw) => raw.fill(0));
        await clearFailures(o.db, user.username.toLowerCase());
        lastActivity = o.now();
        set({ phase: 'unlocked', user });
        void audit(user.id, 'unlock', user.id);
      } catch {
        void audit(user.id, 'unlock.failed', user.id);
        set({ phase: 'locked', user, reason, error: await failed(user.username) });
      }
    },
    signOut() {
      const user = state.phase === 'signedOut' ? undefined : state.user;
      if (serverToken) void o.api.logout(serverToken).catch(() => undefined);
      vault = undefined;
      serverToken = undefined;
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
    /** Called every few seconds: locks after the idle time. */
    tick() {
      if (state.phase === 'unlocked' && o.now() - lastActivity >= idleMs) this.lock('idle');
    },
  };
}
export type Session = ReturnType<typeof createSession>;
