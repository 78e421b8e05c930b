// What every answer and connection gets, whatever the route: one spelling of each path before
// routing (so `/%61pi/…` cannot dodge a rule keyed on `/api/`), no-store unless a static file set its
// own caching, security headers, HSTS over TLS, and timeouts that drop slow or idle connections.
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'cross-origin-opener-policy': 'same-origin',
  // Cross-origin isolation: nothing here is third-party, and it gives the benchmarks precise timers.
  'cross-origin-embedder-policy': 'require-corp',
};
/** Two years, the preload list's minimum; subdomains too (the department's host serves nothing else in clear). */
export const HSTS = 'max-age=63072000; includeSubDomains';

export type Timeouts = {
  /** All request headers must arrive within this (slow-loris). */
  readonly headersMs: number;
  /** The whole request, body included. */
  readonly requestMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveMs: number;
  /** A socket with no traffic at all is closed after this (half-open connections). */
  readonly idleMs: number;
};
export const DEFAULT_TIMEOUTS: Timeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000, idleMs: 20_000 };

const UNRESERVED = /%(2[DdEe]|3[0-9]|[46][1-9A-Fa-f]|[57][0-9Aa]|5[Ff]|7[Ee])/g;

/**
 * The one spelling of a request path: dot segments resolved (`%2e` too), escapes of unreserved
 * characters decoded (RFC 3986 §6.2.2.2), repeated slashes collapsed. Other escapes (`%2F`) stay as
 * they are, so a path never gains a segment it did not have. The query string is left untouched.
 */
export function normalizePath(rawUrl: string): string {
  const q = rawUrl.indexOf('?');
  // Slashes first: "//api/x" must not parse as a host named "api".
  const path = (q < 0 ? rawUrl : rawUrl.slice(0, q)).replace(/\/{2,}/g, '/');
  const query = q < 0 ? '' : rawUrl.slice(q);
  let pathname: string;
  try {
    pathname = new URL(path.startsWith('/') ? path : `/${path}`, 'http://h').pathname;
  } catch {
    return rawUrl; // not a URL path at all: the router answers 404
  }
  const decoded = pathname.replace(UNRESERVED, (e) => String.fromCharCode(parseInt(e.slice(1), 16)));
  return decoded + query;
}

export const isApiPath = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

/** Fastify options: the path rewrite and a server made with the timeouts (Node checks them every second). */
export function hardenedServerOptions(
  timeouts: Timeouts,
  https?: { key: Buffer; cert: Buffer },
): Pick<FastifyServerOptions, 'rewriteUrl' | 'serverFactory' | 'connectionTimeout' | 'keepAliveTimeout'> {
  const serverOptions = {
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionsCheckingInterval: Math.min(1000, timeouts.headersMs),
  };
  return {
    rewriteUrl: (req) => normalizePath(req.url ?? '/'),
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
      const server = https
        ? createHttpsServer({ ...serverOptions, key: https.key, cert: https.cert }, handler)
        : createHttpServer(serverOptions, handler);
      server.setTimeout(timeouts.idleMs, (socket) => socket.destroy());
      return server;
    },
  };
}

/** Headers on every answer; `hsts` when the tablets reach this server over TLS (here or at a proxy). */
export function securityHeaders(app: FastifyInstance, { hsts }: { hsts: boolean }) {
  app.addHook('onSend', async (req, reply) => {
    reply.headers(SECURITY_HEADERS);
    if (hsts) reply.header('strict-transport-security', HSTS);
    // API answers carry tokens, the data key and patient data: no browser or proxy may keep them.
    // Anything else is no-store too unless the static files set their own caching.
    if (isApiPath(req.url) || !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
}

/** A path with a segment starting with "." (`.env`, `.git/`): never a file of the app. */
export const hasDotSegment = (url: string) => /(^|\/)\.[^/]/.test(url.split('?')[0] ?? '');
