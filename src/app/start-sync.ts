// Starts sync with the department server that served this app (same origin).
import type { ScanCardDb } from '../db/db';
import { storedSops } from '../db/sops.repo';
import { DEFAULT_SCANNERS } from '../domain/scanners/scanner';
import { DEFAULT_TIMER_RULES } from '../domain/timers/timers';
import { loadBuiltInSops } from '../sops/load-built-ins';
import type { Vault } from '../db/crypto/vault';
import { SignedOutError } from '../sync/not-enrolled';
import { createSyncController, type SyncController } from '../sync/sync-controller';

/** `vault`: the open data key, or undefined while nobody has signed in (sync then waits). */
export function startSync(db: ScanCardDb, vault: () => Vault | undefined): SyncController {
  return createSyncController({
    db,
    baseUrl: location.origin,
    context: async () => {
      const open = vault();
      if (!open) throw new SignedOutError();
      const builtIns = await loadBuiltInSops();
      const all = [...builtIns, ...(await storedSops(db)).map((r) => r.definition)];
      const find = (id: string, v: number) => all.find((s) => s.id === id && s.version === v);
      return {
        vault: open,
        sops: find,
        isBuiltIn: (id, v) => builtIns.some((s) => s.id === id && s.version === v),
        scanners: DEFAULT_SCANNERS,
        timerRules: DEFAULT_TIMER_RULES,
      };
    },
    requestBackgroundSync: () =>
      void navigator.serviceWorker?.ready
        .then((reg) =>
          (reg as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register(
            'scancard-sync',
          ),
        )
        .catch(() => undefined),
  });
}
