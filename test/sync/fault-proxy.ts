// A faulty network at the TCP/HTTP level: a real HTTP proxy on 127.0.0.1 in front of a real server
// process. Per request it passes, drops the request, drops the reply, delays (later requests
// overtake it; a client that gives up leaves it as a ghost that still arrives), duplicates, cuts
// the request body short or cuts the reply short, from a script and then seeded at random. A hook
// can run (e.g. SIGKILL the server) just before or just after a matching request is forwarded.
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { connect, type AddressInfo } from 'node:net';

export const PROXY_FAULTS = [
  'pass',
  'dropRequest',
  'dropResponse',
  'delay',
  'duplicate',
  'truncateRequest',
  'truncateResponse',
] as const;
export type ProxyFault = (typeof PROXY_FAULTS)[number];
export type ProxyHook = {
  when: 'beforeForward' | 'afterForward';
  match: (method: string, url: string) => boolean;
  action: (body: Buffer) => unknown;
};

type Upstream = { status: number; headers: IncomingHttpHeaders; body: Buffer };

/** Small seeded PRNG (mulberry32): the same seed gives the same faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'host',
  'upgrade',
  'proxy-connection',
]);
const endToEnd = (h: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(h).filter(([k, v]) => v !== undefined && !HOP_BY_HOP.has(k)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFaultProxy(options: {
  upstreamPort: number;
  seed: number;
  delayMs?: readonly [number, number];
  /** Like a reverse proxy's body limit (nginx client_max_body_size): larger requests get a bare 413. */
  maxBodyBytes?: number;
}) {
  const random = seededRandom(options.seed);
  const [minDelay, maxDelay] = options.delayMs ?? [50, 1200];
  let weights: Partial<Record<ProxyFault, number>> = { pass: 1 };
  let script: ProxyFault[] = [];
  let hook: ProxyHook | undefined;
  let inflight = 0;
  const stats = {
    requests: 0,
    faults: Object.fromEntries(PROXY_FAULTS.map((f) => [f, 0])) as Record<ProxyFault, number>,
    /** Fault counts for push requests only (the ones that can store something). */
    pushFaults: Object.fromEntries(PROXY_FAULTS.map((f) => [f, 0])) as Record<ProxyFault, number>,
    hooks: { beforeForward: 0, afterForward: 0 },
    /** The proxy could not reach the server (it was down or died mid-request): the client got a 502. */
    upstreamErrors: 0,
    /** What the server did with a cut-short request (how it was cut: its status code, or "closed" without a reply). */
    truncatedRequestOutcomes: {} as Record<string, number>,
    /** Requests that ran a hook: did the server still answer them ("answered") or not ("lost")? */
    hookOutcomes: { answered: 0, lost: 0 },
    /** Requests the server handled after their client had given up (delayed past its timeout, or duplicates of a dropped one). */
    ghostReplies: 0,
    /** Requests refused for their size (413) before reaching the server. */
    tooLarge: 0,
  };

  function pick(): ProxyFault {
    const scripted = script.shift();
    if (scripted) return scripted;
    const entries = PROXY_FAULTS.map((f) => [f, weights[f] ?? 0] as const);
    let r = random() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [f, w] of entries) if ((r -= w) < 0) return f;
    return 'pass';
  }

  function forward(req: IncomingMessage, body: Buffer, onSent?: () => void): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const up = httpRequest(
        {
          host: '127.0.0.1',
          port: options.upstreamPort,
          method: req.method,
          path: req.url,
          agent: false,
          headers: { ...endToEnd(req.headers), ...(body.length && { 'content-length': String(body.length) }) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      up.on('error', reject);
      up.end(body, onSent);
    });
  }

  /** Sends the request by hand, cut short: the body ends early (declared length kept, or declared
   *  short), or for a body-less request the header block itself ends half-way. */
  function sendTruncated(req: IncomingMessage, body: Buffer): Promise<[how: string, outcome: string]> {
    const head =
      `${req.method} ${req.url} HTTP/1.1\r\nhost: 127.0.0.1:${options.upstreamPort}\r\nconnection: close\r\n` +
      Object.entries(endToEnd(req.headers))
        .map(([k, v]) => `${k}: ${String(v)}\r\n`)
        .join('');
    const half = Math.floor(body.length / 2);
    const lie = random() < 0.5; // declare the full length but send half, or declare the half honestly
    const bytes = body.length
      ? Buffer.concat([
          Buffer.from(`${head}content-length: ${lie ? body.length : half}\r\n\r\n`),
          body.subarray(0, half),
        ])
      : Buffer.from(head.slice(0, Math.floor(head.length / 2)));
    return new Promise((resolve) => {
      let reply = '';
      let connected = false;
      const socket = connect(options.upstreamPort, '127.0.0.1', () => ((connected = true), socket.end(bytes)));
      socket.setTimeout(5000, () => socket.destroy());
      socket.on('data', (d: Buffer) => (reply += d.toString('latin1')));
      socket.on('error', () => undefined);
      const how = !body.length ? 'headers cut' : lie ? 'body cut' : 'short length';
      socket.on('close', () =>
        resolve([how, /^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? (connected ? 'closed' : 'server down')]),
      );
    });
  }

  function reply(res: ServerResponse, up: Upstream, cut = false) {
    if (res.destroyed || !res.socket || res.socket.destroyed) return void (stats.ghostReplies += 1); // the client gave up: a ghost request's reply goes nowhere
    res.writeHead(up.status, { ...endToEnd(up.headers), 'content-length': String(up.body.length) });
    if (!cut) return void res.end(up.body);
    res.write(up.body.subarray(0, Math.floor(up.body.length / 2)), () => res.destroy());
  }

  function badGateway(res: ServerResponse) {
    stats.upstreamErrors += 1;
    if (!res.destroyed)
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    stats.requests += 1;
    const isPush = req.method === 'POST' && req.url === '/api/sync/push';
    if (options.maxBodyBytes !== undefined && body.length > options.maxBodyBytes) {
      stats.tooLarge += 1;
      return void res.writeHead(413, { 'content-type': 'text/html' }).end('<html><body>413 Too Large</body></html>');
    }

    const h = hook?.match(req.method ?? '', req.url ?? '') ? hook : undefined;
    if (h) {
      hook = undefined;
      stats.hooks[h.when] += 1;
      if (h.when === 'beforeForward') await h.action(body);
      return forward(req, body, h.when === 'afterForward' ? () => void h.action(body) : undefined).then(
        (up) => ((stats.hookOutcomes.answered += 1), reply(res, up)),
        () => ((stats.hookOutcomes.lost += 1), badGateway(res)),
      );
    }

    const fault = pick();
    stats.faults[fault] += 1;
    if (isPush) stats.pushFaults[fault] += 1;
    if (fault === 'dropRequest') return void req.socket.destroy();
    if (fault === 'truncateRequest') {
      const key = (await sendTruncated(req, body)).join(': ');
      stats.truncatedRequestOutcomes[key] = (stats.truncatedRequestOutcomes[key] ?? 0) + 1;
      return void req.socket.destroy(); // the client's connection fails: its request never got through whole
    }
    if (fault === 'delay') await sleep(minDelay + random() * (maxDelay - minDelay));
    try {
      const [up] = await Promise.all(
        fault === 'duplicate' ? [forward(req, body), forward(req, body)] : [forward(req, body)],
      );
      if (fault === 'dropResponse') return void req.socket.destroy();
      reply(res, up!, fault === 'truncateResponse');
    } catch {
      if (fault === 'dropResponse') req.socket.destroy();
      else badGateway(res);
    }
  }

  const server = createServer((req, res) => {
    inflight += 1;
    handle(req, res)
      .catch(() => req.socket.destroy())
      .finally(() => (inflight -= 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    /** Faults drawn at random from now on, in proportion to these weights (pass-only heals the network). */
    setWeights(w: Partial<Record<ProxyFault, number>>) {
      weights = w;
    },
    /** These faults first, in order, for the next requests. */
    script(faults: readonly ProxyFault[]) {
      script = [...faults];
    },
    /** Runs `action` once, for the next request that matches. */
    arm(h: ProxyHook) {
      hook = h;
    },
    get armed() {
      return hook !== undefined;
    },
    /** Waits until every request (including delayed ghosts) has been dealt with. */
    async settled() {
      while (inflight > 0) await sleep(20);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FaultProxy = Awaited<ReturnType<typeof startFaultProxy>>;
