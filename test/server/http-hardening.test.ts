// Transport and headers over real sockets: one spelling of each path before routing (no-store and
// the protocol check cannot be dodged with `/%61pi/…`), dotfiles never served, HSTS over TLS, and
// slow or idle connections dropped by the server's timeouts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/domain/sync/protocol.version';
import { HSTS, normalizePath } from '../../src/server/http-hardening';
import { openHarness, PIN, type Harness } from './harness';
import { STORES } from './stores';

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function rawCall(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; tls?: boolean } = {},
): Promise<Raw> {
  const request = opts.tls ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers, rejectUnauthorized: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const portOf = (h: Harness) => (h.app.server.address() as { port: number }).port;

describe('path normalisation', () => {
  it('gives one spelling: escapes of unreserved characters decoded, dot segments and repeated slashes removed', () => {
    expect(normalizePath('/%61pi/sync/pull?after=0')).toBe('/api/sync/pull?after=0');
    expect(normalizePath('/%61%70%69/directory')).toBe('/api/directory');
    expect(normalizePath('//api//auth/./login')).toBe('/api/auth/login');
    expect(normalizePath('/app/%2e%2e/api/x')).toBe('/api/x');
    expect(normalizePath('/%2eenv')).toBe('/.env');
    // An encoded slash stays encoded: it never becomes a path separator.
    expect(normalizePath('/api%2Fsync')).toBe('/api%2Fsync');
    expect(normalizePath('/x?q=%61//b')).toBe('/x?q=%61//b');
  });
});

describe.each(STORES)('API answers whatever the path spelling, on $name', (factory) => {
  let h: Harness;
  afterEach(() => h.close());

  it('sends no-store on the sign-in answer that carries the data key, spelt /%61pi/…', async () => {
    h = await openHarness(factory);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const device = await h.enrol();
    const user = await h.addUser('technologist');
    for (const path of ['/api/auth/login', '/%61pi/auth/login', '/%61%70%69/auth/%6cogin', '//api/auth/login']) {
      const r = await rawCall(portOf(h), path, {
        method: 'POST',
        headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ username: user.username, secret: PIN }),
      });
      expect(r.status, path).toBe(200);
      expect(JSON.parse(r.body).dek, path).toEqual(expect.any(String));
      expect(r.headers['cache-control'], path).toBe('no-store');
    }
    const pull = await rawCall(portOf(h), '/%61pi/sync/pull', { headers: { authorization: `Bearer ${device.token}` } });
    expect(pull.headers['cache-control']).toBe('no-store');
  });

  it('applies the protocol check to every spelling of an API path', async () => {
    h = await openHarness(factory);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const { token } = await h.enrol();
    const newer = { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION + 1) };
    for (const path of ['/api/sync/pull', '/%61pi/sync/pull', '/api/sync/%70ull'])
      expect((await rawCall(portOf(h), path, { headers: newer })).status, path).toBe(426);
  });
});

describe('the app folder and TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scancard-dist-'));
  beforeAll(() => {
    mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'index.html'), '<!doctype html><title>ScanCard</title>');
    writeFileSync(join(dir, 'dist', 'assets', 'app-1234.js'), 'console.log(1)');
    writeFileSync(join(dir, 'dist', '.env'), 'SECRET=dotfile-secret-value');
    mkdirSync(join(dir, 'dist', '.git'));
    writeFileSync(join(dir, 'dist', '.git', 'config'), 'dotfile-secret-value');
    writeFileSync(join(dir, 'dist', 'assets', '.hidden'), 'dotfile-secret-value');
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
        ...['-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let h: Harness;
  afterEach(() => h.close());

  it('never serves a dotfile, however the path is spelt, and still serves the app', async () => {
    h = await openHarness(STORES[0]!, { distDir: join(dir, 'dist') });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    for (const path of ['/.env', '/%2eenv', '/.git/config', '/assets/.hidden', '/assets/%2Ehidden', '/x/../.env']) {
      const r = await rawCall(portOf(h), path);
      expect(r.body, path).not.toContain('dotfile-secret-value');
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.headers['cache-control'], path).toBe('no-store');
    }
    const asset = await rawCall(portOf(h), '/assets/app-1234.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).not.toBe('no-store');
    expect((await rawCall(portOf(h), '/run/123')).body).toContain('<title>ScanCard</title>');
  });

  it('sends HSTS over TLS (or behind a TLS proxy), and not over plain HTTP', async () => {
    const https = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
    h = await openHarness(STORES[0]!, { https });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const tls = await rawCall(portOf(h), '/api/health', { tls: true });
    expect(tls.status).toBe(200);
    expect(tls.headers['strict-transport-security']).toBe(HSTS);
    await h.close();

    h = await openHarness(STORES[0]!);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    expect((await rawCall(portOf(h), '/api/health')).headers['strict-transport-security']).toBeUndefined();
    await h.close();

    h = await openHarness(STORES[0]!, { behindTlsProxy: true });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    expect((await rawCall(portOf(h), '/api/health')).headers['strict-transport-security']).toBe(HSTS);
  });
});

describe('connection timeouts', () => {
  let h: Harness;
  afterEach(() => h.close());

  /** Resolves with how the server ended a connection that `feed` keeps busy, or 'open' after `waitMs`. */
  function hold(port: number, feed: (write: (s: string) => void) => void, waitMs: number) {
    return new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      const timer = setTimeout(() => {
        socket.destroy();
        resolve('open');
      }, waitMs);
      socket.on('data', (d) => (answer += String(d)));
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(answer.split('\r\n')[0] || 'closed');
      });
      socket.on('connect', () => feed((s) => socket.write(s)));
    });
  }

  it('drops half-open, slow-header and idle keep-alive connections', async () => {
    const timeouts = { headersMs: 300, requestMs: 600, keepAliveMs: 300, idleMs: 400 };
    h = await openHarness(STORES[0]!, { timeouts });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const port = portOf(h);
    // Connects and says nothing.
    expect(await hold(port, () => undefined, 5000)).not.toBe('open');
    // Headers a byte at a time, never finished (slow-loris): refused once the header time is up.
    const slow = hold(
      port,
      (write) => {
        write('GET /api/health HTTP/1.1\r\nHost: x\r\n');
        const drip = setInterval(() => write('X'), 100);
        setTimeout(() => clearInterval(drip), 4000);
      },
      5000,
    );
    expect(await slow).toMatch(/^(HTTP\/1.1 408|closed)/);
    // A finished request on a keep-alive connection, then silence: closed after the keep-alive time.
    expect(await hold(port, (write) => write('GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n'), 5000)).toMatch(
      /^HTTP\/1.1 200/,
    );
  });
});
