// The tablet session on real IndexedDB semantics (fake-indexeddb) and real Web Crypto, with a fake
// department server. PBKDF2 runs at full strength, so each sign-in here takes a moment.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ScanCardDb } from '../db/db';
import { keyringEntry } from '../db/keyring.repo';
import { createRun } from '../db/runs.repo';
import { getRun } from '../db/runs.queries';
import { DEFAULT_TIMER_RULES } from '../domain/timers/timers';
import { LOCKOUT } from '../domain/auth/roles';
import { BUILT_IN_SOPS } from '../sops/library';
import { AuthApiError, OfflineError, type AuthApi, type SignedInUser } from './auth-api';
import { createSession, RESUME_MAX_MS } from './session';

const DEK = crypto.getRandomValues(new Uint8Array(32));
const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
const USERS: Record<string, SignedInUser & { secret: string }> = {
  wang: { id: 'u-wang', username: 'wang', displayName: 'Wang Li', role: 'technologist', secret: '482913' },
  chen: { id: 'u-chen', username: 'chen', displayName: 'Chen Yu', role: 'qaLead', secret: 'long password here' },
};

function fakeServer() {
  const state = { online: true, logins: 0 };
  const api = {
    async login(username: string, secret: string) {
      if (!state.online) throw new OfflineError('no network');
      state.logins += 1;
      const u = USERS[username];
      if (!u || u.secret !== secret) throw new AuthApiError(401, 'wrong user name or PIN');
      return {
        token: `tok-${username}`,
        expiresAt: Date.now() + 7_200_000,
        user: { id: u.id, username: u.username, displayName: u.displayName, role: u.role },
        dek: b64(DEK),
      };
    },
    firstAdmin: async () => Promise.reject(new AuthApiError(409, 'users exist')),
    logout: async () => ({}),
    directory: async () => ({
      users: Object.values(USERS).map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        active: true,
      })),
    }),
    get: async () => ({}),
  } as unknown as AuthApi;
  return { api, state };
}

function setup() {
  const db = new ScanCardDb(`session-${crypto.randomUUID()}`);
  const server = fakeServer();
  const clock = { now: Date.UTC(2026, 10, 24, 8) };
  const make = () => createSession({ db, api: server.api, now: () => clock.now, idleMs: 120_000 });
  return { db, server, clock, make };
}

describe('tablet session', () => {
  it('signs in online the first time, then offline with the wrapped key; wrong secrets fail cleanly', async () => {
    const { db, server, make } = setup();
    const s = make();
    await s.signIn('wang', '482913');
    expect(s.getState().phase).toBe('unlocked');
    const entry = await keyringEntry(db, 'u-wang');
    expect(entry?.iterations).toBeGreaterThanOrEqual(600_000);
    expect(JSON.stringify(entry)).not.toContain(b64(DEK)); // only the wrapped key is stored
    s.signOut();
    expect(s.vault()).toBeUndefined();

    server.state.online = false;
    await s.signIn('wang', '000000');
    expect(s.getState()).toMatchObject({ phase: 'signedOut', error: { kind: 'wrong' } });
    await s.signIn('wang', '482913');
    expect(s.getState().phase).toBe('unlocked');
    s.signOut();
    await s.signIn('chen', 'long password here'); // never signed in here, and offline
    expect(s.getState()).toMatchObject({ phase: 'signedOut', error: { kind: 'offlineFirst' } });
  });

  it('re-wraps the key when the PIN was changed on the server', async () => {
    const { db, server, make } = setup();
    const s = make();
    await s.signIn('wang', '482913');
    s.signOut();
    const before = await keyringEntry(db, 'u-wang');
    USERS.wang!.secret = '777333';
    try {
      await s.signIn('wang', '777333'); // online: the server accepts the new PIN
      expect(s.getState().phase).toBe('unlocked');
      expect((await keyringEntry(db, 'u-wang'))?.salt).not.toBe(before?.salt);
      s.signOut();
      server.state.online = false;
      await s.signIn('wang', '482913'); // the old PIN no longer opens the key
      expect(s.getState()).toMatchObject({ phase: 'signedOut', error: { kind: 'wrong' } });
      await s.signIn('wang', '777333');
      expect(s.getState().phase).toBe('unlocked');
    } finally {
      USERS.wang!.secret = '482913';
    }
  });

  it('a second user of the same tablet opens runs the first user recorded', async () => {
    const { db, make } = setup();
    const a = make();
    await a.signIn('wang', '482913');
    const lookup = (id: string, v: number) => BUILT_IN_SOPS.find((x) => x.id === id && x.version === v);
    const runId = await createRun(
      db,
      a.vault()!,
      lookup,
      {
        kind: 'exam',
        sop: { id: 'chest-ct', version: 1 },
        priority: 'routine',
        scanner: 'CT 1',
        timerRules: DEFAULT_TIMER_RULES,
        patient: { patientId: 'P-31', sex: 'male', language: 'en', ageYears: 44 },
      },
      { user: 'u-wang', now: 1 },
    );
    a.signOut();
    const b = make();
    await b.signIn('chen', 'long password here');
    expect((await getRun(db, b.vault()!, runId))?.header.patient?.patientId).toBe('P-31');
  });

  it('backs off, then locks out; the count survives a reload', async () => {
    const { server, clock, make } = setup();
    let s = make();
    await s.signIn('wang', '482913'); // signed in here once: wrong secrets are now checked on the tablet
    s.signOut();
    server.state.online = false;
    for (let i = 0; i < LOCKOUT.freeAttempts; i++) await s.signIn('wang', '111111');
    expect(s.getState()).toMatchObject({ error: { kind: 'wait' } });
    s = make(); // a reload: a new session object on the same database
    await s.signIn('wang', '482913'); // even the right PIN must wait
    expect(s.getState()).toMatchObject({ phase: 'signedOut', error: { kind: 'wait' } });
    for (let i = LOCKOUT.freeAttempts; i < LOCKOUT.lockAfter; i++) {
      clock.now += 10 * 60_000;
      await s.signIn('wang', '111111');
    }
    expect(s.getState()).toMatchObject({ error: { kind: 'locked' } });
    clock.now += LOCKOUT.lockMs + 1;
    server.state.online = true;
    await s.signIn('wang', '482913');
    expect(s.getState().phase).toBe('unlocked');
  });

  it('locks when idle and on request, keeps the key while locked, and unlocks only with the right secret', async () => {
    const { clock, make } = setup();
    const s = make();
    await s.signIn('wang', '482913');
    clock.now += 119_000;
    s.tick();
    expect(s.getState().phase).toBe('unlocked');
    clock.now += 2_000;
    s.tick();
    expect(s.getState()).toMatchObject({ phase: 'locked', reason: 'idle' });
    expect(s.vault()).toBeDefined(); // runs and timers go on behind the lock screen
    await s.unlock('999999');
    expect(s.getState()).toMatchObject({ phase: 'locked', error: { kind: 'wrong' } });
    await s.unlock('482913');
    expect(s.getState().phase).toBe('unlocked');
    s.lock('button');
    expect(s.getState()).toMatchObject({ phase: 'locked', reason: 'button' });
  });
});

describe('a reload or a crash', () => {
  it('lands on the same user’s lock screen; the PIN opens the key again, which was never stored in clear', async () => {
    const { db, make } = setup();
    const a = make();
    await a.signIn('wang', '482913');
    const lookup = (id: string, v: number) => BUILT_IN_SOPS.find((x) => x.id === id && x.version === v);
    const runId = await createRun(
      db,
      a.vault()!,
      lookup,
      {
        kind: 'exam',
        sop: { id: 'chest-ct', version: 2 },
        priority: 'routine',
        scanner: 'CT 1',
        timerRules: DEFAULT_TIMER_RULES,
        patient: { patientId: 'P-77', sex: 'female', language: 'en', ageYears: 40 },
      },
      { user: 'u-wang', now: 1 },
    );
    await new Promise((r) => setTimeout(r, 50)); // the resumable session is written in the background

    const b = make(); // the reload: the old session object and its key are gone
    await b.restore();
    expect(b.getState()).toMatchObject({ phase: 'locked', reason: 'reload', user: { id: 'u-wang' } });
    expect(b.vault()).toBeUndefined();
    const stored = JSON.stringify(await db.meta.toArray());
    expect(stored).toContain('u-wang');
    expect(stored).not.toContain(b64(DEK));

    await b.unlock('999999');
    expect(b.getState()).toMatchObject({ phase: 'locked', error: { kind: 'wrong' } });
    expect(b.vault()).toBeUndefined();
    await b.unlock('482913');
    expect(b.getState().phase).toBe('unlocked');
    expect((await getRun(db, b.vault()!, runId))?.header.patient?.patientId).toBe('P-77');
  });

  it('after "switch user" (sign out) it asks who is signing in', async () => {
    const { make } = setup();
    const a = make();
    await a.signIn('wang', '482913');
    await new Promise((r) => setTimeout(r, 50));
    a.signOut();
    await new Promise((r) => setTimeout(r, 50));
    const b = make();
    await b.restore();
    expect(b.getState().phase).toBe('signedOut');
  });

  it('after 12 hours it asks who is signing in', async () => {
    const { clock, make } = setup();
    await make().signIn('wang', '482913');
    await new Promise((r) => setTimeout(r, 50));
    clock.now += RESUME_MAX_MS;
    const b = make();
    await b.restore();
    expect(b.getState().phase).toBe('signedOut');
  });
});

describe('the server session', () => {
  it('after an offline sign-in it renews by itself once the server answers again', async () => {
    const { server, clock, make } = setup();
    const s = make();
    await s.signIn('wang', '482913');
    expect(s.serverSession()).toBe('ok');
    s.signOut();
    server.state.online = false;
    await s.signIn('wang', '482913'); // offline: the tablet's wrapped key opens
    expect(s.getState().phase).toBe('unlocked');
    await new Promise((r) => setTimeout(r, 10));
    expect(s.serverToken()).toBeUndefined();
    expect(s.serverSession()).toBe('waiting');
    server.state.online = true;
    clock.now += 20_000;
    s.tick();
    await new Promise((r) => setTimeout(r, 10));
    expect(s.serverSession()).toBe('ok');
    expect(s.serverToken()).toBe('tok-wang');
  });

  it('locking forgets the secret; the next unlock renews the session', async () => {
    const { server, clock, make } = setup();
    const s = make();
    await s.signIn('wang', '482913');
    s.signOut();
    server.state.online = false;
    await s.signIn('wang', '482913');
    s.lock('button');
    expect(s.serverSession()).toBe('needsPin');
    server.state.online = true;
    clock.now += 20_000;
    s.tick();
    await s.unlock('482913');
    await new Promise((r) => setTimeout(r, 10));
    expect(s.serverToken()).toBe('tok-wang');
  });
});
