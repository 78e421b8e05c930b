// Starts the ScanCard server: `npm start` (after a build). Settings come from the environment:
// PORT (8787), HOST (127.0.0.1; 0.0.0.0 to serve tablets on the network), TLS_KEY/TLS_CERT
// (paths; tablets need HTTPS to install the app, unless a TLS proxy sits in front).
import { readFileSync } from 'node:fs';
import { buildServer } from './app';

const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? '127.0.0.1';
const https =
  process.env.TLS_KEY && process.env.TLS_CERT
    ? { key: readFileSync(process.env.TLS_KEY), cert: readFileSync(process.env.TLS_CERT) }
    : undefined;

const app = await buildServer({ distDir: process.env.DIST_DIR ?? 'dist', logger: true, ...(https ? { https } : {}) });
await app.listen({ port, host });
const shutdown = () => void app.close().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
