// Database v3 turns the outbox table into a cursor over the tablet's own events. A tablet updated
// with events still unsent keeps every one of them pending (none lost, none sent twice needlessly);
// one whose outbox was empty starts with everything answered.
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { importDek } from '../../src/db/crypto/keys';
import { createVault } from '../../src/db/crypto/vault';
import { ScanCardDb, type EventRecord } from '../../src/db/db';
import { readPending } from '../../src/db/outbox.repo';
import { pendingCount, syncMeta } from '../../src/db/sync-meta.repo';
import { encodeHlc } from '../../src/domain/clock/hlc';

/** The database as release 0.1 declared it (versions 1 and 2), with an outbox table. */
class ReleaseOneDb extends Dexie {
  constructor(name: string) {
    super(name);
    this.version(1).stores({
      events: 'id, [streamId+hlc]',
      outbox: 'id',
      runs: 'id, status, arrivedAt',
      scanners: 'scannerId',
      sops: '[id+version], id',
      meta: 'key',
    });
    this.version(2).stores({ keyring: 'userId', directory: 'id, username' });
  }
}

const DEVICE = '5d0c1c1e-0000-4000-8000-000000000001';
const event = (deviceSeq: number, device = DEVICE): EventRecord => ({
  id: `00000000-0000-4000-8000-${String(deviceSeq).padStart(6, '0')}${device === DEVICE ? '000000' : '111111'}`,
  streamId: `audit:${device}`,
  at: 1_000 * deviceSeq,
  hlc: encodeHlc({ wall: 1_000 * deviceSeq, counter: 0 }),
  user: 'u',
  device,
  deviceSeq,
  type: 'audit.entry',
  payload: { action: 'lock' },
});

async function releaseOneTablet(unsent: number[]) {
  const name = `upgrade-${crypto.randomUUID()}`;
  const old = new ReleaseOneDb(name);
  await old.table('meta').put({ key: 'device', deviceId: DEVICE, seq: 5, hlc: encodeHlc({ wall: 5000, counter: 0 }) });
  await old.table('meta').put({ key: 'sync', token: 'tok', cursor: { events: 42, sops: 1 }, skewMs: 12 });
  await old.table('events').bulkAdd([1, 2, 3, 4, 5].map((n) => event(n)));
  await old.table('events').add(event(9, 'aaaaaaaa-0000-4000-8000-000000000002')); // pulled from another tablet
  await old.table('outbox').bulkAdd(unsent.map((n) => ({ id: event(n).id })));
  old.close();
  return new ScanCardDb(name);
}

describe('the outbox becomes a cursor (database v3)', () => {
  const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));

  it('events still in the outbox stay pending, in order; the rest of sync bookkeeping is kept', async () => {
    const db = await releaseOneTablet([5, 4]);
    try {
      expect(await syncMeta(db)).toMatchObject({
        token: 'tok',
        cursor: { events: 42, sops: 1 },
        skewMs: 12,
        pushed: 3,
      });
      expect((await readPending(db, vault)).map((e) => e.deviceSeq)).toEqual([4, 5]);
      expect(await pendingCount(db)).toBe(2);
      expect(db.tables.map((t) => t.name)).not.toContain('outbox');
    } finally {
      await db.delete();
    }
  });

  it('an empty outbox means everything was answered', async () => {
    const db = await releaseOneTablet([]);
    try {
      expect((await syncMeta(db)).pushed).toBe(5);
      expect(await pendingCount(db)).toBe(0);
    } finally {
      await db.delete();
    }
  });
});
