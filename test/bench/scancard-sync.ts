// ScanCard side of the sync benchmark: a real server (Fastify + SQLite file) on a loopback port,
// tablet A (fake-indexeddb) pushing its whole outbox with syncOnce over HTTP, and a fresh tablet B
// pulling everything with syncOnce (HTTP + merge into its IndexedDB + rebuilding every run).
// Each tablet has its own data key: A opens its sealed outbox to push, B seals every merged event
// and run row — both inside the timed syncOnce, as in the app.
import 'fake-indexeddb/auto'; // before Dexie loads: it looks for IndexedDB when imported
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ScanCardDb, type StoredEvent } from '../../src/db/db';
import { deviceMeta } from '../../src/db/device.repo';
import { getRun } from '../../src/db/runs.queries';
import { pendingCount } from '../../src/db/sync-meta.repo';
import { MAX_PUSH_EVENTS, type PullResponse } from '../../src/domain/sync/protocol.schema';
import { buildServer } from '../../src/server/app';
import { authorizedFetch, createDeviceIdentity } from '../../src/auth/device-identity';
import { issueEnrollmentCode, newToken } from '../../src/server/auth';
import { hashUserToken } from '../../src/server/user-auth';
import { openSqliteStore } from '../../src/server/store/open-store';
import type { SyncStore } from '../../src/server/store/store';
import { syncOnce } from '../../src/sync/sync-engine';
import { httpTransport } from '../../src/sync/transport';
import { EVENTS_PER_RUN, syncContext, tabletVault, tabletWithOutbox } from './bench-events';
import { tempDir, timed, type Timing } from './bench-util';

export type ScanCardResult = {
  readonly events: number;
  readonly push: Timing;
  readonly pull: Timing;
  /** Only the HTTP pages (fetch + JSON parse), no merge: B's credentials, same page size as syncOnce. */
  readonly rawPull: Timing;
  readonly rawPullBytes: number;
  readonly pushRequests: string;
  readonly problems: readonly string[];
  /** What tablet A held, for the PouchDB baseline. */
  readonly dataset: readonly StoredEvent[];
};

/** The real enrolment route with a device key; the returned fetch proves the key. */
async function enrol(store: SyncStore, baseUrl: string, db: ScanCardDb, label: string) {
  const identity = createDeviceIdentity({ db, baseUrl, now: () => Date.now() });
  await identity.enrol(await issueEnrollmentCode(store, label, Date.now()), label);
  return { identity, fetch: authorizedFetch(identity) };
}

/** Pulling needs a person: a technologist signed in on the tablet (made in the store, no scrypt cost). */
async function signedIn(store: SyncStore, deviceId: string): Promise<string> {
  const user = await store.createUser({
    id: randomUUID(),
    username: `bench-${randomUUID().slice(0, 8)}`,
    displayName: 'Bench',
    role: 'technologist',
    secretHash: 'not-used',
    now: Date.now(),
  });
  if (typeof user === 'string') throw new Error(user);
  const token = newToken();
  await store.addUserToken({
    tokenHash: hashUserToken(token),
    userId: user.id,
    deviceId,
    createdAt: Date.now(),
    expiresAt: Date.now() + 3600_000,
  });
  return token;
}

/** Pages through everything after 0 the way the transport does (fetch + JSON.parse), counting bytes. */
async function rawPull(
  baseUrl: string,
  authorized: typeof fetch,
  limit: number,
): Promise<{ events: number; bytes: number }> {
  let cursor = { events: 0, sops: 0 };
  let events = 0;
  let bytes = 0;
  for (;;) {
    const res = await authorized(
      `${baseUrl}/api/sync/pull?after=${cursor.events}&sopsAfter=${cursor.sops}&limit=${limit}`,
    );
    const text = await res.text();
    if (!res.ok) throw new Error(`pull failed: HTTP ${res.status} ${text}`);
    bytes += Buffer.byteLength(text);
    const page = JSON.parse(text) as PullResponse;
    events += page.events.length;
    cursor = page.cursor;
    if (!page.more) return { events, bytes };
  }
}

export async function scancardSync(runs: number): Promise<ScanCardResult> {
  const b = new ScanCardDb(`bench-b-${randomUUID()}`);
  const bVault = tabletVault();
  const dir = tempDir('scancard-bench-');
  const store = await openSqliteStore(join(dir, 'bench.sqlite'));
  const app = await buildServer({ store, rateLimitPerMinute: 1_000_000_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  let enrolledA: Awaited<ReturnType<typeof enrol>> | undefined;
  const a = await tabletWithOutbox(`bench-a-${randomUUID()}`, runs, async (db) => {
    enrolledA = await enrol(store, baseUrl, db, 'bench tablet A');
  });
  const problems: string[] = [];
  try {
    const { identity: identityB } = await enrol(store, baseUrl, b, 'bench tablet B');
    const userB = await signedIn(store, (await deviceMeta(b)).deviceId);
    const fetchB = authorizedFetch(identityB, () => userB);
    const ctxA = syncContext(a.vault);
    const ctxB = syncContext(bVault);
    // A's round pulls after it pushes (only its own events come back): it needs a person too.
    const userA = await signedIn(store, (await deviceMeta(a.db)).deviceId);
    const transportA = httpTransport(
      baseUrl,
      authorizedFetch(enrolledA!.identity, () => userA),
    );
    const transportB = httpTransport(baseUrl, fetchB);
    let pushCalls = 0;
    const counting: typeof transportA = {
      ...transportA,
      push: (request) => {
        pushCalls += 1;
        return transportA.push(request);
      },
    };

    const push = await timed(() => syncOnce(a.db, counting, ctxA));
    const raw = await timed(() => rawPull(baseUrl, fetchB, 1000)); // syncOnce's default page size
    const pull = await timed(() => syncOnce(b, transportB, ctxB));

    const n = runs * EVENTS_PER_RUN;
    const runRows = await b.runs.toArray();
    const check = (ok: boolean, what: string) => ok || problems.push(what);
    check(push.value.pushed === n, `A pushed ${push.value.pushed} of ${n}`);
    check((await pendingCount(a.db)) === 0, 'A outbox not empty');
    check((await store.eventCount()) === n, `server holds ${await store.eventCount()} events`);
    check(raw.value.events === n, `raw pull saw ${raw.value.events} events`);
    check(pull.value.pulled === n && (await b.events.count()) === n, `B merged ${pull.value.pulled} events`);
    check(runRows.length === runs, `B has ${runRows.length} runs`);
    check(
      runRows.every((r) => r.eventCount === EVENTS_PER_RUN && !r.rejectedEventIds?.length),
      'B rebuilt runs with rejected events',
    );
    const bEvents = await b.events.toArray();
    check(
      bEvents.every((e) => (e.sealed || e.inPage) && e.payload === undefined),
      'B stored run events unsealed',
    );
    // B's rows open with B's key only (spot check outside the timing): same patient as A recorded.
    const sample = a.events.find((e) => e.type === 'run.created')!;
    const opened = await getRun(b, bVault, sample.streamId);
    check(
      sample.type === 'run.created' && opened?.header.patient?.patientId === sample.payload.patient?.patientId,
      'B cannot open a merged run with its key',
    );
    check(
      await getRun(b, a.vault, sample.streamId).then(
        () => false,
        () => true,
      ),
      "B's rows open with A's key",
    );
    return {
      events: n,
      push,
      pull,
      rawPull: raw,
      rawPullBytes: raw.value.bytes,
      pushRequests: `${pushCalls} push requests of ≤ ${MAX_PUSH_EVENTS} events`,
      problems,
      dataset: a.events,
    };
  } finally {
    await app.close();
    await store.close();
    await a.db.delete();
    await b.delete();
    rmSync(dir, { recursive: true, force: true });
  }
}
