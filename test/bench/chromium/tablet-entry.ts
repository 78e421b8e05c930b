// Browser entry of the Chromium sync benchmark (bundled by sync-chromium-bench.ts with vite): a
// ScanCard tablet in the page — its real IndexedDB (Dexie), its data key, the real sync engine and
// HTTP transport. The benchmark drives it through `window.scancardBench`. Credentials are the
// device session and user tokens the server process issued (the device-key proof is not measured).
import { importDek } from '../../../src/db/crypto/keys';
import { createVault } from '../../../src/db/crypto/vault';
import { ScanCardDb, type StoredEvent } from '../../../src/db/db';
import { sealEvent } from '../../../src/db/run-codec';
import { encodeHlc, HLC_ZERO } from '../../../src/domain/clock/hlc';
import { DEFAULT_SCANNERS } from '../../../src/domain/scanners/scanner';
import { DEFAULT_TIMER_RULES } from '../../../src/domain/timers/timers';
import { BUILT_IN_SOPS } from '../../../src/sops/library';
import { syncOnce, type SyncContext } from '../../../src/sync/sync-engine';
import { httpTransport } from '../../../src/sync/transport';

export type TabletCredentials = { readonly deviceId: string; readonly token: string; readonly userToken: string };

const lookup = (id: string, v: number) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);
const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
const ctx: SyncContext = {
  vault,
  sops: lookup,
  isBuiltIn: (id, v) => Boolean(lookup(id, v)),
  scanners: DEFAULT_SCANNERS,
  timerRules: DEFAULT_TIMER_RULES,
  now: () => Date.now(),
};
let db: ScanCardDb | undefined;
let creds: TabletCredentials | undefined;

const bench = {
  /** A fresh database for this tablet, enrolled as `c.deviceId`. */
  async open(c: TabletCredentials) {
    creds = c;
    db = new ScanCardDb(`bench-${c.deviceId}`);
    await db.meta.put({ key: 'device', deviceId: c.deviceId, seq: 0, hlc: encodeHlc(HLC_ZERO) });
  },
  /** Untimed: the outbox holds these events, sealed with the tablet's key (as taps store them). */
  async load(events: StoredEvent[]) {
    const sealed = await Promise.all(events.map((e) => sealEvent(vault, e)));
    const last = events.at(-1)!;
    await db!.transaction('rw', [db!.events, db!.meta], async () => {
      await db!.events.bulkAdd(sealed);
      await db!.meta.put({ key: 'device', deviceId: creds!.deviceId, seq: last.deviceSeq, hlc: last.hlc });
    });
  },
  /** One sync round (push what is pending, pull everything new, rebuild the runs), timed in the page. */
  async sync(baseUrl: string) {
    const headers = { authorization: `Bearer ${creds!.token}`, 'x-user-token': creds!.userToken };
    const authorized: typeof fetch = (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } });
    const t0 = performance.now();
    const r = await syncOnce(db!, httpTransport(baseUrl, authorized), ctx);
    return { ms: performance.now() - t0, pushed: r.pushed, pulled: r.pulled, refused: r.refused };
  },
  async counts() {
    const records = await db!.events.toArray();
    return {
      events: records.length,
      runs: await db!.runs.count(),
      clear: records.filter((e) => e.payload !== undefined).length,
      // A build before page sealing has no such table.
      pages: db!.tables.some((t) => t.name === 'eventPages') ? await db!.table('eventPages').count() : 0,
    };
  },
};

(globalThis as unknown as { scancardBench: typeof bench }).scancardBench = bench;
export type ScanCardBench = typeof bench;
