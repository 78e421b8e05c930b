// The session's run store: everything a screen records goes through it, on the database it was made
// with and no other (demo mode will make one on openDb('demo')); each write is checked against the
// event registry first; a card imported after sign-in is found without making a new store.
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { importDek } from '../../src/db/crypto/keys';
import { createVault } from '../../src/db/crypto/vault';
import { openDb, ScanCardDb } from '../../src/db/db';
import { InvalidEventError } from '../../src/db/events.repo';
import { createRunStore } from '../../src/db/run-store';
import { addSopVersion } from '../../src/db/sops.repo';
import { REASON_MAX_LENGTH } from '../../src/domain/events/text-rules';
import type { NewRunHeader } from '../../src/domain/run/run.header';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { chestCt } from '../../src/sops/chest-ct.sop';
import type { SopDefinition } from '../../src/domain/sop/sop.schema';
import { CURRENT_SOPS } from '../../src/sops/current';
import { BUILT_IN_SOPS } from '../../src/sops/library';
import { pendingCount } from '../../src/db/sync-meta.repo';

const T0 = Date.UTC(2026, 10, 23, 9);
const header = (version = 1): NewRunHeader => ({
  kind: 'exam',
  sop: { id: 'chest-ct', version },
  priority: 'routine',
  scanner: 'CT 1',
  timerRules: DEFAULT_TIMER_RULES,
  patient: { patientId: 'DEMO-1', sex: 'female', language: 'en', ageYears: 30 },
});
const storeOn = (db: ScanCardDb, clock = { now: T0 }) =>
  createRunStore({
    db,
    vault: createVault(importDek(crypto.getRandomValues(new Uint8Array(32)))),
    user: 'trainer',
    now: () => (clock.now += 1000),
    builtInSops: BUILT_IN_SOPS,
    timerRules: DEFAULT_TIMER_RULES,
  });

describe('the session run store', () => {
  it('records a run, a command, a warm-up and an audit entry in its own database only', async () => {
    const demo = openDb('demo');
    try {
      const runs = storeOn(demo);
      const id = await runs.createRun(header());
      await runs.runCommand(id, { type: 'answer', itemId: 'twoIdentifiers', value: true });
      await runs.scannerCommand(DEFAULT_SCANNERS[0]!, { type: 'powerOn' });
      await runs.recordAudit('run.view', id);
      const row = (await runs.getRun(id))!;
      expect(row.state.context.answers).toEqual({ twoIdentifiers: true });
      expect(await runs.rebuildRun(id)).toEqual(row);
      expect(await demo.events.count()).toBe(4);
      expect((await demo.events.toArray()).every((e) => e.user === 'trainer')).toBe(true);
      expect(await Dexie.getDatabaseNames()).not.toContain(openDb('clinical').name); // never opened, never written
    } finally {
      await demo.delete();
    }
  });

  it('refuses a command the server would refuse, with the field named, and stores nothing', async () => {
    const db = new ScanCardDb(`store-${crypto.randomUUID()}`);
    const runs = storeOn(db);
    const id = await runs.createRun(header());
    const before = { events: await db.events.count(), pending: await pendingCount(db), row: await db.runs.get(id) };
    const tooLong = 'r'.repeat(REASON_MAX_LENGTH + 1);
    const refused = await runs.runCommand(id, { type: 'cancel', reason: tooLong }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidEventError);
    expect((refused as InvalidEventError).problems).toEqual([
      `payload.reason: must be at most ${REASON_MAX_LENGTH} characters (got ${REASON_MAX_LENGTH + 1})`,
    ]);
    expect({ events: await db.events.count(), pending: await pendingCount(db), row: await db.runs.get(id) }).toEqual(
      before,
    );
    await expect(runs.recordAudit('export', 'x'.repeat(201))).rejects.toBeInstanceOf(InvalidEventError);
    expect(await db.events.count()).toBe(before.events);
    await db.delete();
  });

  it('finds a card version imported after the store was made', async () => {
    const db = new ScanCardDb(`store-${crypto.randomUUID()}`);
    const runs = storeOn(db);
    const next = chestCt.version + 1;
    expect(runs.sops('chest-ct', next)).toBeUndefined();
    await addSopVersion(db, { ...structuredClone(chestCt), version: next }, BUILT_IN_SOPS, T0);
    const id = await runs.createRun(header(next));
    expect((await runs.getRun(id))!.header.sop).toEqual({ id: 'chest-ct', version: next });
    expect(runs.sops('chest-ct', next)?.version).toBe(next);
    await expect(runs.createRun(header(next + 1))).rejects.toThrow(
      new RegExp(`chest-ct version ${next + 1} is not on this tablet`),
    );
    await db.delete();
  });
});

describe('the run store in the browser: current cards at hand, earlier versions on demand', () => {
  it('a run pinned to an earlier card version loads the published versions once, then goes on', async () => {
    const db = new ScanCardDb(`store-${crypto.randomUUID()}`);
    const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
    const make = (loadBuiltInSops?: () => Promise<readonly SopDefinition[]>) =>
      createRunStore({
        db,
        vault,
        user: 'chen',
        now: () => T0,
        builtInSops: CURRENT_SOPS,
        loadBuiltInSops,
        timerRules: DEFAULT_TIMER_RULES,
      });
    let loads = 0;
    const runs = make(async () => (loads++, BUILT_IN_SOPS));
    expect(runs.sops('chest-ct', 1)).toBeUndefined();
    const id = await runs.createRun(header(1)); // e.g. a run synced from a tablet still on version 1
    await runs.runCommand(id, { type: 'answer', itemId: 'twoIdentifiers', value: true });
    expect(loads).toBe(1);
    expect(runs.sops('chest-ct', 1)?.version).toBe(1);
    // Without the published versions a version-1 run cannot be written: that is what the loader is for.
    await expect(make().runCommand(id, { type: 'answer', itemId: 'requestMatches', value: true })).rejects.toThrow(
      /chest-ct version 1 is not on this tablet/,
    );
    await expect(
      make(() => Promise.reject(new Error('chunk failed'))).runCommand(id, { type: 'back' }),
    ).rejects.toThrow(/chest-ct version 1 is not on this tablet/);
    await db.delete();
  });
});
