// When to sync: at start, when the network comes back, soon after a write, and periodically; after
// a failure, back off (5 s doubling to 5 min). One round at a time, and a round never outlives its
// deadline: it is cancelled (its request aborted) so a dead connection cannot hold up the next one.
// A rejection (4xx) is shown to the technologist and retried only on the slow periodic beat.
import { NotEnrolledError, SignedOutError } from './not-enrolled';
import {
  ProtocolMismatchError,
  RejectedSyncError,
  SignInToReadError,
  SyncCancelledError,
  TransientSyncError,
} from './transport';

export type SyncState = 'idle' | 'syncing' | 'offline' | 'error' | 'not-enrolled' | 'signed-out';
export type SchedulerStatus = {
  readonly state: SyncState;
  readonly error?: string;
  /** The server and this app speak different sync protocols: which one to update. */
  readonly update?: 'server' | 'app';
};

export type SchedulerOptions = {
  /** One round; `signal` is aborted when the round is cancelled (stop, or its deadline passed). */
  run: (signal: AbortSignal) => Promise<unknown>;
  onStatus: (s: SchedulerStatus) => void;
  onFailure?: (e: unknown) => void | Promise<void>;
  periodMs?: number;
  soonMs?: number;
  /** The longest a round may take before it is cancelled and counted as a failure. */
  roundTimeoutMs?: number;
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

  let current: AbortController | undefined;
  let stopped = false;

  async function syncNow(): Promise<void> {
    if (stopped) return;
    if (running) return void (again = true);
    running = true;
    const round = (current = new AbortController());
    const deadline = setTimeout(() => round.abort(), o.roundTimeoutMs ?? 5 * 60_000);
    o.onStatus({ state: 'syncing' });
    try {
      await Promise.race([o.run(round.signal), whenAborted(round.signal)]);
      failures = 0;
      o.onStatus({ state: 'idle' });
      schedule(period);
    } catch (err) {
      if (stopped) return;
      const e =
        err instanceof SyncCancelledError ? new TransientSyncError('sync took too long and was cancelled') : err;
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
      clearTimeout(deadline);
      running = false;
      if (again && !stopped) {
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
    /** Cancels the round in flight (its request is aborted) and schedules nothing more. */
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      current?.abort();
    },
  };
}

/** Rejects once the signal is aborted: a round that ignores its signal still stops holding the scheduler. */
function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new SyncCancelledError())));
}
