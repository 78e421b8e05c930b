// The tablet's side of the protocol version: every request it makes carries it; a server that does
// not speak it stops sync with "update the server" (or "update the app") in the sync status, the
// outbox untouched, the next try on the slow beat — and once the server is updated, everything
// queued goes out. Real tablet storage (fake-indexeddb), real servers over HTTP, both stores.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { authApi, AuthApiError } from '../../src/auth/auth-api';
import { importDek } from '../../src/db/crypto/keys';
import { createVault } from '../../src/db/crypto/vault';
import { ScanCardDb } from '../../src/db/db';
import { createRunStore } from '../../src/db/run-store';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/domain/sync/protocol.version';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { buildServer } from '../../src/server/app';
import type { SyncStore } from '../../src/server/store/store';
import { BUILT_IN_SOPS } from '../../src/sops/library';
import { createSyncController } from '../../src/sync/sync-controller';
import { syncOnce, type SyncContext } from '../../src/sync/sync-engine';
import { createSyncScheduler, type SchedulerStatus } from '../../src/sync/sync-scheduler';
import { httpTransport, ProtocolMismatchError } from '../../src/sync/transport';
import { openHarness, START, type Harness } from '../server/harness';
import { enrolledTablet } from '../setup/tablet-identity';
import { STORES } from '../server/stores';
import { pendingCount } from '../../src/db/sync-meta.repo';

const OLDER_SERVER = { version: PROTOCOL_VERSION - 1, minSupported: PROTOCOL_VERSION - 1 };
const NEWER_SERVER = { version: PROTOCOL_VERSION + 1, minSupported: PROTOCOL_VERSION + 1 };

describe.each(STORES)('a tablet and a server of another protocol, on $name', (factory) => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** A second server process on the same store (an older or newer release), listening on HTTP. */
  async function serve(store: SyncStore, protocol?: typeof OLDER_SERVER) {
    const app = await buildServer({ store, now: () => START, ...(protocol && { protocol }) }); // the harness's clock
    await app.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => app.close());
    return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  }

  /** A tablet with a run, two taps and an audit entry waiting in its outbox. */
  async function tabletWithQueue(h: Harness) {
    const db = new ScanCardDb(`protocol-${crypto.randomUUID()}`);
    cleanups.push(() => db.delete());
    const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
    const tab = await enrolledTablet(h, db, 'http://unused');
    const runs = createRunStore({
      db,
      vault,
      user: 'user-1',
      now: h.now,
      builtInSops: BUILT_IN_SOPS,
      timerRules: DEFAULT_TIMER_RULES,
    });
    const runId = await runs.createRun({
      kind: 'exam',
      sop: { id: 'chest-ct', version: 1 },
      priority: 'routine',
      scanner: 'CT 1',
      timerRules: DEFAULT_TIMER_RULES,
      patient: { patientId: 'P-426', sex: 'male', language: 'en', ageYears: 70 },
    });
    await runs.runCommand(runId, { type: 'answer', itemId: 'twoIdentifiers', value: true });
    await runs.recordAudit('run.view', runId);
    const context: Omit<SyncContext, 'now'> = {
      vault,
      sops: runs.sops,
      isBuiltIn: () => true,
      scanners: DEFAULT_SCANNERS,
      timerRules: DEFAULT_TIMER_RULES,
    };
    return { db, tab, context };
  }

  it('every tablet request carries the version; an older server stops sync and loses nothing', async () => {
    const h = await openHarness(factory);
    cleanups.push(() => h.close());
    const tablet = await tabletWithQueue(h);
    const seen: (string | null)[] = [];
    const spy: typeof fetch = (url, init) => {
      seen.push(new Headers(init?.headers).get(PROTOCOL_HEADER));
      return fetch(url, init);
    };
    const ctx = { ...tablet.context, now: h.now };

    const old = await serve(h.store, OLDER_SERVER);
    const refused = await syncOnce(tablet.db, httpTransport(old, tablet.tab.fetch(spy, old)), ctx).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ProtocolMismatchError);
    expect((refused as ProtocolMismatchError).refusal).toMatchObject({ update: 'server' });
    expect((refused as ProtocolMismatchError).message).toMatch(/update the server$/);
    expect(await pendingCount(tablet.db)).toBe(3);
    expect(await h.store.eventCount()).toBe(0);

    // Sign-in asks the same server: refused the same way.
    const login = await authApi(old, tablet.tab.fetch(spy, old))
      .login('someone', '123456')
      .catch((e: unknown) => e);
    expect(login).toBeInstanceOf(AuthApiError);
    expect(login).toMatchObject({ status: 426, message: expect.stringMatching(/update the server$/) });

    // IT updates the server: the same queue goes out, whole.
    const updated = await serve(h.store);
    expect(await syncOnce(tablet.db, httpTransport(updated, tablet.tab.fetch(spy, updated)), ctx)).toMatchObject({
      pushed: 3,
    });
    expect(await pendingCount(tablet.db)).toBe(0);
    expect(await h.store.eventCount()).toBe(3);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(new Set(seen)).toEqual(new Set([String(PROTOCOL_VERSION)]));
  });

  it('the sync status says which side to update, with the queue still counted as pending', async () => {
    const h = await openHarness(factory);
    cleanups.push(() => h.close());
    for (const [protocol, update] of [
      [OLDER_SERVER, 'server'],
      [NEWER_SERVER, 'app'],
    ] as const) {
      const tablet = await tabletWithQueue(h);
      const baseUrl = await serve(h.store, protocol);
      const controller = createSyncController({
        db: tablet.db,
        baseUrl,
        identity: tablet.tab.identityAt(baseUrl),
        fetchImpl: tablet.tab.fetch(undefined, baseUrl),
        context: async () => tablet.context,
      });
      cleanups.push(async () => controller.stop());
      await vi.waitFor(() => expect(controller.getStatus()).toMatchObject({ state: 'error', update, pending: 3 }));
      expect(controller.getStatus().error).toMatch(new RegExp(`update the ${update}$`));
      expect(await pendingCount(tablet.db)).toBe(3);
    }
    expect(await h.store.eventCount()).toBe(0);
  });
});

describe('the scheduler after a protocol refusal', () => {
  afterEach(() => vi.useRealTimers());

  it('retries only on the slow beat, and a write in between does not hurry it', async () => {
    vi.useFakeTimers();
    const statuses: SchedulerStatus[] = [];
    const refusal = {
      error: 'update the server',
      update: 'server',
      serverProtocol: 0,
      minProtocol: 0,
      tabletProtocol: 1,
    } as const;
    const run = vi.fn(async () => {
      throw new ProtocolMismatchError(refusal);
    });
    const scheduler = createSyncScheduler({ run, onStatus: (s) => statuses.push(s), periodMs: 60_000, soonMs: 1500 });
    await scheduler.syncNow();
    expect(statuses.at(-1)).toEqual({ state: 'error', error: 'update the server', update: 'server' });
    scheduler.soon();
    await vi.advanceTimersByTimeAsync(59_000);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(2);
    scheduler.stop();
  });
});
