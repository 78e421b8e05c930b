// The app's sync service: runs rounds through the scheduler, keeps a status the UI can show
// (synced / pending N / offline / error with the reason / not enrolled / N need attention), enrols
// the tablet, and corrects the tablet's clock by the measured offset to the server clock.
import type { QuarantineRow, ScanCardDb } from '../db/db';
import { quarantined, retryQuarantined } from '../db/outbox.repo';
import { syncMeta, updateSyncMeta, watchOutbox } from '../db/sync-meta.repo';
import type { SyncContext } from './sync-engine';
import { NotEnrolledError } from './not-enrolled';
import { createSyncScheduler, type SyncState } from './sync-scheduler';
import { httpTransport, ReenrolNeededError, RejectedSyncError, TransientSyncError } from './transport';

/** The tablet's device identity (src/auth/device-identity.ts), as far as sync needs it. */
export type SyncIdentity = {
  state(): Promise<'enrolled' | 'legacy' | 'none'>;
  enrol(code: string, label: string): Promise<string>;
};

export type SyncStatus = {
  readonly state: SyncState;
  readonly pending: number;
  /** Events the server refused that a person must look at (kept on the tablet; Settings lists them). */
  readonly attention?: number;
  /** This tablet's clock offset from the server's, as measured at the last sync (added to new events' times). */
  readonly skewMs?: number;
  readonly lastSuccessAt?: number;
  readonly error?: string;
  /** The server and this app speak different sync protocols: which one to update (nothing is lost meanwhile). */
  readonly update?: 'server' | 'app';
  readonly online: boolean;
};

export type SyncController = {
  getStatus(): SyncStatus;
  subscribe(listener: () => void): () => void;
  syncNow(): Promise<void>;
  enroll(code: string, label: string): Promise<void>;
  /** Milliseconds to add to this tablet's clock to match the server's. */
  skewMs(): number;
  /** Own events the server refused, newest first, with its reason (kept on the tablet). */
  refusedEvents(): Promise<QuarantineRow[]>;
  /** Someone looked at a refused event (the card fixed, the server updated): send it again now. */
  retryRefused(id: string): Promise<void>;
  stop(): void;
};

export type ControllerOptions = {
  db: ScanCardDb;
  baseUrl: string;
  identity: SyncIdentity;
  /** fetch that adds the device session and the signed-in user's token (authorizedFetch). */
  fetchImpl: typeof fetch;
  /** Runs first in every round, signed in or not: account changes reach the tablet (keyring check). */
  checkAccounts?: () => Promise<void>;
  context: () => Promise<Omit<SyncContext, 'now'>>;
  /** Asks the service worker to retry when the network returns (where Background Sync exists). */
  requestBackgroundSync?: () => void;
};

export function createSyncController(o: ControllerOptions): SyncController {
  const transport = httpTransport(o.baseUrl, o.fetchImpl);
  const listeners = new Set<() => void>();
  let skew = 0;
  let status: SyncStatus = { state: 'idle', pending: 0, online: globalThis.navigator?.onLine ?? true };
  const set = (change: Partial<SyncStatus>) => {
    status = { ...status, ...change };
    listeners.forEach((l) => l());
  };
  const now = () => Date.now() + skew;

  const scheduler = createSyncScheduler({
    run: async (signal) => {
      const enrolled = await o.identity.state();
      if (enrolled === 'none') throw new NotEnrolledError();
      if (enrolled === 'legacy') throw new ReenrolNeededError();
      await o.checkAccounts?.();
      const { syncOnce } = await import('./sync-engine'); // the merge/replay code loads on first sync, not at start-up
      await syncOnce(o.db, transport, { ...(await o.context()), now, signal });
      const meta = await syncMeta(o.db);
      skew = meta.skewMs;
      set({ lastSuccessAt: meta.lastSuccessAt, error: undefined, skewMs: skew });
    },
    onStatus: (s) => set({ state: s.state, error: s.error, update: s.update }),
    onFailure: async (e) => {
      if (e instanceof TransientSyncError) o.requestBackgroundSync?.();
      if (e instanceof RejectedSyncError || e instanceof TransientSyncError)
        await updateSyncMeta(o.db, { lastError: e.message });
    },
  });

  void Promise.all([syncMeta(o.db), o.identity.state()]).then(([m, enrolled]) => {
    skew = m.skewMs;
    set({
      lastSuccessAt: m.lastSuccessAt,
      skewMs: skew,
      ...(enrolled === 'none' && { state: 'not-enrolled' as const }),
    });
  });
  const stopWatching = watchOutbox(o.db, ({ pending, attention }) => {
    const grew = pending > status.pending;
    set({ pending, attention });
    if (grew) scheduler.soon();
  });
  const onOnline = () => {
    set({ online: true });
    void scheduler.syncNow();
  };
  const onOffline = () => set({ online: false, state: 'offline' });
  globalThis.addEventListener?.('online', onOnline);
  // The service worker's Background Sync wakes us with a message when the network returns.
  const onWorkerMessage = (e: MessageEvent) =>
    (e.data as { type?: string } | null)?.type === 'SYNC_NOW' && void scheduler.syncNow();
  globalThis.navigator?.serviceWorker?.addEventListener('message', onWorkerMessage);
  globalThis.addEventListener?.('offline', onOffline);
  void scheduler.syncNow();

  return {
    getStatus: () => status,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    syncNow: () => scheduler.syncNow(),
    async enroll(code, label) {
      await o.identity.enrol(code, label);
      await scheduler.syncNow();
    },
    skewMs: () => skew,
    refusedEvents: () => quarantined(o.db),
    async retryRefused(id) {
      await retryQuarantined(o.db, id);
      await scheduler.syncNow();
    },
    stop() {
      scheduler.stop();
      stopWatching();
      globalThis.removeEventListener?.('online', onOnline);
      globalThis.removeEventListener?.('offline', onOffline);
      globalThis.navigator?.serviceWorker?.removeEventListener('message', onWorkerMessage);
    },
  };
}
