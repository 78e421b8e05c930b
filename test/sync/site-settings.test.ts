// A changed standard changes a tablet's timers: an admin saves new timer lengths on the server, a
// real tablet (fake-indexeddb, real device key over HTTP) takes /api/config as the app does, and the
// next warm-up and emergency clock it starts run to the new lengths, while a run started before keeps
// its own. Both stores.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { siteConfigStore } from '../../src/app/site-config';
import { sessionServices } from '../../src/app/session-services';
import { authApi } from '../../src/auth/auth-api';
import { importDek } from '../../src/db/crypto/keys';
import { createVault } from '../../src/db/crypto/vault';
import { ScanCardDb } from '../../src/db/db';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { openHarness } from '../server/harness';
import { STORES } from '../server/stores';
import { enrolledTablet } from '../setup/tablet-identity';

const MIN = 60_000;
const STANDARD = { warmupCt: 3, warmupMr: 10, emergencyResponse: 5, contrastObservation: 30, reportHandoff: 15 };

describe.each(STORES)('site timer standards reach a tablet on $name', (factory) => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** A server on a real port, a tablet enrolled with its device key, an administrator's credentials on
   * it and the tablet's saved site settings (the app's localStorage, here a map). */
  async function tabletAndAdmin() {
    const h = await openHarness(factory);
    cleanups.push(() => h.close());
    const url = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const db = new ScanCardDb(`site-${crypto.randomUUID()}`);
    cleanups.push(() => db.delete());
    const tab = await enrolledTablet(h, db, url);
    const admin = {
      device: await h.sessionFor(tab.deviceId),
      user: await h.tokenFor(await h.addUser('admin'), tab.deviceId),
    };
    const saved = new Map<string, string>();
    const storage = {
      getItem: (k: string) => saved.get(k) ?? null,
      setItem: (k: string, v: string) => void saved.set(k, v),
    };
    return { h, db, tab, admin, storage, api: authApi(url, tab.fetch()) };
  }

  it('a changed warm-up and emergency standard changes the tablet timers started after it', async () => {
    const { h, db, tab, admin, storage, api } = await tabletAndAdmin();
    const config = siteConfigStore(storage);
    const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
    const services = () => sessionServices(db, vault, tab.user!.id, h.now, () => config.current().timerRules);
    const first = services();
    const ct = DEFAULT_SCANNERS.find((s) => s.modality === 'CT')!;
    const emergencyRun = (s: ReturnType<typeof services>, patientId: string) =>
      s.runs.createRun({
        kind: 'exam',
        sop: { id: 'chest-ct', version: 2 },
        priority: 'emergency',
        scanner: 'CT 1',
        timerRules: s.timerRules,
        patient: { patientId, sex: 'female', language: 'en', ageYears: 50 },
      });

    config.apply(await api.config());
    const before = await emergencyRun(first, 'P-1');
    expect((await first.runs.scannerCommand(ct, { type: 'powerOn' })).warmup!.deadline).toBe(h.now() + 3 * MIN);
    await first.runs.scannerCommand(ct, { type: 'ready' });

    const put = await h.call('PUT', '/api/admin/site-settings', admin, {
      timerMinutes: { ...STANDARD, warmupCt: 4, emergencyResponse: 7 },
      idleLockSeconds: 60,
    });
    expect(put.status).toBe(200);
    const applied = config.apply(await api.config());
    expect(applied.idleLockMs).toBe(60_000);

    // The same session's run store (signed in all along) starts the next warm-up on the new length.
    h.advance(MIN);
    expect((await first.runs.scannerCommand(ct, { type: 'powerOn' })).warmup!.deadline).toBe(h.now() + 4 * MIN);
    const after = await emergencyRun(services(), 'P-2');
    const timerOf = async (id: string) => (await first.runs.getRun(id))!.state.context.timers.emergencyResponse!;
    expect((await timerOf(after)).deadline - (await timerOf(after)).startedAt).toBe(7 * MIN);
    // The run started before the change keeps its 5 minutes.
    expect((await timerOf(before)).deadline - (await timerOf(before)).startedAt).toBe(5 * MIN);
    // Remembered for an offline start.
    const restarted = siteConfigStore({ getItem: storage.getItem, setItem: () => undefined });
    expect(restarted.current()).toMatchObject({
      idleLockMs: 60_000,
      timerRules: { warmupCt: { durationMs: 4 * MIN } },
    });
  });
  it('the site time zone and the sign-off rule reach the tablet and are remembered offline', async () => {
    const { h, admin, storage, api } = await tabletAndAdmin();
    const config = siteConfigStore(storage);
    expect(config.current()).toMatchObject({ blockUnsignedCards: false });
    expect(config.current().timeZone).toBeUndefined();
    const zone =
      Intl.DateTimeFormat().resolvedOptions().timeZone === 'America/Chicago' ? 'Asia/Tokyo' : 'America/Chicago';
    const put = await h.call('PUT', '/api/admin/site-settings', admin, {
      timerMinutes: STANDARD,
      idleLockSeconds: 120,
      timeZone: zone.toUpperCase(),
      blockUnsignedCards: true,
    });
    expect(put.status).toBe(200);
    expect(config.apply(await api.config())).toMatchObject({
      timeZone: zone,
      blockUnsignedCards: true,
    });
    expect(siteConfigStore(storage).current()).toMatchObject({ timeZone: zone, blockUnsignedCards: true });
    // A damaged answer never leaves a wrong zone: the tablet falls back to its own.
    expect(config.apply({ timeZone: 'Not/AZone', blockUnsignedCards: 'yes' })).toMatchObject({
      blockUnsignedCards: false,
    });
    expect(config.current().timeZone).toBeUndefined();
  });
});
