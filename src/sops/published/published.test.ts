// A published card version never changes: a run pinned to it may be replayed years later. Every
// built-in version's content is pinned here by hash. A mismatch means someone edited a published
// version: put the old content back (published/<id>.v<n>.json) and make the change a new version.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_SOPS } from '../library';
import pinned from './versions.json';

const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v)
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v);
const hashOf = (sop: unknown) => createHash('sha256').update(canonical(sop)).digest('hex');
const hashes: Record<string, string> = pinned.versions;

describe('published built-in card versions', () => {
  it.each(BUILT_IN_SOPS.map((s) => [`${s.id}@${s.version}`, s] as const))('%s is exactly as published', (key, sop) => {
    expect(hashes[key], `${key} is not in versions.json: add "${key}": "${hashOf(sop)}" when you publish it`).toBe(
      hashOf(sop),
    );
  });

  it('no published version has gone missing from the library', () => {
    const present = new Set(BUILT_IN_SOPS.map((s) => `${s.id}@${s.version}`));
    expect(Object.keys(hashes).filter((k) => !present.has(k))).toEqual([]);
  });
});
