import { describe, expect, it } from 'vitest';
import { canonicalTimeZone } from './site-time-zone';

describe('site time zone', () => {
  it('gives the canonical IANA spelling of a zone Intl knows', () => {
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
    expect(canonicalTimeZone('utc')).toBe('UTC');
  });

  it('refuses anything that is not a zone name', () => {
    for (const raw of ['Mars/Olympus', '+01:00', '', ' Europe/Berlin', 'Europe/Berlin ', 42, null, undefined])
      expect({ raw, zone: canonicalTimeZone(raw) }).toEqual({ raw, zone: undefined });
  });
});
