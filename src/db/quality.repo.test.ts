// The tablet reads quality events by their streams, not by scanning every event: every quality type
// the registry knows must live in one of those streams, or its records would silently be missed.
import { describe, expect, it } from 'vitest';
import { eventTypes } from '../domain/events/registry';
import { QUALITY_STREAM_PREFIXES, QUALITY_TYPE_NAMES } from './quality.repo';

describe('quality event streams', () => {
  it("every quality type's stream starts with one of the prefixes the tablet reads", () => {
    const payload = { scannerId: 'ct-1', reportId: 'r-1', resultId: 'q-1', runId: 'x' };
    const types = eventTypes().filter((e) => QUALITY_TYPE_NAMES.has(e.type));
    expect(types.map((e) => e.type).sort()).toEqual([...QUALITY_TYPE_NAMES].sort());
    for (const e of types) {
      expect(e.stream.kind, e.type).toBe('derived');
      if (e.stream.kind !== 'derived') continue;
      const id = e.stream.streamId(payload as never, 'device-1');
      expect(
        QUALITY_STREAM_PREFIXES.some((p) => id.startsWith(p)),
        `${e.type}: ${id}`,
      ).toBe(true);
    }
  });
});
