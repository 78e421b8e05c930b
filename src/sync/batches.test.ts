import { describe, expect, it } from 'vitest';
import { ENVELOPE_BYTES, jsonBytes, takeBatch, utf8Length, type Sized } from './batches';

const item = (bytes: number, sop?: string): Sized<number> => ({
  item: bytes,
  bytes,
  ...(sop && { sop: { key: sop, bytes: 1000 } }),
});

describe('push batches', () => {
  it('measures UTF-8 exactly, as the server counts the body', () => {
    for (const s of ['plain', 'Zoë', '张伟', '🩻 scan', '\ud800 lone'])
      expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
    expect(jsonBytes({ name: '张伟' })).toBe(Buffer.byteLength(JSON.stringify({ name: '张伟' })));
  });

  it('fills a batch up to the count or the byte budget, whichever comes first', () => {
    const items = Array.from({ length: 10 }, () => item(100));
    expect(takeBatch(items, 0, { maxEvents: 4, maxBytes: 1e6 }).batch).toHaveLength(4);
    const budget = ENVELOPE_BYTES + 3 * 101;
    expect(takeBatch(items, 2, { maxEvents: 100, maxBytes: budget }).batch.map((s) => s.bytes)).toEqual([
      100, 100, 100,
    ]);
  });

  it('counts an SOP definition once per batch, with the first event that pins it', () => {
    const items = [item(100, 'card@1'), item(100, 'card@1'), item(100, 'card@1')];
    const budget = ENVELOPE_BYTES + 3 * 101 + 1001;
    expect(takeBatch(items, 0, { maxEvents: 100, maxBytes: budget }).batch).toHaveLength(3);
    expect(takeBatch(items, 0, { maxEvents: 100, maxBytes: budget - 1 }).batch).toHaveLength(2);
  });

  it('says when an event does not fit even alone', () => {
    expect(takeBatch([item(5000)], 0, { maxEvents: 10, maxBytes: 4000 })).toEqual({ batch: [], tooLarge: true });
  });
});
