// The convergence property over a real network: three simulated tablets sync through an HTTP proxy
// that drops, delays, duplicates and truncates requests and replies, in front of the real server
// process, which is SIGKILLed while a push is in flight and restarted on the same SQLite file, and
// once restored from a backup taken mid-test; pushes over the proxy's body limit get a bare 413.
// After the network heals, every event is on the server exactly once and on every tablet, and all
// tablets show the same runs. Complements convergence.property.test.ts (in-process, many rounds).
// FAULT_PROXY_SEED=<n> replays a run (the seed is printed).
import { openRuns } from '../../src/db/run-codec';
import 'fake-indexeddb/auto';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authApi } from '../../src/auth/auth-api';
import { authorizedFetch, createDeviceIdentity } from '../../src/auth/device-identity';
import { ScanCardDb } from '../../src/db/db';
import { deviceIdentity } from '../../src/db/device-identity.repo';
import { httpTransport } from '../../src/sync/transport';
import {
  PROXY_FAULTS,
  seededRandom,
  startFaultProxy,
  type FaultProxy,
  type ProxyFault,
  type ProxyHook,
} from './fault-proxy';
import { simTablet, type Enroller, type SimTablet } from './sim-tablet';
import { pendingCount } from '../../src/db/sync-meta.repo';

const SEED = Number(process.env.FAULT_PROXY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROUNDS = 25;
/** Rounds in which the server is SIGKILLed when the proxy sees a push: before forwarding it, or so many ms after. */
const KILLS = new Map<number, { when: ProxyHook['when']; afterMs?: number }>([
  [3, { when: 'afterForward', afterMs: 0 }],
  [7, { when: 'beforeForward' }],
  [12, { when: 'afterForward', afterMs: 0 }],
  [17, { when: 'afterForward', afterMs: 4 }],
  [21, { when: 'afterForward', afterMs: 12 }],
]);
/** A backup of the server's database is taken after this round, and restored (server stopped, file replaced) after that one. */
const BACKUP_AFTER = 8;
const RESTORE_AFTER = 14;
/** The proxy's body limit: larger pushes get a bare 413 (no limit stated) and the tablet splits them. */
const PROXY_BODY_LIMIT = 2 * 1024;
const WEIGHTS: Record<ProxyFault, number> = {
  pass: 8,
  dropRequest: 1,
  dropResponse: 1.5,
  delay: 1.5,
  duplicate: 1,
  truncateRequest: 1,
  truncateResponse: 1,
};
const CLIENT_TIMEOUT_MS = 800; // while faulty: a tablet gives up on a slow request (the proxy may still deliver it later)
const ADMIN_TOKEN = 'fault-proxy-admin-token';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server as its own process (`node --import tsx src/server/main.ts`) on a fixed port and file. */
function serverProcess(port: number, sqliteFile: string) {
  let child: ChildProcess | undefined;
  let tail = '';
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    starts: 0,
    stopped: false,
    async start() {
      if (this.stopped) return; // a restart racing the test's end must not leave a server behind
      this.starts += 1;
      const c = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          SQLITE_FILE: sqliteFile,
          SCANCARD_ADMIN_TOKEN: ADMIN_TOKEN,
          DIST_DIR: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = c;
      const keep = (d: Buffer) => (tail = (tail + String(d)).slice(-4000));
      c.stdout!.on('data', keep);
      c.stderr!.on('data', keep);
      for (let i = 0; i < 300; i++) {
        if (c.exitCode !== null) throw new Error(`server exited with ${c.exitCode}: ${tail}`);
        if (
          await fetch(`${url}/api/health`).then(
            (r) => r.ok,
            () => false,
          )
        )
          return;
        await sleep(50);
      }
      throw new Error(`server did not start: ${tail}`);
    },
    /** SIGKILL: no shutdown hooks, no flush, like a power cut. Resolves once the process is gone. */
    kill(): Promise<void> {
      const c = child!;
      if (c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
      const gone = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill('SIGKILL');
      return gone;
    },
    async stop() {
      this.stopped = true;
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const gone = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await gone;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const dir = mkdtempSync(join(tmpdir(), 'scancard-fault-proxy-'));
const sqliteFile = join(dir, 'server.sqlite');
const backupFile = join(dir, 'backup.sqlite');
let [backupEvents, restoredFrom, eventsBefore, lostInRestore] = [0, 0, 0, 0];
const countEvents = (file: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  } finally {
    db.close();
  }
};
let srv: ReturnType<typeof serverProcess>;
let px: FaultProxy;
let tablets: SimTablet[] = [];
const dbs: ScanCardDb[] = [];
beforeAll(async () => {
  srv = serverProcess(await freePort(), sqliteFile);
  await srv.start();
  px = await startFaultProxy({
    upstreamPort: Number(new URL(srv.url).port),
    seed: SEED,
    delayMs: [50, 1200],
    maxBodyBytes: PROXY_BODY_LIMIT,
  });
}, 30_000);
afterAll(async () => {
  await px?.close();
  await srv?.stop();
  await Promise.all([...tablets.map((t) => t.db), ...dbs].map((db) => db.delete()));
  rmSync(dir, { recursive: true, force: true });
});

/** A one-time enrolment code from the admin API (straight to the server, not through the proxy). */
async function enrolmentCode(): Promise<string> {
  const res = await fetch(`${srv.url}/api/admin/enrollment-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'fault proxy' }),
  });
  return ((await res.json()) as { code: string }).code;
}

const adminGet = <T>(path: string) =>
  fetch(`${srv.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).then(
    (r) => r.json() as Promise<T>,
  );

/** A fresh tablet database and its device identity, talking through the proxy. */
function proxiedTablet(fetchImpl?: typeof fetch) {
  const db = new ScanCardDb(`enrol-${randomUUID()}`);
  dbs.push(db);
  return {
    db,
    identity: createDeviceIdentity({ db, baseUrl: px.url, now: () => Date.now(), ...(fetchImpl && { fetchImpl }) }),
  };
}
const withTimeout =
  (ms: number): typeof fetch =>
  (input, init) =>
    fetch(input, { ...init, signal: AbortSignal.timeout(ms) });

// Issue 9 item 2 (was a bug): an enrol request whose reply is lost, that is delayed past the
// tablet's retry, or that arrives twice must leave the tablet enrolled with the id it was told;
// the same code with the same key always answers the same, and the tablet's key keeps working.
describe('enrolment through the faulty proxy', () => {
  it('a lost reply: the retry with the same code and key gets the same device id', async () => {
    const code = await enrolmentCode();
    const { db, identity } = proxiedTablet();
    px.script(['dropResponse']);
    await expect(identity.enrol(code, 'lost reply')).rejects.toThrow();
    expect(px.stats.faults.dropResponse).toBeGreaterThan(0);
    const deviceId = await identity.enrol(code, 'lost reply');
    const devices = await adminGet<{ devices: { id: string; label: string }[] }>('/api/admin/devices');
    expect(devices.devices.filter((d) => d.label === 'lost reply').map((d) => d.id)).toEqual([deviceId]);
    expect((await deviceIdentity(db))?.deviceId).toBe(deviceId);
    await expect(identity.sessionToken()).resolves.toEqual(expect.any(String));
  });

  it('a first try delayed past the retry, then delivered: still one device, and its key still works', async () => {
    const code = await enrolmentCode();
    const { identity } = proxiedTablet(withTimeout(300));
    px.script(['delay', 'pass']); // the first try waits 50–1200 ms in the proxy; the tablet gives up at 300
    const first = await identity.enrol(code, 'delayed').catch((e: unknown) => e);
    const deviceId = first instanceof Error ? await identity.enrol(code, 'delayed') : (first as string);
    await px.settled(); // the ghost of the first try reaches the server now, after the retry
    const devices = await adminGet<{ devices: { id: string; label: string }[] }>('/api/admin/devices');
    expect(devices.devices.filter((d) => d.label === 'delayed').map((d) => d.id)).toEqual([deviceId]);
    await expect(identity.sessionToken()).resolves.toEqual(expect.any(String));
  });

  it('a duplicated request: both copies answer the same id', async () => {
    const code = await enrolmentCode();
    const { identity } = proxiedTablet();
    px.script(['duplicate']);
    const deviceId = await identity.enrol(code, 'duplicated');
    await px.settled();
    const devices = await adminGet<{ devices: { id: string; label: string }[] }>('/api/admin/devices');
    expect(devices.devices.filter((d) => d.label === 'duplicated').map((d) => d.id)).toEqual([deviceId]);
    await expect(identity.sessionToken()).resolves.toEqual(expect.any(String));
    // Another tablet's key cannot use the code the first one used.
    await expect(proxiedTablet().identity.enrol(code, 'thief')).rejects.toThrow(/already used/);
  });
});

it('converges through a faulty TCP proxy while the server process is killed mid-push', async () => {
  const random = seededRandom(SEED ^ 0x5eed);
  // Enrolment over HTTP: a one-time code from the admin API, then the tablet enrols through the
  // (passing) proxy with its device key; the first tablet creates the first administrator, who signs
  // in on the others (pulling needs a person).
  let admin: { username: string; secret: string } | undefined;
  const enroller: Enroller = {
    async enrol(db) {
      const identity = createDeviceIdentity({ db, baseUrl: px.url, now: () => Date.now() });
      const deviceId = await identity.enrol(await enrolmentCode(), 'fault-proxy tablet');
      const api = authApi(px.url, authorizedFetch(identity));
      const signedIn = admin
        ? await api.login(admin.username, admin.secret)
        : await api.firstAdmin('fault-admin', 'Fault admin', 'fault-proxy-password');
      admin ??= { username: 'fault-admin', secret: 'fault-proxy-password' };
      return {
        deviceId,
        headers: async () => ({
          authorization: `Bearer ${await identity.sessionToken()}`,
          'x-user-token': signedIn.token,
        }),
      };
    },
  };
  tablets = [];
  for (const offset of [-3_600_000, 0, 90_000]) tablets.push(await simTablet(enroller, offset));

  let faulty = true;
  const transport = (t: SimTablet) =>
    httpTransport(px.url, async (input, init) =>
      fetch(input, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), ...(await t.headers()) },
        ...(faulty && { signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) }),
      }),
    );
  const syncTolerant = async (t: SimTablet) => {
    try {
      await t.sync(transport(t));
      return true;
    } catch (e) {
      if ((e as Error).name !== 'TransientSyncError') throw e; // a refusal (4xx) here would be a bug
      return false;
    }
  };
  let restarting: Promise<void> = Promise.resolve();
  const killedBatches: string[] = [];
  const killServer = (afterMs: number) => (body: Buffer) => {
    killedBatches.push((JSON.parse(body.toString()) as { batchId: string }).batchId);
    const gone = (afterMs ? sleep(afterMs) : Promise.resolve()).then(() => srv.kill());
    restarting = gone.then(() => srv.start());
    return gone;
  };

  px.setWeights(WEIGHTS);
  px.script(PROXY_FAULTS.filter((f) => f !== 'pass')); // every fault at least once, early
  let completedSyncs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const kill = KILLS.get(round);
    for (const [i, t] of tablets.entries()) {
      const ops = 1 + Math.floor(random() * 3);
      for (let k = 0; k < ops; k++) {
        // In a kill round every tablet has something to push, so a push does reach the proxy.
        if ((kill && k === 0) || random() < 0.3) await t.createRun();
        else await t.work(Math.floor(random() * 6) + i, random() < 0.5 ? 'answer' : random() < 0.75 ? 'next' : 'back');
      }
    }
    if (kill)
      px.arm({
        when: kill.when,
        match: (method, url) => method === 'POST' && url === '/api/sync/push',
        action: killServer(kill.afterMs ?? 0),
      });
    for (let attempt = 0; attempt < 2; attempt++)
      completedSyncs += (await Promise.all(tablets.map(syncTolerant))).filter(Boolean).length;
    expect(px.armed, `round ${round}: no push reached the proxy, the server was not killed`).toBe(false);
    await restarting;
    if (round === BACKUP_AFTER) {
      const live = new Database(sqliteFile, { fileMustExist: true });
      await live.backup(backupFile); // online, as a nightly backup job would
      live.close();
      backupEvents = countEvents(backupFile);
    }
    if (round === RESTORE_AFTER) {
      eventsBefore = countEvents(sqliteFile);
      await srv.kill();
      for (const suffix of ['-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true });
      copyFileSync(backupFile, sqliteFile);
      restoredFrom = countEvents(sqliteFile);
      lostInRestore = eventsBefore - restoredFrom;
      await srv.start();
    }
  }

  // The network heals: ghosts (delayed requests) arrive, the server is up, everyone syncs twice.
  faulty = false;
  await px.settled();
  px.setWeights({ pass: 1 });
  await restarting;
  for (let pass = 0; pass < 2; pass++) for (const t of tablets) await t.sync(transport(t));
  await px.settled();

  expect(restoredFrom).toBe(backupEvents);
  expect(lostInRestore, 'the restore took acknowledged events away').toBeGreaterThan(0);
  const created = new Set<string>();
  for (const t of tablets) for (const e of await t.db.events.toArray()) if (e.device === t.deviceId) created.add(e.id);
  const sqlite = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  const onServer = (sqlite.prepare('SELECT id FROM events ORDER BY seq').all() as { id: string }[]).map((r) => r.id);
  const killedButStored = sqlite
    .prepare(`SELECT COUNT(*) AS n FROM batches WHERE batch_id IN (${killedBatches.map(() => '?').join(',')})`)
    .get(...killedBatches) as { n: number };
  const reusedSeqs = sqlite
    .prepare('SELECT device, device_seq FROM events GROUP BY device, device_seq HAVING COUNT(*) > 1')
    .all();
  sqlite.close();

  const ids = async (t: SimTablet) => new Set((await t.db.events.toArray()).map((e) => e.id));
  const view = async (t: SimTablet) =>
    (await openRuns(t.vault, await t.db.runs.toArray()))
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((r) => ({
        id: r.id,
        status: r.status,
        state: r.state,
        events: r.eventCount,
        rejected: r.rejectedEventIds ?? [],
      }));
  const all = await tablets[0]!.db.events.toArray();
  const runs = await view(tablets[0]!);
  const shared = runs.filter(
    (r) => new Set(all.filter((e) => e.streamId === r.id).map((e) => e.device)).size > 1,
  ).length;
  console.log(
    `fault proxy (seed ${SEED}): ${ROUNDS} rounds, ${px.stats.requests} requests, ${completedSyncs}/${ROUNDS * 6} syncs completed during faults; ` +
      `server started ${srv.starts}× (kills: ${JSON.stringify(px.stats.hooks)}, push ${JSON.stringify(px.stats.hookOutcomes)}, stored before the kill ${killedButStored.n}); faults ${JSON.stringify(px.stats.faults)}; ` +
      `on pushes ${JSON.stringify(px.stats.pushFaults)}; 502s ${px.stats.upstreamErrors}; ghost replies ${px.stats.ghostReplies}; truncated requests → ${JSON.stringify(px.stats.truncatedRequestOutcomes)}; ` +
      `${created.size} events, ${runs.length} runs (${shared} edited on several tablets); ` +
      `restore after round ${RESTORE_AFTER} to the backup of round ${BACKUP_AFTER} took ${lostInRestore} acknowledged events away; ` +
      `${px.stats.tooLarge} pushes over ${PROXY_BODY_LIMIT} bytes refused by the proxy (413)`,
  );

  expect(onServer.length).toBe(new Set(onServer).size); // exactly once
  expect(reusedSeqs).toEqual([]); // no event recorded twice under a new id
  expect(new Set(onServer)).toEqual(created); // nothing lost, nothing invented
  for (const t of tablets) {
    expect(await ids(t)).toEqual(created);
    expect(await pendingCount(t.db)).toBe(0);
  }
  for (const t of tablets.slice(1)) expect(await view(t)).toEqual(runs);
  // The scenario really happened: every fault applied, every kill done, cut-short requests never accepted.
  for (const f of PROXY_FAULTS) expect(px.stats.faults[f], f).toBeGreaterThan(0);
  expect(px.stats.hooks.beforeForward + px.stats.hooks.afterForward).toBe(KILLS.size);
  expect(srv.starts).toBe(KILLS.size + 2); // the kills, and the restore
  expect(px.stats.tooLarge).toBeGreaterThan(0);
  expect(
    Object.keys(px.stats.truncatedRequestOutcomes).filter((s) => !/: (4\d\d|closed|server down)$/.test(s)),
  ).toEqual([]);
  expect(px.stats.ghostReplies).toBeGreaterThan(0);
  expect(shared).toBeGreaterThan(0);
}, 120_000);
