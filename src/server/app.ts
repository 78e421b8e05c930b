// The department server: the sync API and, when a build is given, the installable PWA itself.
// Built as a function so tests start it on a random loopback port with a store of their choice.
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type RouteOptions } from 'fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_PUSH_BYTES } from '../domain/sync/protocol.schema';
import { hashToken } from './auth';
import { builtInSops } from './built-ins';
import { HttpError } from './http-errors';
import {
  DEFAULT_TIMEOUTS,
  hardenedServerOptions,
  hasDotSegment,
  isApiPath,
  securityHeaders,
  type Timeouts,
} from './http-hardening';
import { limitedJsonParser } from './json-limits';
import { rebuildProjections } from './projections/rebuild';
import { DEFAULT_PUSH_QUOTA, type PushQuota } from './push-quota';
import { DEFAULT_PROTOCOL, protocolCheck, type ProtocolOptions } from './protocol-check';
import { qualityRoutes } from './quality/quality.routes';
import { trainingRoutes } from './training/training.routes';
import { authRoutes } from './routes/auth.routes';
import { deviceSessionRoutes } from './routes/device-session.routes';
import { deviceRoutes } from './routes/devices.routes';
import { kpiRoutes } from './routes/kpi.routes';
import { reportRoutes } from './routes/reports.routes';
import { sopDraftRoutes } from './routes/sop-drafts.routes';
import { sopLibraryFileRoutes } from './routes/sop-library-file.routes';
import { sopRoutes } from './routes/sops.routes';
import { syncRoutes } from './routes/sync.routes';
import { totpRoutes } from './routes/totp.routes';
import { userRoutes } from './routes/users.routes';
import { identityMismatchRoutes } from './routes/identity-mismatch.routes';
import { integrationRoutes } from './routes/integration.routes';
import { siteSettingsRoutes } from './routes/site-settings.routes';
import { worklistRoutes } from './routes/worklist.routes';
import { startIntegrationTimers } from './integration/background';
import type { SyncStore } from './store/store';

export type ServerOptions = {
  readonly store: SyncStore;
  /** Serve the built PWA from here (omit for an API-only server in tests). */
  readonly distDir?: string;
  readonly adminToken?: string;
  readonly now?: () => number;
  readonly logger?: boolean;
  /** Where log lines go when logging (stdout by default); tests read them. */
  readonly logStream?: NodeJS.WritableStream;
  readonly https?: { key: Buffer; cert: Buffer };
  /** Tablets lock after this much idle time (site setting; default 2 minutes). */
  readonly idleLockMs?: number;
  /** Requests per minute per device token (or per address without one). */
  readonly rateLimitPerMinute?: number;
  /** Push volume per tablet per minute (site setting; defaults far above a busy tablet's). */
  readonly pushQuota?: PushQuota;
  /** Sign-in (and first-admin) attempts per minute per device, on top of the per-user lock-out. */
  readonly loginRateLimitPerMinute?: number;
  /** A tablet refuses offline sign-in after this long without reaching the server (site setting; default 12 h). */
  readonly maxOfflineMs?: number;
  /** The sync protocol this server speaks (tests pretend to be an older or newer server). */
  readonly protocol?: ProtocolOptions;
  /** Tablets reach this server through a TLS proxy: send HSTS although this server speaks HTTP. */
  readonly behindTlsProxy?: boolean;
  readonly timeouts?: Timeouts;
  /** The request body limit (tests make it small to see tablets split their batches). */
  readonly bodyLimitBytes?: number;
  /** Sees every route as it is registered (the access test checks each against its written-out table). */
  readonly onRoute?: (route: RouteOptions) => void;
  /** The department's time zone (QC due windows, printed times); the server's own by default. */
  readonly timeZone?: string;
  /** Run the hospital link's worklist schedule and outbox drain in the background (the real server). */
  readonly integrationTimers?: boolean;
};

export const MAX_BODY_BYTES = MAX_PUSH_BYTES;
export const DEFAULT_MAX_OFFLINE_MS = 12 * 3600_000;

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const now = options.now ?? (() => Date.now());
  const bodyLimit = options.bodyLimitBytes ?? MAX_BODY_BYTES;
  const app = Fastify({
    // Request logs hold method, URL, status and timing; never bodies. Credentials are redacted should
    // headers ever be logged (a serializer change, a debug level).
    logger: options.logger
      ? {
          level: 'info',
          redact: {
            paths: ['req.headers.authorization', 'req.headers["x-user-token"]', 'req.headers.cookie'],
            censor: '[redacted]',
          },
          ...(options.logStream && { stream: options.logStream }),
        }
      : false,
    bodyLimit,
    ...hardenedServerOptions(options.timeouts ?? DEFAULT_TIMEOUTS, options.https),
  });
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  const builtIns = builtInSops();
  // Start-up: project runs that have no projection yet, or one an older engine wrote.
  const caughtUp = await rebuildProjections(options.store, builtIns, { all: false, now });
  if (caughtUp.runs)
    app.log.info({ runs: caughtUp.runs, problems: caughtUp.problems.length }, 'run projections brought up to date');

  securityHeaders(app, { hsts: Boolean(options.https) || options.behindTlsProxy === true });
  app.setErrorHandler((error: FastifyError | HttpError, req, reply) => {
    if (error instanceof HttpError) {
      if (typeof error.extra?.retryAfterMs === 'number')
        reply.header('retry-after', String(Math.ceil(error.extra.retryAfterMs / 1000)));
      return reply
        .code(error.status)
        .send({ error: error.message, ...(error.details && { details: error.details }), ...error.extra });
    }
    const status = error.statusCode ?? 500;
    if (status === 413)
      return reply.code(413).send({
        error: `request body too large (limit ${bodyLimit} bytes): send smaller batches`,
        limitBytes: bodyLimit,
      });
    if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
    req.log.error({ err: { message: error.message, code: error.code } }, 'request failed'); // never the body
    return reply.code(500).send({ error: 'internal error' });
  });

  limitedJsonParser(app);
  protocolCheck(app, options.protocol ?? DEFAULT_PROTOCOL);
  await app.register(fastifyRateLimit, {
    max: options.rateLimitPerMinute ?? 1200,
    timeWindow: '1 minute',
    keyGenerator: (req) => {
      const auth = req.headers.authorization;
      return auth?.startsWith('Bearer ') ? hashToken(auth.slice(7)) : req.ip;
    },
    // An HttpError, so the error handler sends {error} (a plain object would lose its message there).
    errorResponseBuilder: (_req, ctx) =>
      new HttpError(429, `too many requests: retry in ${Math.ceil(ctx.ttl / 1000)} s`),
  });

  app.get('/api/health', { config: { rateLimit: false } }, async () => ({ ok: true, store: options.store.kind }));
  const maxOfflineMs = options.maxOfflineMs ?? DEFAULT_MAX_OFFLINE_MS;
  deviceRoutes(app, { store: options.store, adminToken: options.adminToken, now });
  deviceSessionRoutes(app, { store: options.store, now, maxOfflineMs });
  syncRoutes(app, {
    store: options.store,
    pushQuota: options.pushQuota ?? DEFAULT_PUSH_QUOTA,
    builtIns,
    now,
    idleLockMs: options.idleLockMs ?? 120_000,
    maxOfflineMs,
    adminToken: options.adminToken,
  });
  authRoutes(app, { store: options.store, now, loginPerMinute: options.loginRateLimitPerMinute ?? 20 });
  userRoutes(app, { store: options.store, now });
  totpRoutes(app, { store: options.store, now });
  siteSettingsRoutes(app, { store: options.store, now, idleLockMs: options.idleLockMs ?? 120_000 });
  reportRoutes(app, { store: options.store, now });
  sopRoutes(app, { store: options.store, now, builtIns });
  sopDraftRoutes(app, { store: options.store, now, builtIns });
  sopLibraryFileRoutes(app, { store: options.store, now, builtIns });
  qualityRoutes(app, { store: options.store, now, ...(options.timeZone && { timeZone: options.timeZone }) });
  trainingRoutes(app, { store: options.store, now, builtIns, ...(options.timeZone && { timeZone: options.timeZone }) });
  kpiRoutes(app, { store: options.store, now, ...(options.timeZone && { timeZone: options.timeZone }) });
  integrationRoutes(app, { store: options.store, now, builtIns, adminToken: options.adminToken });
  worklistRoutes(app, { store: options.store, now, adminToken: options.adminToken });
  identityMismatchRoutes(app, { store: options.store, now });
  if (options.integrationTimers) {
    const timers = startIntegrationTimers(options.store, { now, log: (m) => app.log.warn(m) });
    app.addHook('onClose', async () => timers.stop());
  }

  if (options.distDir) await serveApp(app, options.distDir);
  else app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: 'not found' }));
  return app;
}

async function serveApp(app: FastifyInstance, distDir: string) {
  const dist = resolve(distDir);
  if (!existsSync(resolve(dist, 'index.html'))) throw new Error(`No built app in ${dist}: run "npm run build" first`);
  await app.register(fastifyStatic, {
    root: dist,
    dotfiles: 'deny', // .env, .git and the like beside a build are never served
    // The .br/.gz copies made at build time (src/server/precompress.ts), chosen by Accept-Encoding.
    preCompressed: true,
    cacheControl: false, // set below, per file (otherwise send's "max-age=0" replaces it)
    // The service worker and the page that registers it must never be HTTP-cached, or updates stall;
    // hashed assets never change under their name.
    setHeaders: (res, path) => {
      if (/(sw\.js|index\.html|manifest\.webmanifest)(\.br|\.gz)?$/.test(path))
        res.setHeader('cache-control', 'no-cache');
      else if (path.includes('/assets/')) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  // Deep links (/run/…) load the single-page shell; unknown API routes stay 404.
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !isApiPath(req.url) && !hasDotSegment(req.url))
      return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send({ error: 'not found' });
  });
}
