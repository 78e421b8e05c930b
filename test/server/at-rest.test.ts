// What a stolen copy of the server's database shows: the raw rows (PostgreSQL) and the raw file
// bytes (SQLite, with its WAL) hold no patient id, name, birth date, free text or tablet data key in
// clear (the events, nor the run read model projected from them), for a new database and for one a
// release without sealing wrote; what the server serves back is byte for byte what it acknowledged;
// key rotation re-wraps and leaves the old key unneeded.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../src/domain/sync/protocol.schema';
import { buildServer } from '../../src/server/app';
import { canonicalJson } from '../../src/server/canonical-json';
import { ephemeralKeyring, keyringFromFile, rotateKeyFile } from '../../src/server/keys/keyring';
import { loadMigrations, migrate } from '../../src/server/store/migrations/migrate';
import { keyFileBeside, openSqliteStore, openStore } from '../../src/server/store/open-store';
import type { SyncStore } from '../../src/server/store/store';
import { FIXTURE } from '../fixtures/release-0.1.facts';
import { enrolInStore } from '../setup/enrol-device';
import { ENGINES, openTestStore, type TestDb } from './engines';
import { eventFactory } from './fixtures';
import { hashOnce, PIN } from './harness';

const PATIENT = { patientId: 'MRN-SECRET-90417', name: 'Xiaoming Secretname', birthDate: '1958-07-19' };
const REASON = 'patient in severe pain, left arm fractured';
const ANSWER = 'allergic to iodinated contrast since 2011';

/** The places a stolen copy can be read: every row as text, and for SQLite every byte of its files. */
async function everythingStored(db: TestDb): Promise<string> {
  const raw = await db.raw();
  const rows = (await raw.dump()).join('\n');
  await raw.close();
  const files = db.file
    ? [db.file, `${db.file}-wal`, `${db.file}-shm`].filter(existsSync).map((f) => readFileSync(f).toString('latin1'))
    : [];
  return [rows, ...files].join('\n');
}

function expectNothingReadable(stored: string, secrets: readonly string[], deks: readonly Buffer[]) {
  for (const s of secrets) {
    expect(stored, s).not.toContain(s);
    expect(stored, `${s} (UTF-8 bytes)`).not.toContain(Buffer.from(s, 'utf8').toString('latin1'));
  }
  for (const dek of deks) {
    expect(stored).not.toContain(dek.toString('hex'));
    expect(stored).not.toContain(dek.toString('base64'));
    expect(stored).not.toContain(dek.toString('latin1'));
  }
}

async function pushSensitiveRun(store: SyncStore) {
  const at = Date.UTC(2026, 10, 23, 10);
  // Enrolled by a device key: the path every tablet takes now, so its escrowed data key is sealed too.
  const { deviceId, token } = await enrolInStore(store, at, 'CT 1', 365 * 86_400_000);
  const f = eventFactory(deviceId);
  const runId = randomUUID();
  const created = f.created(runId, PATIENT.patientId) as Extract<SyncEvent, { type: 'run.created' }>;
  const events: SyncEvent[] = [
    { ...created, payload: { ...created.payload, patient: { ...created.payload.patient!, ...PATIENT } } },
    f.answer(runId, 'notes', ANSWER),
    ...[
      { type: 'answer', itemId: 'twoIdentifiers', value: true },
      { type: 'answer', itemId: 'requestMatches', value: true },
      { type: 'next' },
      { type: 'answer', itemId: 'pregnancy', value: 'notApplicable' },
      { type: 'next' },
      { type: 'skip', reason: REASON }, // the preparation step: the read model keeps the reason
    ].map((payload) => ({ ...f.next(runId), payload }) as SyncEvent),
  ];
  const app = await buildServer({ store, now: () => at });
  const push = await app.inject({
    method: 'POST',
    url: '/api/sync/push',
    headers: { authorization: `Bearer ${token}` },
    payload: { batchId: randomUUID(), events },
  });
  expect(push.statusCode).toBe(200);
  await store.createUser({
    id: randomUUID(),
    username: 'wang',
    displayName: 'Wang',
    role: 'technologist',
    secretHash: await hashOnce(PIN),
    now: 1,
  });
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { authorization: `Bearer ${token}` },
    payload: { username: 'wang', secret: PIN },
  });
  const dek = Buffer.from(login.json().dek as string, 'base64');
  expect(dek).toHaveLength(32);
  // Reading needs a person: the device session and the signed-in user's token.
  const pull = await app.inject({
    url: '/api/sync/pull?after=0',
    headers: { authorization: `Bearer ${token}`, 'x-user-token': login.json().token as string },
  });
  await app.close();
  return { events, dek, pulled: pull.body };
}

describe.each(ENGINES)('the database at rest on $name', (engine) => {
  let db: TestDb;
  afterEach(async () => {
    await db.dispose();
  });

  it('holds no patient id, name, birth date, free text or data key in clear', async () => {
    db = await engine.create();
    const store = await openTestStore(db);
    const { events, dek } = await pushSensitiveRun(store);
    // What the server hands back is what it acknowledged, byte for byte.
    const page = await store.eventsAfter(0, 100);
    expect(page.rows.map((r) => r.body)).toEqual(events.map(canonicalJson));
    // The read model, projected in the push, opens to the reasons the run recorded, and its columns still count.
    const [projected] = await store.projectedRuns({ from: 0, to: 8e15, limit: 10 });
    expect(JSON.parse(projected!.body!)).toMatchObject({ skips: [{ reason: REASON }] });
    expect(await store.projectionCounts({ from: 0, to: 8e15 })).toMatchObject([{ priority: 'routine', runs: 1 }]);
    await store.close();
    expectNothingReadable(await everythingStored(db), [...Object.values(PATIENT), REASON, ANSWER], [dek]);
  });

  it('seals what a release without sealing wrote in clear, the first time it opens the database', async () => {
    db = await engine.create('release-0.1');
    const raw = await db.raw();
    const clearDeks = (await raw.rows('devices')).map((r) => r.dek as Buffer).filter(Boolean);
    const clearBodies = (await raw.rows('events')).map((r) => r.body as string);
    await raw.close();
    expect(await everythingStored(db)).toContain(FIXTURE.patient.patientId); // the starting point: in clear
    const store = await openTestStore(db);
    expect((await store.eventsAfter(0, 100)).rows.map((r) => r.body)).toEqual(clearBodies);
    expect(await store.deviceDek(FIXTURE.devices.ct.id)).toEqual(clearDeks[0]);
    await store.close();
    expectNothingReadable(
      await everythingStored(db),
      [FIXTURE.patient.patientId, FIXTURE.patient.name, FIXTURE.patient.birthDate],
      clearDeks,
    );
  });

  it('seals the run read model a release without sealing projected in clear', async () => {
    db = await engine.create();
    const d = db.dialect();
    await migrate(
      d,
      (await loadMigrations()).filter((m) => m.name <= '0003'),
    );
    await d.close();
    const raw = await db.raw();
    const runId = randomUUID();
    await raw.exec(`INSERT INTO run_projections (run_id, status, needs_review, skip_count, fast_path_count, event_count,
        engine_version, projected_at, problem, body)
      VALUES ('${runId}', 'projectionFailed', FALSE, 0, 0, 1, 1, 1, 'cannot read ${ANSWER}', '{"reason":"${REASON}"}')`);
    await raw.close();
    expect(await everythingStored(db)).toContain(REASON); // the starting point: in clear
    const store = await openTestStore(db);
    expect(await store.projectionsOf([runId])).toMatchObject([
      { problem: `cannot read ${ANSWER}`, body: `{"reason":"${REASON}"}` },
    ]);
    await store.close();
    expectNothingReadable(await everythingStored(db), [REASON, ANSWER], []);
  });

  it('refuses a sealed body moved to another row, and a database opened with the wrong key', async () => {
    db = await engine.create();
    const store = await openTestStore(db);
    await pushSensitiveRun(store);
    await store.close();
    const raw = await db.raw();
    const [a, b] = (await raw.rows('events')) as { seq: number; body: string }[];
    await raw.exec(`UPDATE events SET body = '${b!.body}' WHERE seq = ${a!.seq}`);
    await raw.close();
    const reopened = await openTestStore(db);
    await expect(reopened.eventsAfter(0, 100)).rejects.toThrow(/does not open: it was changed, moved/);
    await reopened.close();
    await expect(openStore(db.dialect(), ephemeralKeyring())).rejects.toThrow(/data key \w+ .* does not open/);
  });

  it('rotates the key-encryption key: data keys re-wrapped, the old key no longer needed', async () => {
    db = await engine.create();
    const dir = mkdtempSync(join(tmpdir(), 'scancard-keys-'));
    try {
      const file = join(dir, 'scancard.key');
      const first = keyringFromFile(file);
      const store = await openStore(db.dialect(), first);
      const { events } = await pushSensitiveRun(store);
      const rotated = rotateKeyFile(file);
      expect(rotated.current).not.toBe(first.current);
      // The sealing key, the audit chain's key and the blind-index key.
      expect(await store.rewrapDataKeys(rotated, Date.now())).toEqual({ rewrapped: 3, released: [first.current] });
      await store.close();
      const raw = await db.raw();
      expect(new Set((await raw.rows('data_keys')).map((r) => r.kek_id))).toEqual(new Set([rotated.current]));
      await raw.close();
      // Only the new key: everything still opens, the same bytes as acknowledged.
      const onlyNew = { ...rotated, keys: new Map([[rotated.current, rotated.keys.get(rotated.current)!]]) };
      const again = await openStore(db.dialect(), onlyNew);
      expect((await again.eventsAfter(0, 100)).rows.map((r) => r.body)).toEqual(events.map(canonicalJson));
      expect(await again.verifyAudit()).toMatchObject({ entries: 1, problems: [] }); // the sign-in
      await again.close();
      // Only the old key: refused, naming the key it needs.
      const onlyOld = { ...first, keys: new Map([[first.current, first.keys.get(first.current)!]]) };
      await expect(openStore(db.dialect(), onlyOld)).rejects.toThrow(
        new RegExp(`wrapped by key "${rotated.current}", which the key file .* does not hold`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('files on disk', () => {
  it('makes the database, its WAL and its key file 0600 in a 0700 folder', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'scancard-modes-'));
    const old = process.umask(0o022); // a usual umask: the server must not rely on a strict one
    try {
      const file = join(parent, 'var', 'scancard.sqlite');
      const store = await openSqliteStore(file);
      await store.addEnrollmentCode({ codeHash: 'x', label: 'x', createdAt: 0, expiresAt: 1 }); // the WAL exists
      const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
      expect(mode(join(parent, 'var'))).toBe('700');
      for (const f of [file, `${file}-wal`, keyFileBeside(file)]) expect(mode(f), f).toBe('600');
      await store.close();
    } finally {
      process.umask(old);
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
