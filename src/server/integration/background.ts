// The integration's timers in the running server: the worklist on its interval, and the outbox
// drain every few seconds. One round at a time each (a slow worklist server never stacks queries);
// stopped when the server closes. Tests call the rounds directly instead.
import type { SyncStore } from '../store/store';
import { deliverDue } from './delivery.service';
import { DEFAULT_WORKLIST_INTERVAL_MS } from './settings';
import { queryAllScanners } from './worklist.service';

export type IntegrationTimers = { stop(): void };

export function startIntegrationTimers(
  store: SyncStore,
  opts: { now: () => number; drainEveryMs?: number; log: (msg: string) => void },
): IntegrationTimers {
  let stopped = false;
  let lastWorklist = 0;
  let busy = false;
  const tick = async () => {
    if (busy || stopped) return;
    busy = true;
    try {
      const settings = await store.integrationSettings();
      const interval = settings.worklist?.intervalMs ?? DEFAULT_WORKLIST_INTERVAL_MS;
      if (interval > 0 && settings.worklist?.scanners.length && opts.now() - lastWorklist >= interval) {
        lastWorklist = opts.now();
        await queryAllScanners(store, opts.now);
      }
      await deliverDue(store, { now: opts.now });
    } catch (e) {
      // Outcomes are on the status screen; only the failure's words here, never a booking.
      opts.log(`integration round failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), opts.drainEveryMs ?? 5_000);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
