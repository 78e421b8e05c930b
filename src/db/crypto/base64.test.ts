// The table-driven base64 against the platform's own (btoa/atob), on every length that pads differently.
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from './base64';

const platform = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

describe('base64', () => {
  it('encodes and decodes exactly as btoa/atob, for every remainder and all byte values', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (let n = 0; n <= 40; n++) {
      const bytes = globalThis.crypto.getRandomValues(new Uint8Array(n));
      expect(toBase64(bytes)).toBe(platform(bytes));
      expect(fromBase64(platform(bytes))).toEqual(bytes);
    }
    expect(toBase64(all)).toBe(platform(all));
    expect(fromBase64(platform(all))).toEqual(all);
  });

  it('handles records larger than one internal chunk', () => {
    const big = new Uint8Array(100_000).map((_, i) => (i * 7919) & 255);
    const text = toBase64(big);
    expect(text).toBe(Buffer.from(big).toString('base64'));
    expect(Buffer.from(fromBase64(text)).equals(big)).toBe(true);
  });

  it('refuses text that is not base64 instead of decoding it wrongly', () => {
    expect(() => fromBase64('ab$d')).toThrow('not base64');
    expect(() => fromBase64('abcde')).toThrow('not base64');
    expect(() => fromBase64('ab===')).toThrow('not base64');
  });
});
