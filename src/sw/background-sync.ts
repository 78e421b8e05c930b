// Background Sync (Chromium only): when a sync failed for lack of network, the page registers the
// "scancard-sync" tag and the browser wakes this worker once the network is back, even if the app
// was closed. The outbox in IndexedDB is what guarantees delivery; this only makes it sooner.
import { openDb } from '../db/db';
import { storedSops } from '../db/sops.repo';
import { DEFAULT_SCANNERS } from '../domain/scanners/scanner';
import { DEFAULT_TIMER_RULES } from '../domain/timers/timers';
import { BUILT_IN_SOPS } from '../sops/library';
import { syncOnce } from '../sync/sync-engine';
import { httpTransport } from '../sync/transport';

export const SYNC_TAG = 'scancard-sync';

export async function backgroundSync(origin: string): Promise<void> {
  const db = openDb('clinical');
  try {
    const all = [...BUILT_IN_SOPS, ...(await storedSops(db)).map((r) => r.definition)];
    await syncOnce(db, httpTransport(origin), {
      sops: (id, v) => all.find((s) => s.id === id && s.version === v),
      isBuiltIn: (id, v) => BUILT_IN_SOPS.some((s) => s.id === id && s.version === v),
      scanners: DEFAULT_SCANNERS,
      timerRules: DEFAULT_TIMER_RULES,
      now: () => Date.now(),
    });
  } finally {
    db.close();
  }
}
