// The built app as the server sends it: the brotli/gzip copies made at build time, chosen by
// Accept-Encoding, with hashed assets cached for good and the service worker and shell never.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompress } from '../../src/server/precompress';
import { openHarness } from './harness';
import { STORES } from './stores';

const SCRIPT = `export const answer = ${JSON.stringify('x'.repeat(4000))};\n`;
let dist: string;

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'scancard-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><script type="module" src="/assets/app-Ab12Cd34.js"></script>',
  );
  writeFileSync(join(dist, 'sw.js'), `self.addEventListener('fetch', () => {}); // ${'y'.repeat(2000)}`);
  writeFileSync(join(dist, 'assets', 'app-Ab12Cd34.js'), SCRIPT);
  expect(precompress(dist).files).toBe(3);
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe.each(STORES)('static assets ($name)', (factory) => {
  const get = async (url: string, encoding?: string) => {
    const h = await openHarness(factory, { distDir: dist });
    try {
      return await h.app.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });
    } finally {
      await h.close();
    }
  };

  it('sends a hashed asset precompressed (brotli first, then gzip), cached as immutable', async () => {
    const br = await get('/assets/app-Ab12Cd34.js', 'gzip, deflate, br');
    expect([br.statusCode, br.headers['content-encoding']]).toEqual([200, 'br']);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(SCRIPT);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const gz = await get('/assets/app-Ab12Cd34.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(SCRIPT);
    const plain = await get('/assets/app-Ab12Cd34.js');
    expect([plain.headers['content-encoding'], plain.body]).toEqual([undefined, SCRIPT]);
  });

  it('never lets the service worker or the shell be HTTP-cached, compressed or not', async () => {
    for (const url of ['/sw.js', '/index.html'])
      for (const encoding of ['br', undefined]) {
        const res = await get(url, encoding);
        expect([url, encoding, res.statusCode, res.headers['cache-control']]).toEqual([url, encoding, 200, 'no-cache']);
      }
  });
});
