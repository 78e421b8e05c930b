// When to sync: at start, when the network comes back, soon after a write, and periodically; after
// a failure, back off (5 s doubling to 5 min). One round at a time. A rejection (4xx) is shown to
// the technologist and retried only on the slow periodic beat, never in a tight loop.
import { NotEnrolledError, SignedOutError } from './not-enrolled';
import { ProtocolMismatchError, RejectedSyncError, SignInToReadError, TransientSyncError } from './transport';

export type SyncState = 'idle' | 'syncing' | 'offline' | 'error' | 'not-enrolled' | 'signed-out';
export type SchedulerStatus = {
  readonly state: SyncState;
  readonly error?: string;
  /** The server and this app speak different sync protocols: which one to update. */
  readonly update?: 'server' | 'app';
};

export type SchedulerOptions = {
  run: () => Promise<unknown>;
  onStatus: (s: SchedulerStatus) => void;
  onFailure?: (e: unknown) => void | Promise<void>;
  periodMs?: number;
  soonMs?: number;
};

export function createSyncScheduler(o: SchedulerOptions) {
  const period = o.periodMs ?? 60_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let again = false;
  let failures = 0;

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void syncNow(), ms);
  };

  async function syncNow(): Promise<void> {
    if (running) return void (again = true);
    running = true;
    o.onStatus({ state: 'syncing' });
    try {
      await o.run();
      failures = 0;
      o.onStatus({ state: 'idle' });
      schedule(period);
    } catch (e) {
      failures += 1;
      await o.onFailure?.(e);
      if (e instanceof NotEnrolledError) o.onStatus({ state: 'not-enrolled' });
      else if (e instanceof SignedOutError) o.onStatus({ state: 'signed-out' });
      else if (e instanceof SignInToReadError)
        o.onStatus({ state: 'signed-out', error: e.message }); // pushed, not read
      else if (e instanceof TransientSyncError) o.onStatus({ state: 'offline', error: e.message });
      else
        o.onStatus({
          state: 'error',
          error: e instanceof RejectedSyncError ? [e.message, ...e.details].join(' — ') : String(e),
          ...(e instanceof ProtocolMismatchError && { update: e.refusal.update }),
        });
      schedule(e instanceof TransientSyncError ? Math.min(300_000, 5000 * 2 ** (failures - 1)) : period);
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule(0);
      }
    }
  }

  return {
    syncNow,
    /** After a local write: sync shortly, coalescing a burst of taps into one round. */
    soon: () => {
      if (failures === 0) schedule(o.soonMs ?? 1500); // while failing, the backoff decides
    },
    stop: () => clearTimeout(timer),
  };
}
