// The department server: serves the built PWA and (with the sync work) the sync API. Built as a
// function so tests start it on a random loopback port.
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export type ServerOptions = { distDir: string; logger?: boolean; https?: { key: Buffer; cert: Buffer } };

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

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, ...(options.https ? { https: options.https } : {}) });
  app.addHook('onSend', async (_req, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  app.get('/api/health', async () => ({ ok: true }));

  const dist = resolve(options.distDir);
  if (!existsSync(resolve(dist, 'index.html'))) throw new Error(`No built app in ${dist}: run "npm run build" first`);
  await app.register(fastifyStatic, {
    root: dist,
    // The service worker and its entry must never be cached by HTTP, or updates stall.
    setHeaders: (res, path) => {
      if (/(sw\.js|index\.html|manifest\.webmanifest)$/.test(path)) res.setHeader('cache-control', 'no-cache');
      else if (path.includes('/assets/')) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
    },
  });
  // Deep links (/run/…) load the single-page shell; unknown API routes stay 404.
  app.setNotFoundHandler((req, reply) => {
    if (req.method === 'GET' && !req.url.startsWith('/api/')) return reply.type('text/html').sendFile('index.html');
    return reply.code(404).send({ error: 'not found' });
  });
  return app;
}
