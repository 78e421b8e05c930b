// Idle-time re-reads (db/idle-watch.ts) on a real (fake-indexeddb) database: a change to a watched
// table is read again, changes coalesce, other tables and a stopped watch read nothing.
import { waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ScanCardDb } from '../../src/db/db';
import { watchAtIdle } from '../../src/db/idle-watch';

const scanner = (id: string) => ({ scannerId: id, updatedAt: 1 }) as never;

/** The first read done and nothing more coming: start counting from here. */
async function settled(seen: number[]) {
  await waitFor(() => expect(seen.at(-1)).toBe(0));
  await new Promise((r) => setTimeout(r, 300));
  seen.length = 0;
}

describe('watchAtIdle', () => {
  it('reads at once, then again after a change to a watched table, not for another table', async () => {
    const db = new ScanCardDb(`idle-${crypto.randomUUID()}`);
    const seen: number[] = [];
    const stop = watchAtIdle(
      db,
      ['scanners'],
      () => db.scanners.count(),
      (n) => seen.push(n),
    );
    await settled(seen); // opening a new database signals every table once
    await db.meta.put({ key: 'other', value: 1 } as never); // not watched
    await db.scanners.bulkPut([scanner('ct-1'), scanner('ct-2')]); // one write, one read
    await waitFor(() => expect(seen.at(-1)).toBe(2));
    expect(seen).toEqual([2]);
    stop();
    await db.scanners.put(scanner('mr-1'));
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual([2]);
  });

  it('coalesces a burst of writes into few reads, the last one up to date', async () => {
    const db = new ScanCardDb(`idle-${crypto.randomUUID()}`);
    const seen: number[] = [];
    const stop = watchAtIdle(
      db,
      ['scanners'],
      () => db.scanners.count(),
      (n) => seen.push(n),
    );
    await settled(seen);
    for (let i = 0; i < 10; i++) await db.scanners.put(scanner(`s-${i}`));
    await waitFor(() => expect(seen.at(-1)).toBe(10));
    expect(seen.length).toBeLessThan(11);
    stop();
  });
});
