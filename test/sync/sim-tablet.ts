// A simulated tablet: the real storage code on its own fake-indexeddb database, the real sync
// engine, and a clock of its own that may be wrong or jump backwards.
import { randomUUID } from 'node:crypto';
import { importDek } from '../../src/db/crypto/keys';
import { createVault } from '../../src/db/crypto/vault';
import { ScanCardDb } from '../../src/db/db';
import { activeRuns } from '../../src/db/runs.queries';
import { deviceMeta } from '../../src/db/device.repo';
import { createRun, runCommand } from '../../src/db/runs.repo';
import { CommandRejectedError } from '../../src/db/storage-errors';
import { updateSyncMeta } from '../../src/db/sync-meta.repo';
import type { ScanCardDb as Db } from '../../src/db/db';
import { machineFor, restoreRun } from '../../src/domain/run/run.engine';
import { indexSop, missingRequired, stepOf } from '../../src/domain/sop/sop.index';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { BUILT_IN_SOPS } from '../../src/sops/library';
import { syncOnce } from '../../src/sync/sync-engine';
import type { SyncTransport } from '../../src/sync/transport';

export const lookup = (id: string, v: number) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);
const chest = lookup('chest-ct', 1)!;
const chestIndex = indexSop(chest);

/**
 * Whatever enrols a tablet and signs someone in on it: the in-process SimServer, or enrolment over
 * HTTP. `headers` are the credentials of each request (device session and user token).
 */
export type Enroller = {
  enrol(db: Db): Promise<{ deviceId: string; headers(): Promise<Record<string, string>> }>;
};

/** `fromSeq`: the server's sequence when the tablet joins (earlier rounds are not its business). */
export async function simTablet(server: Enroller, clockOffsetMs: number, fromSeq = 0) {
  const db = new ScanCardDb(`sim-${randomUUID()}`);
  const { deviceId, headers } = await server.enrol(db);
  await db.meta.put({ ...(await deviceMeta(db)), deviceId }); // the id the server assigned
  await updateSyncMeta(db, { cursor: { events: fromSeq, sops: 0 } });
  // Each tablet has its own data key, like real ones: events are sealed here, in clear on the wire.
  const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
  let t = Date.UTC(2026, 10, 23, 8) + clockOffsetMs;
  const actor = () => ({ user: 'sim', now: (t += 1000) });

  return {
    db,
    vault,
    deviceId,
    headers,
    /** The device clock jumps (e.g. a wrong time fixed by hand, or a dead battery). */
    jumpClock(ms: number) {
      t += ms;
    },
    async createRun() {
      await createRun(
        db,
        vault,
        lookup,
        {
          kind: 'exam',
          sop: { id: 'chest-ct', version: 1 },
          priority: 'routine',
          scanner: 'CT 1',
          timerRules: DEFAULT_TIMER_RULES,
          patient: { patientId: `P-${randomUUID().slice(0, 8)}`, sex: 'unknown', language: 'en', ageYears: 40 },
        },
        actor(),
      );
    },
    /** Works on the n-th active run it knows: answers what the current step still needs, or moves on. */
    async work(pick: number, move: 'answer' | 'next' | 'back') {
      const runs = (await activeRuns(db, vault)).sort((a, b) => a.id.localeCompare(b.id));
      const row = runs[pick % Math.max(1, runs.length)];
      if (!row) return;
      const snap = restoreRun(machineFor(chest), row.state);
      const step = stepOf(chestIndex, snap.context.path.at(-1)!);
      try {
        if (move === 'answer') {
          const itemId = missingRequired(chestIndex, step, snap.context.answers)[0] ?? step.items[0]?.id;
          const item = itemId ? chestIndex.items.get(itemId) : undefined;
          if (!item) return;
          const value =
            item.kind === 'choice'
              ? item.options[0]!.value
              : item.kind === 'text'
                ? 'chest'
                : item.kind === 'number'
                  ? item.min
                  : true;
          await runCommand(db, vault, lookup, row.id, { type: 'answer', itemId: item.id, value }, actor());
        } else {
          await runCommand(db, vault, lookup, row.id, { type: move }, actor());
        }
      } catch (e) {
        if (!(e instanceof CommandRejectedError)) throw e; // a refused move stores nothing: fine
      }
    },
    sync(transport: SyncTransport) {
      return syncOnce(db, transport, {
        vault,
        sops: lookup,
        isBuiltIn: (id, v) => Boolean(lookup(id, v)),
        scanners: DEFAULT_SCANNERS,
        timerRules: DEFAULT_TIMER_RULES,
        now: () => (t += 10),
        batchSize: 7,
        pullLimit: 9, // small pages: more requests, more faults
      });
    },
  };
}
export type SimTablet = Awaited<ReturnType<typeof simTablet>>;
