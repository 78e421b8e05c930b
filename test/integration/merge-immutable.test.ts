// Pulled events are immutable, so the merge does not read them twice: two merges of the same page that
// overlap both succeed and store each event once, and this tablet's own events coming back are
// recognised by one count over their sequence range (and still stored if the log lacks one).
import { describe, expect, it } from 'vitest';
import { importDek } from '../../src/db/crypto/keys';
import { createVault } from '../../src/db/crypto/vault';
import { ScanCardDb, type StoredEvent } from '../../src/db/db';
import { deviceMeta } from '../../src/db/device.repo';
import { mergePulled } from '../../src/db/sync.repo';
import { encodeHlc } from '../../src/domain/clock/hlc';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { BUILT_IN_SOPS } from '../../src/sops/library';

const T0 = Date.UTC(2026, 10, 23, 9);
const ctx = {
  sops: (id: string, v: number) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v),
  scanners: DEFAULT_SCANNERS,
  timerRules: DEFAULT_TIMER_RULES,
  now: T0 + 60_000,
};
const warmup = (device: string, deviceSeq: number, type = 'scanner.powerOn'): StoredEvent =>
  ({
    id: crypto.randomUUID(),
    streamId: `scanner:${DEFAULT_SCANNERS[0]!.id}`,
    at: T0 + deviceSeq * 1000,
    hlc: encodeHlc({ wall: T0 + deviceSeq * 1000, counter: 0 }),
    user: 'other',
    device,
    deviceSeq,
    type,
    payload: { scannerId: DEFAULT_SCANNERS[0]!.id },
  }) as StoredEvent;

const setup = () => ({
  db: new ScanCardDb(`merge-immutable-${crypto.randomUUID()}`),
  vault: createVault(importDek(crypto.getRandomValues(new Uint8Array(32)))),
});

describe('merging immutable pulled events', () => {
  it('lets two overlapping merges of one page both succeed, each event stored once', async () => {
    const { db, vault } = setup();
    const page = [warmup('tablet-b', 1), warmup('tablet-b', 2, 'scanner.ready')];
    // Started together, both read the page as new before either writes (each reports 2 added).
    const both = await Promise.all([mergePulled(db, vault, page, ctx), mergePulled(db, vault, page, ctx)]);
    expect(both.map((m) => m.added)).toEqual([2, 2]);
    expect((await db.events.toArray()).map((e) => e.id).sort()).toEqual(page.map((e) => e.id).sort());
    await db.delete();
  });

  it('skips own events the log holds, and stores an own event the log lacks', async () => {
    const { db, vault } = setup();
    const { deviceId } = await deviceMeta(db);
    const mine = [warmup(deviceId, 1), warmup(deviceId, 2, 'scanner.ready')];
    expect((await mergePulled(db, vault, mine, ctx)).added).toBe(2); // as if lost from the log before
    expect((await mergePulled(db, vault, mine, ctx)).added).toBe(0);
    const gap = warmup(deviceId, 4); // seq 3 missing from the log: the range count differs
    const back = await mergePulled(db, vault, [...mine, gap], ctx);
    expect(back.added).toBe(1);
    expect(await db.events.get(gap.id)).toMatchObject({ id: gap.id, deviceSeq: 4 });
    await db.delete();
  });
});
