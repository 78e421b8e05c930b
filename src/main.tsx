// Boot: language, audio unlock, sync and sign-in, render. The service worker registers through
// UpdatePrompt.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthGate } from './app/AuthGate';
import { initI18n } from './app/i18n';
import { siteConfig } from './app/site-config';
import { UpdatePrompt } from './app/UpdatePrompt';
import { authApi } from './auth/auth-api';
import { checkKeyring } from './auth/keyring-check';
import { authorizedFetch, createDeviceIdentity } from './auth/device-identity';
import { createSession } from './auth/session';
import { openDb } from './db/db';
import { sealLegacyRecords } from './db/run-codec';
import type { SyncController } from './sync/sync-controller';
import { unlockAudioOnFirstTap } from './ui/alarm-sound';
import './ui/styles.css';

unlockAudioOnFirstTap();
await initI18n();
const db = openDb('clinical');
// The device key proves this tablet; no bearer secret is stored (src/auth/device-identity.ts).
const identity = createDeviceIdentity({ db, baseUrl: location.origin, now: () => Date.now() });
const api = authApi(location.origin, authorizedFetch(identity));
const session = createSession({ db, api, now: () => Date.now() });
await session.restore(); // a reload or a crash returns to the same user's lock screen
// The sync engine (protocol schemas, zod) starts at the first sign-in or enrolment, off the start-up path.
let syncing: Promise<SyncController> | undefined;
const loadSync = () => (syncing ??= import('./app/start-sync').then((m) => m.startSync(db, session, identity)));
// Account changes still reach a tablet that waits on its lock screen (each sync round checks too).
void checkKeyring(db, location.origin, authorizedFetch(identity), () => Date.now()).then(
  (ended) => session.accountsEnded(ended),
  () => undefined,
);
// The network is back: renew a server session an offline sign-in could not get (session.tick retries too).
window.addEventListener('online', () => void session.renewServerSession());
// The site's idle-lock time and timer standards: from the server when reachable, remembered for offline starts.
const savedIdle = siteConfig.current().idleLockMs;
if (savedIdle) session.setIdleMs(savedIdle);
let keyOpen = Boolean(session.vault());
session.subscribe(() => {
  const opened = !keyOpen && Boolean(session.vault());
  keyOpen = Boolean(session.vault());
  if (opened) {
    // The key just opened: seal anything stored before sealing existed, catch up, fetch site settings.
    void sealLegacyRecords(db, session.vault()!).catch(() => undefined);
    void loadSync().then((sync) => sync.syncNow());
    void api.config().then(
      (c) => {
        const applied = siteConfig.apply(c);
        if (applied.idleLockMs) session.setIdleMs(applied.idleLockMs);
      },
      () => undefined,
    );
  }
});
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthGate db={db} session={session} api={api} loadSync={loadSync} updatePrompt={<UpdatePrompt />} />
  </StrictMode>,
);
