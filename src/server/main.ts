// Starts the ScanCard server: `npm start` (after a build). Settings come from the environment:
//   PORT (8787), HOST (127.0.0.1; 0.0.0.0 to serve tablets on the network)
//   SQLITE_FILE (var/scancard.sqlite) or DATABASE_URL (postgres://…) for PostgreSQL
//   SCANCARD_ADMIN_TOKEN enables the device admin API for scripts (enrolment codes, device list,
//   revocation); signed-in administrators on a tablet can do the same without it
//   TLS_KEY / TLS_CERT: paths; tablets need HTTPS to install the app unless a TLS proxy is in front
import { readFileSync } from 'node:fs';
import { buildServer } from './app';
import { issueEnrollmentCode } from './auth';
import { openStoreFromEnv } from './store/open-store';

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? '127.0.0.1';
const https =
  process.env.TLS_KEY && process.env.TLS_CERT
    ? { key: readFileSync(process.env.TLS_KEY), cert: readFileSync(process.env.TLS_CERT) }
    : undefined;

const store = await openStoreFromEnv();
const app = await buildServer({
  store,
  distDir: process.env.DIST_DIR ?? 'dist',
  logger: true,
  integrationTimers: true,
  idleLockMs: Number(process.env.SCANCARD_IDLE_LOCK_SECONDS ?? 120) * 1000,
  ...(process.env.SCANCARD_ADMIN_TOKEN ? { adminToken: process.env.SCANCARD_ADMIN_TOKEN } : {}),
  ...(https ? { https } : {}),
});
await app.listen({ port, host });

// Zero set-up: with no tablet enrolled yet, hand out a first one-time code on the console.
if ((await store.listDevices()).length === 0 && (await store.activeEnrollmentCodes(Date.now())) === 0) {
  const code = await issueEnrollmentCode(store, 'first tablet', Date.now());
  console.warn(
    `\n  No tablet is enrolled yet. One-time enrolment code (valid 24 h): ${code}\n  Enter it in ScanCard → Settings → Department server.\n`,
  );
}
if ((await store.userCount()) === 0) {
  console.warn(
    '  No user exists yet. After enrolling a tablet, create the first administrator on it (POST /api/setup/first-admin),\n' +
      '  or here: SCANCARD_NEW_SECRET=<PIN or password> npm run server -- create-user <username> admin "<Display Name>"\n',
  );
}

const shutdown = () =>
  void app
    .close()
    .then(() => store.close())
    .then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
