// The card version for new runs is the department's: an approved draft or rollback becomes the current
// version on the server (audited), every pull carries the choice, and the tablet's new-exam list offers that version, while
// a run already started keeps the version it pinned, on the tablet and in the server's projection.
// Real tablets (fake-indexeddb) against a real server over HTTP, both stores.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { importDek } from '../../src/db/crypto/keys';
import { createVault } from '../../src/db/crypto/vault';
import { ScanCardDb } from '../../src/db/db';
import { openRuns } from '../../src/db/run-codec';
import { createRunStore } from '../../src/db/run-store';
import { addSopVersion, storedSops } from '../../src/db/sops.repo';
import { syncMeta } from '../../src/db/sync-meta.repo';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { chestCt } from '../../src/sops/chest-ct.sop';
import { BUILT_IN_SOPS } from '../../src/sops/library';
import { syncOnce } from '../../src/sync/sync-engine';
import { httpTransport } from '../../src/sync/transport';
import { buildLibrary } from '../../src/ui/hooks/use-sop-library';
import { openHarness, type Harness } from '../server/harness';
import { STORES } from '../server/stores';
import { enrolledTablet } from '../setup/tablet-identity';

// The built-in chest CT is at version 2 (version 1 published in src/sops/published/); a site imports 3.
const V3 = { ...structuredClone(chestCt), version: 3 };

describe.each(STORES)('the current card version on $name', (factory) => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function tablet(h: Harness, url: string) {
    const db = new ScanCardDb(`current-${crypto.randomUUID()}`);
    cleanups.push(() => db.delete());
    const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
    // A tablet with its device key and someone signed in (pulling needs a person).
    const tab = await enrolledTablet(h, db, url);
    const { deviceId } = tab;
    const token = await h.sessionFor(deviceId, 30 * 24 * 3600_000);
    const runs = createRunStore({
      db,
      vault,
      user: 'tech',
      now: h.now,
      builtInSops: BUILT_IN_SOPS,
      timerRules: DEFAULT_TIMER_RULES,
    });
    const sync = () =>
      syncOnce(db, httpTransport(url, tab.fetch()), {
        vault,
        sops: runs.sops,
        isBuiltIn: (id, v) => BUILT_IN_SOPS.some((s) => s.id === id && s.version === v),
        scanners: DEFAULT_SCANNERS,
        timerRules: DEFAULT_TIMER_RULES,
        now: h.now,
      });
    const offered = async () => {
      const lib = buildLibrary(BUILT_IN_SOPS, await storedSops(db), (await syncMeta(db)).currentSops);
      const chest = lib.latest.find((s) => s.id === 'chest-ct');
      return chest?.version;
    };
    return { db, vault, runs, sync, offered, token, deviceId };
  }

  it('is set by an approved draft, carried by every pull and offered for new runs; started runs keep theirs', async () => {
    const h = await openHarness(factory);
    cleanups.push(() => h.close());
    const url = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const a = await tablet(h, url);
    const b = await tablet(h, url);
    const admin = { device: a.token, user: await h.tokenFor(await h.addUser('admin'), a.deviceId) };
    const qa = { device: a.token, user: await h.tokenFor(await h.addUser('qaLead'), a.deviceId) };
    // Two people: an admin's draft (or rollback), approved by a QA lead.
    const approve = async (draft: { json: Record<string, unknown> }) =>
      h.call('POST', '/api/sops/chest-ct/draft/approve', qa, { updatedAt: draft.json.updatedAt });

    // Tablet A imports version 3 and starts a run on it; until someone decides, built-ins stay on their newest.
    await addSopVersion(a.db, V3, BUILT_IN_SOPS, h.now());
    const onV2 = await a.runs.createRun({
      kind: 'exam',
      sop: { id: 'chest-ct', version: 2 },
      priority: 'routine',
      scanner: 'CT 1',
      timerRules: DEFAULT_TIMER_RULES,
      patient: { patientId: 'P-1', sex: 'male', language: 'en', ageYears: 70 },
    });
    await a.runs.createRun({
      kind: 'exam',
      sop: { id: 'chest-ct', version: 3 },
      priority: 'routine',
      scanner: 'CT 1',
      timerRules: DEFAULT_TIMER_RULES,
      patient: { patientId: 'P-2', sex: 'male', language: 'en', ageYears: 70 },
    });
    await a.sync();
    await b.sync();
    expect((await syncMeta(b.db)).currentSops).toMatchObject({ 'chest-ct': 2, 'ct-daily-qc': 1 });
    expect(await b.offered()).toBe(2);
    expect(await a.offered()).toBe(2);

    // Version 3 came from a tablet (replay only); the approved draft becomes version 4.
    const draft = await h.call('PUT', '/api/sops/chest-ct/draft', admin, {
      definition: { ...V3, siteMustConfirm: ['checked by the department'] },
      changeNote: 'Site confirmation noted',
    });
    const set = await approve(draft);
    expect(set.json).toMatchObject({ version: 4 });
    await b.sync();
    expect(await b.offered()).toBe(4);

    // The run started on version 2 goes on on version 2, on the tablet and on the server.
    await a.runs.runCommand(onV2, { type: 'answer', itemId: 'twoIdentifiers', value: true });
    await a.sync();
    const [row] = await openRuns(a.vault, [(await a.db.runs.get(onV2))!]);
    expect(row!.header.sop).toEqual({ id: 'chest-ct', version: 2 });
    expect(await h.store.projectionsOf([onV2])).toMatchObject([{ sopVersion: 2, status: 'active', eventCount: 2 }]);

    // Back to version 1's content: a rollback is a new version (5), approved like any draft, audited.
    h.advance(60_000);
    const back = await approve(await h.call('POST', '/api/sops/chest-ct/rollback', admin, { version: 1 }));
    expect(back.json).toMatchObject({ version: 5 });
    await b.sync();
    expect(await b.offered()).toBe(5);
    const audit = await h.call('GET', '/api/audit?action=sop.edit', admin);
    expect((audit.json.entries as { subject: string }[]).map((e) => e.subject)).toEqual([
      'chest-ct@5',
      'chest-ct@draft',
      'chest-ct@4',
      'chest-ct@draft',
    ]);
  });
});
