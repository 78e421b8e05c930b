// Realistic sync events for the benchmarks, fast. One chest-CT run (run.created + 19 run.command
// events: the required answers and "next" through identity … imageQc) is recorded once through
// the real storage code (createRun/runCommand on a scratch fake-indexeddb database), so shapes are
// exactly what a tablet writes. That run is then cloned with fresh ids, run ids, patient ids,
// clock stamps and device sequence numbers: each clone replays to the same valid state.
// Every benchmark tablet has its own data key (as real tablets do): run events are sealed at rest
// with it, so the benchmark pays for sealing and opening exactly where the app does.
// Importing this module installs fake-indexeddb (it must come before any database opens).
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { importDek } from '../../src/db/crypto/keys';
import { createVault, type Vault } from '../../src/db/crypto/vault';
import { ScanCardDb, type StoredEvent } from '../../src/db/db';
import { deviceMeta } from '../../src/db/device.repo';
import { openEvents, sealEvent } from '../../src/db/run-codec';
import { getRun } from '../../src/db/runs.queries';
import { createRun, runCommand } from '../../src/db/runs.repo';
import { encodeHlc } from '../../src/domain/clock/hlc';
import type { RunEvent } from '../../src/domain/run/run.event';
import type { RunCommand } from '../../src/domain/run/run.types';
import { machineFor, restoreRun } from '../../src/domain/run/run.engine';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { indexSop, missingRequired, stepOf } from '../../src/domain/sop/sop.index';
import type { SopItem } from '../../src/domain/sop/sop.schema';
import { syncEventSchema } from '../../src/domain/sync/protocol.schema';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { BUILT_IN_SOPS } from '../../src/sops/library';
import type { SyncContext } from '../../src/sync/sync-engine';

export const EVENTS_PER_RUN = 20;
export const lookup = (id: string, v: number) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);
const chest = lookup('chest-ct', 1)!;
const chestIndex = indexSop(chest);

/** A tablet's data key, as it is once a user has signed in (random here: nobody needs to unwrap it). */
export const tabletVault = (): Vault => createVault(importDek(globalThis.crypto.getRandomValues(new Uint8Array(32))));

export const syncContext = (vault: Vault): SyncContext => ({
  vault,
  sops: lookup,
  isBuiltIn: (id, v) => Boolean(lookup(id, v)),
  scanners: DEFAULT_SCANNERS,
  timerRules: DEFAULT_TIMER_RULES,
  now: () => Date.now(),
});

const answerFor = (item: SopItem): RunCommand => {
  const value =
    item.kind === 'choice'
      ? item.options[0]!.value
      : item.kind === 'text'
        ? 'chest'
        : item.kind === 'number'
          ? (item.min ?? 0)
          : item.kind === 'yesno'
            ? false
            : true;
  return { type: 'answer', itemId: item.id, value };
};

let template: Promise<readonly RunEvent[]> | undefined;

/** The 20 events of one chest-CT run, recorded by the real repository code. */
export function templateRun(): Promise<readonly RunEvent[]> {
  template ??= (async () => {
    const db = new ScanCardDb(`bench-template-${randomUUID()}`);
    const vault = tabletVault();
    let t = Date.UTC(2026, 10, 23, 8);
    const actor = () => ({ user: 'tech', now: (t += 1000) });
    const runId = await createRun(
      db,
      vault,
      lookup,
      {
        kind: 'exam',
        sop: { id: 'chest-ct', version: 1 },
        priority: 'routine',
        scanner: 'CT 1',
        timerRules: DEFAULT_TIMER_RULES,
        patient: { patientId: 'P-TEMPLATE', sex: 'female', language: 'en', ageYears: 50 },
      },
      actor(),
    );
    for (let i = 1; i < EVENTS_PER_RUN; i++) {
      const row = (await getRun(db, vault, runId))!;
      const snap = restoreRun(machineFor(chest), row.state);
      const step = stepOf(chestIndex, snap.context.path.at(-1)!);
      const missing = missingRequired(chestIndex, step, snap.context.answers)[0];
      await runCommand(
        db,
        vault,
        lookup,
        runId,
        missing ? answerFor(chestIndex.items.get(missing)!) : { type: 'next' },
        actor(),
      );
    }
    const events = (await openEvents(vault, await db.events.toArray())).sort(
      (a, b) => a.deviceSeq - b.deviceSeq,
    ) as RunEvent[];
    const row = (await getRun(db, vault, runId))!;
    await db.delete();
    if (events.length !== EVENTS_PER_RUN || row.rejectedEventIds?.length)
      throw new Error('template run is not what the benchmark expects');
    for (const e of events) syncEventSchema().parse(e);
    return events;
  })();
  return template;
}

/** Writes a device's events on demand: runs of 20 events, numbered and stamped like a tablet does. */
export async function eventWriter(device: string, start = Date.UTC(2026, 10, 23, 9)) {
  const tpl = await templateRun();
  let seq = 0;
  let runId = '';
  const next = (): StoredEvent => {
    const k = seq % EVENTS_PER_RUN;
    seq += 1;
    if (k === 0) runId = randomUUID();
    const at = start + seq * 1000;
    const meta = {
      id: randomUUID(),
      streamId: runId,
      at,
      hlc: encodeHlc({ wall: at, counter: 0 }),
      user: 'tech',
      device,
      deviceSeq: seq,
    };
    const src = tpl[k]!;
    if (src.type === 'run.created')
      return {
        ...meta,
        type: 'run.created',
        payload: { ...src.payload, runId, arrivedAt: at, patient: { ...src.payload.patient!, patientId: `P-${seq}` } },
      };
    return { ...meta, type: 'run.command', payload: src.payload };
  };
  return {
    next,
    take: (n: number) => Array.from({ length: n }, next),
    get seq() {
      return seq;
    },
  };
}

/**
 * A tablet database whose outbox already holds `runs` complete runs, sealed with the tablet's key
 * (as createRun/runCommand store them) and bulk-loaded in one transaction (events + the device
 * counter; the outbox is the cursor over them). Sealing is done first: Web Crypto must not be awaited inside a Dexie transaction.
 * Run snapshots are not written: push never reads them. `events` are the clear events (the wire form).
 */
export async function tabletWithOutbox(
  name: string,
  runs: number,
  /** Runs first, e.g. enrolment: the server assigns the id the events carry. */
  beforeWriting?: (db: ScanCardDb) => Promise<unknown>,
): Promise<{ db: ScanCardDb; vault: Vault; events: StoredEvent[] }> {
  const db = new ScanCardDb(name);
  const vault = tabletVault();
  await beforeWriting?.(db);
  const device = await deviceMeta(db);
  const events = (await eventWriter(device.deviceId)).take(runs * EVENTS_PER_RUN);
  for (const e of events) syncEventSchema().parse(e); // the server's wire schema accepts every one
  const sealed = await Promise.all(events.map((e) => sealEvent(vault, e)));
  if (sealed.some((r) => r.payload !== undefined || !r.sealed)) throw new Error('bench events were not sealed');
  const last = events.at(-1)!;
  await db.transaction('rw', [db.events, db.meta], async () => {
    await db.events.bulkAdd(sealed); // unsent: after the push cursor (0)
    await db.meta.put({ ...device, seq: last.deviceSeq, hlc: last.hlc });
  });
  return { db, vault, events };
}
