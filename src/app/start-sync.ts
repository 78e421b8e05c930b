// Starts sync with the department server that served this app (same origin).
import type { ScanCardDb } from '../db/db';
import { storedSops } from '../db/sops.repo';
import { DEFAULT_SCANNERS } from '../domain/scanners/scanner';
import { loadBuiltInSops } from '../sops/load-built-ins';
import { SignedOutError } from '../sync/not-enrolled';
import { createSyncController, type SyncController } from '../sync/sync-controller';
import { authorizedFetch, type DeviceIdentityClient } from '../auth/device-identity';
import { checkKeyring } from '../auth/keyring-check';
import type { Session } from '../auth/session';
import { siteConfig } from './site-config';

/**
 * The session's vault is the open data key (sync waits while nobody has signed in since start); its
 * server token lets sync read. Every round first asks which users' keys on this tablet still hold.
 */
export function startSync(db: ScanCardDb, session: Session, identity: DeviceIdentityClient): SyncController {
  const vault = () => session.vault();
  const baseUrl = location.origin;
  return createSyncController({
    db,
    baseUrl,
    identity,
    fetchImpl: authorizedFetch(identity, () => session.serverTokenReady()),
    checkAccounts: async () =>
      session.accountsEnded(await checkKeyring(db, baseUrl, authorizedFetch(identity), () => Date.now())),
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
        timerRules: siteConfig.current().timerRules,
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
