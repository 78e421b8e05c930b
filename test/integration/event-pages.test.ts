// Pulled run events are sealed a page at a time (src/db/event-pages.ts): one seal per page of up to
// PAGE_EVENTS events, not one per event. The merged runs read back through the same code the app
// uses (streamEvents, with a second key object that has no page cache, so the pages are read and
// opened from IndexedDB). A changed page, a page stored under another id, and an event pointed at
// another page or place are refused, never read as someone else's payload.
import { describe, expect, it } from 'vitest';
import { importDek } from '../../src/db/crypto/keys';
import { createVault, SealedDataError, type Vault } from '../../src/db/crypto/vault';
import { ScanCardDb, type StoredEvent } from '../../src/db/db';
import { PAGE_EVENTS } from '../../src/db/event-pages';
import { getRun } from '../../src/db/runs.queries';
import { streamEvents } from '../../src/db/runs.repo';
import { mergePulled } from '../../src/db/sync.repo';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { EVENTS_PER_RUN, eventWriter, lookup } from '../bench/bench-events';

const ctx = { sops: lookup, scanners: DEFAULT_SCANNERS, timerRules: DEFAULT_TIMER_RULES, now: Date.UTC(2026, 10, 24) };

/** A tablet and a second handle on its key (same key bytes, no cache of opened pages). */
async function tablet() {
  const raw = crypto.getRandomValues(new Uint8Array(32));
  return {
    db: new ScanCardDb(`event-pages-${crypto.randomUUID()}`),
    vault: createVault(importDek(raw)),
    fresh: (): Vault => createVault(importDek(raw)),
  };
}

/** `runs` whole chest-CT runs recorded on another tablet, as a pull brings them. */
async function otherTablet(runs: number): Promise<StoredEvent[]> {
  return (await eventWriter(crypto.randomUUID())).take(runs * EVENTS_PER_RUN);
}

const runIdsOf = (events: readonly StoredEvent[]) => [...new Set(events.map((e) => e.streamId))];

describe('pulled run events sealed by page', () => {
  it('seals a page of 300 events in 2 envelopes and reads every run back with a fresh key handle', async () => {
    const { db, vault, fresh } = await tablet();
    const page = await otherTablet(15); // 300 events: 250 + 50
    expect((await mergePulled(db, vault, page, ctx)).added).toBe(300);

    const pages = await db.eventPages.toArray();
    expect(pages.map((p) => p.ids.length).sort((a, b) => a - b)).toEqual([300 - PAGE_EVENTS, PAGE_EVENTS]);
    const records = await db.events.toArray();
    expect(records.every((r) => r.inPage && r.payload === undefined && !r.sealed)).toBe(true);
    // No patient id in clear anywhere in the stored pages or events.
    const created = page.find((e) => e.type === 'run.created')!;
    const patientId = created.type === 'run.created' ? created.payload.patient!.patientId : '';
    expect(JSON.stringify([pages, records])).not.toContain(patientId);

    const reader = fresh();
    for (const runId of runIdsOf(page)) {
      const log = await streamEvents(db, reader, runId);
      expect(log).toEqual(page.filter((e) => e.streamId === runId));
    }
    expect((await getRun(db, reader, created.streamId))?.header.patient?.patientId).toBe(patientId);
    await db.delete();
  });

  it('refuses a page whose sealed payloads were changed', async () => {
    const { db, vault, fresh } = await tablet();
    const page = await otherTablet(2);
    await mergePulled(db, vault, page, ctx);
    const [stored] = await db.eventPages.toArray();
    const ct = stored!.sealed.ct;
    const flipped = (ct[10] === 'A' ? 'B' : 'A') + '';
    await db.eventPages.put({
      ...stored!,
      sealed: { ...stored!.sealed, ct: ct.slice(0, 10) + flipped + ct.slice(11) },
    });
    await expect(streamEvents(db, fresh(), page[0]!.streamId)).rejects.toBeInstanceOf(SealedDataError);
    await db.delete();
  });

  it('refuses a page stored under another page id, and a page whose id list was changed', async () => {
    const { db, vault, fresh } = await tablet();
    const a = await otherTablet(1);
    const b = await otherTablet(1);
    await mergePulled(db, vault, a, ctx);
    await mergePulled(db, vault, b, ctx);
    const pa = (await db.eventPages.toArray()).find((p) => p.ids.includes(a[0]!.id))!;
    const pb = (await db.eventPages.toArray()).find((p) => p.ids.includes(b[0]!.id))!;
    // Page b's content put where page a was, and a's events pointed at it by place: the id binds it.
    await db.eventPages.put({ ...pb, id: pa.id });
    await db.events.bulkPut(
      (await db.events.bulkGet(b.map((e) => e.id))).map((r) => ({ ...r!, inPage: { page: pa.id, n: r!.inPage!.n } })),
    );
    await expect(streamEvents(db, fresh(), b[0]!.streamId)).rejects.toBeInstanceOf(SealedDataError);
    await expect(streamEvents(db, fresh(), a[0]!.streamId)).rejects.toBeInstanceOf(SealedDataError);
    // Page b back under its own id, but with two of its ids swapped: the id list is bound too.
    const swapped = [...pb.ids];
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    await db.eventPages.put({ ...pb, ids: swapped });
    await db.events.bulkPut(
      (await db.events.bulkGet(b.map((e) => e.id))).map((r) => ({
        ...r!,
        inPage: { page: pb.id, n: swapped.indexOf(r!.id) },
      })),
    );
    await expect(streamEvents(db, fresh(), b[0]!.streamId)).rejects.toBeInstanceOf(SealedDataError);
    await db.delete();
  });

  it('refuses an event pointed at another page, or at another place in its own page', async () => {
    const { db, vault, fresh } = await tablet();
    const a = await otherTablet(1);
    const b = await otherTablet(1);
    await mergePulled(db, vault, a, ctx);
    await mergePulled(db, vault, b, ctx);
    const pb = (await db.eventPages.toArray()).find((p) => p.ids.includes(b[0]!.id))!;
    const moved = (await db.events.get(a[3]!.id))!;
    // Moved into page b at the place of one of b's events: it would read b's payload.
    await db.events.put({ ...moved, inPage: { page: pb.id, n: 3 } });
    await expect(streamEvents(db, fresh(), a[0]!.streamId)).rejects.toBeInstanceOf(SealedDataError);
    // Within its own page, at its neighbour's place.
    await db.events.put({ ...moved, inPage: { page: moved.inPage!.page, n: moved.inPage!.n + 1 } });
    await expect(streamEvents(db, fresh(), a[0]!.streamId)).rejects.toBeInstanceOf(SealedDataError);
    // Put back, it opens again.
    await db.events.put(moved);
    expect(await streamEvents(db, fresh(), a[0]!.streamId)).toEqual(a);
    await db.delete();
  });

  it('refuses the pages with another tablet key', async () => {
    const { db, vault } = await tablet();
    const page = await otherTablet(1);
    await mergePulled(db, vault, page, ctx);
    const other = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
    await expect(streamEvents(db, other, page[0]!.streamId)).rejects.toBeInstanceOf(SealedDataError);
    await db.delete();
  });
});
