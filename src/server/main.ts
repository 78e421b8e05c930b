// Starts the ScanCard server: `npm start` (after a build). Settings come from the environment:
//   PORT (8787), HOST (127.0.0.1; 0.0.0.0 to serve tablets on the network)
//   SQLITE_FILE (var/scancard.sqlite) or DATABASE_URL (postgres://…) for PostgreSQL
//   SCANCARD_ADMIN_TOKEN enables the device admin API for scripts (enrolment codes, device list,
//   revocation); signed-in administrators on a tablet can do the same without it
//   TLS_KEY / TLS_CERT: paths; tablets need HTTPS to install the app unless a TLS proxy is in front
//   SCANCARD_TLS_PROXY=1: a TLS proxy is in front (HSTS is sent although this server speaks HTTP)
//   SCANCARD_LOG_FILE: write the request log to this file (0600) instead of stdout
//   SCANCARD_PUSH_EVENTS_PER_MINUTE, SCANCARD_PUSH_MB_PER_MINUTE: each tablet's push quota (20000, 32)
import { readFileSync } from 'node:fs';
import { buildServer } from './app';
import { announceFirstRun, processConsole } from './first-run';
import { privateLogStream } from './private-files';
import { DEFAULT_PUSH_QUOTA } from './push-quota';
import { openStoreFromEnv } from './store/open-store';

process.umask(0o077); // every file and folder the server creates (database, WAL, key, logs) is the server's own

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
  ...(process.env.SCANCARD_LOG_FILE && { logStream: privateLogStream(process.env.SCANCARD_LOG_FILE) }),
  behindTlsProxy: process.env.SCANCARD_TLS_PROXY === '1',
  integrationTimers: true,
  idleLockMs: Number(process.env.SCANCARD_IDLE_LOCK_SECONDS ?? 120) * 1000,
  pushQuota: {
    eventsPerMinute: Number(process.env.SCANCARD_PUSH_EVENTS_PER_MINUTE ?? DEFAULT_PUSH_QUOTA.eventsPerMinute),
    bytesPerMinute: Number(process.env.SCANCARD_PUSH_MB_PER_MINUTE ?? 32) * 1024 * 1024,
  },
  ...(process.env.SCANCARD_ADMIN_TOKEN ? { adminToken: process.env.SCANCARD_ADMIN_TOKEN } : {}),
  ...(https ? { https } : {}),
});
await app.listen({ port, host });

// Zero set-up: with no tablet enrolled yet, a first one-time code on the terminal (never in a log).
await announceFirstRun(store, processConsole, Date.now());

const shutdown = () =>
  void app
    .close()
    .then(() => store.close())
    .then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
