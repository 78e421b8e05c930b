// A simulated tablet: the real storage code on its own fake-indexeddb database, the real sync
// engine, and a clock of its own that may be wrong or jump. Like the app, it corrects new events'
// times by the offset to the server's clock it measured at its last sync, and its card lookup for a
// round is built when the round starts (built-in cards plus the ones stored on the tablet).
import { randomUUID } from 'node:crypto';
import { importDek } from '../../src/db/crypto/keys';
import { createVault } from '../../src/db/crypto/vault';
import { ScanCardDb } from '../../src/db/db';
import { deviceMeta } from '../../src/db/device.repo';
import { activeRuns } from '../../src/db/runs.queries';
import { createRun, runCommand } from '../../src/db/runs.repo';
import { scannerCommand } from '../../src/db/scanners.repo';
import { addSopVersion } from '../../src/db/sops.repo';
import { CommandRejectedError } from '../../src/db/storage-errors';
import { syncMeta } from '../../src/db/sync-meta.repo';
import type { ScanCardDb as Db } from '../../src/db/db';
import type { RunCommand } from '../../src/domain/run/run.types';
import { machineFor, restoreRun } from '../../src/domain/run/run.engine';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { indexSop, missingRequired, stepOf } from '../../src/domain/sop/sop.index';
import type { SopDefinition } from '../../src/domain/sop/sop.schema';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { BUILT_IN_SOPS } from '../../src/sops/library';
import { syncOnce, type SyncContext } from '../../src/sync/sync-engine';
import type { SyncTransport } from '../../src/sync/transport';

export const lookup = (id: string, v: number) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);
const chest = lookup('chest-ct', 1)!;

/**
 * Whatever enrols a tablet and signs someone in on it: the in-process SimServer, or enrolment over
 * HTTP. `headers` are the credentials of each request (device session and user token).
 */
export type Creds = { headers(): Promise<Record<string, string>> };
/** A network: one transport for all, or one per tablet carrying that tablet's credentials. */
export type Net = SyncTransport | ((who: Creds) => SyncTransport);

export type Enroller = {
  enrol(db: Db): Promise<{ deviceId: string; headers(): Promise<Record<string, string>> }>;
};

/** The simulation's true time: the server's clock; tablets' clocks are it plus their error. */
export type World = { now(): number; tick(ms: number): void };
export const simWorld = (start = Date.UTC(2026, 10, 23, 8)): World => {
  let t = start;
  return { now: () => t, tick: (ms) => void (t += ms) };
};
/** Real time, for tablets talking to a real server process. */
export const realWorld: World = { now: () => Date.now(), tick: () => undefined };

export type Move = 'answer' | 'next' | 'back' | 'skip' | 'fastPath' | 'cancel';
const REASON = 'Simulated reason for the move';

/** A site's own card: chest CT under the tablet's own id (imported from JSON on this tablet). */
export const siteCard = (name: string): SopDefinition => ({ ...structuredClone(chest), id: `site-ct-${name}` });

export async function simTablet(server: Enroller, clockOffsetMs: number, world: World = simWorld()) {
  const db = new ScanCardDb(`sim-${randomUUID()}`);
  const { deviceId, headers } = await server.enrol(db);
  await db.meta.put({ ...(await deviceMeta(db)), deviceId }); // the id the server assigned
  // Each tablet has its own data key, like real ones: events are sealed here, in clear on the wire.
  const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
  let jumped = 0;
  let skew = 0;
  const clock = () => world.now() + clockOffsetMs + jumped; // the device's own (wrong) clock
  const now = () => clock() + skew; // corrected, as the app's clock is
  const actor = () => (world.tick(1000), { user: 'sim', now: now() });
  let stored = new Map<string, SopDefinition>();
  const loadSops = async () => {
    stored = new Map((await db.sops.toArray()).map((r) => [`${r.id}@${r.version}`, r.definition]));
  };
  const sops = (id: string, v: number) => lookup(id, v) ?? stored.get(`${id}@${v}`);

  return {
    db,
    vault,
    deviceId,
    headers,
    /** The device clock jumps (e.g. a wrong time fixed by hand, or a dead battery). */
    jumpClock(ms: number) {
      jumped += ms;
    },
    /** The site's own card is imported on this tablet (once). */
    async importCard(name = deviceId.slice(0, 8)) {
      await addSopVersion(db, siteCard(name), BUILT_IN_SOPS, now());
      await loadSops();
    },
    async createRun(o: { onImported?: boolean; priority?: 'routine' | 'emergency' } = {}) {
      await loadSops();
      const imported = o.onImported ? [...stored.values()][0] : undefined;
      await createRun(
        db,
        vault,
        sops,
        {
          kind: 'exam',
          sop: imported ? { id: imported.id, version: imported.version } : { id: 'chest-ct', version: 1 },
          priority: o.priority ?? 'routine',
          scanner: 'CT 1',
          timerRules: DEFAULT_TIMER_RULES,
          patient: { patientId: `P-${randomUUID().slice(0, 8)}`, sex: 'unknown', language: 'en', ageYears: 40 },
        },
        actor(),
      );
    },
    /** Works on the n-th active run it knows: answers what the current step still needs, or moves. */
    async work(pick: number, move: Move) {
      await loadSops();
      const runs = (await activeRuns(db, vault)).sort((a, b) => a.id.localeCompare(b.id));
      const row = runs[pick % Math.max(1, runs.length)];
      if (!row) return;
      const card = sops(row.header.sop.id, row.header.sop.version)!;
      const index = indexSop(card);
      const snap = restoreRun(machineFor(card), row.state);
      const step = stepOf(index, snap.context.path.at(-1)!);
      let command: RunCommand;
      if (move === 'answer') {
        const itemId = missingRequired(index, step, snap.context.answers)[0] ?? step.items[0]?.id;
        const item = itemId ? index.items.get(itemId) : undefined;
        if (!item) return;
        const value =
          item.kind === 'choice'
            ? item.options[0]!.value
            : item.kind === 'text'
              ? 'chest'
              : item.kind === 'number'
                ? item.min
                : true;
        command = { type: 'answer', itemId: item.id, value };
      } else if (move === 'skip' || move === 'fastPath' || move === 'cancel') command = { type: move, reason: REASON };
      else command = { type: move };
      try {
        await runCommand(db, vault, sops, row.id, command, actor());
      } catch (e) {
        if (!(e instanceof CommandRejectedError)) throw e; // a refused move stores nothing: fine
      }
    },
    /** A scanner is switched on, or reported ready (warm-up events, kept in the scanner's stream). */
    async scanner(n: number, type: 'powerOn' | 'ready') {
      const scanner = DEFAULT_SCANNERS[n % DEFAULT_SCANNERS.length]!;
      await scannerCommand(db, scanner, { type }, DEFAULT_TIMER_RULES, actor());
    },
    async sync(net: Net, extra: Partial<SyncContext> = {}) {
      await loadSops(); // the card lookup of this round, as the app builds it
      const transport = typeof net === 'function' ? net({ headers }) : net;
      try {
        return await syncOnce(db, transport, {
          vault,
          sops,
          isBuiltIn: (id, v) => Boolean(lookup(id, v)),
          scanners: DEFAULT_SCANNERS,
          timerRules: DEFAULT_TIMER_RULES,
          now,
          batchSize: 7,
          pullLimit: 9, // small pages: more requests, more faults
          ...extra,
        });
      } finally {
        skew = (await syncMeta(db)).skewMs;
      }
    },
    /** The tablet's clock as it corrects it now, and its hybrid clock's wall time. */
    async clocks() {
      const { hlc } = await deviceMeta(db);
      return { now: now(), hlcWall: parseInt(hlc.slice(0, 10), 36) };
    },
  };
}
export type SimTablet = Awaited<ReturnType<typeof simTablet>>;
