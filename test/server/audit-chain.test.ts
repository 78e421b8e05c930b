// The audit trail is the server's account, not the tablets': a tablet's entry is attributed to the
// device and session that delivered it (its own "user" and "at" are kept as claims), and every entry
// is chained, so a row edited, deleted, reordered or forged behind the server's back — past the
// database's own append-only triggers — is named by the verifier, on both stores.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../src/domain/sync/protocol.schema';
import { buildServer } from '../../src/server/app';
import { newToken } from '../../src/server/auth';
import { keyFileBeside, openSqliteStore } from '../../src/server/store/open-store';
import type { SyncStore } from '../../src/server/store/store';
import { hashUserToken } from '../../src/server/user-auth';
import { ENGINES, openTestStore, type TestDb } from './engines';
import { eventFactory } from './fixtures';
import { hashOnce, PIN, type UUID } from './harness';
import { enrolInStore } from '../setup/enrol-device';

const NOW = Date.UTC(2026, 10, 23, 10);
const Y2001 = Date.UTC(2001, 0, 1);

async function setUp(store: SyncStore) {
  const { deviceId, token } = await enrolInStore(store, NOW, 'CT 1', 365 * 86_400_000);
  const user = async (role: 'admin' | 'technologist' | 'qaLead') => {
    const u = await store.createUser({
      id: randomUUID(),
      username: `${role}-${randomUUID().slice(0, 6)}`,
      displayName: role,
      role,
      secretHash: await hashOnce(PIN),
      now: NOW,
    });
    if (typeof u === 'string') throw new Error(u);
    const t = newToken();
    await store.addUserToken({
      tokenHash: hashUserToken(t),
      userId: u.id,
      deviceId,
      createdAt: NOW,
      expiresAt: NOW + 3600_000,
    });
    return { ...u, token: t };
  };
  const app = await buildServer({ store, now: () => NOW });
  return {
    deviceId,
    token,
    app,
    admin: await user('admin'),
    tech: await user('technologist'),
    qa: await user('qaLead'),
  };
}

function forgedEntry(events: ReturnType<typeof eventFactory>, deviceId: UUID, claimedUser: string): SyncEvent {
  const e = events.next('x'); // one factory per tablet: each entry takes the next sequence number
  return {
    ...e,
    streamId: `audit:${deviceId}`,
    user: claimedUser,
    at: Y2001,
    type: 'audit.entry',
    payload: { action: 'export', subject: 'exam-records', detail: 'all records' },
  } as SyncEvent;
}

describe.each(ENGINES)('the audit trail on $name', (engine) => {
  let db: TestDb;
  afterEach(async () => {
    await db.dispose();
  });

  it("attributes a tablet's entry to the device and session that pushed it, never to the payload", async () => {
    db = await engine.create();
    const store = await openTestStore(db);
    const s = await setUp(store);
    const push = (events: SyncEvent[], user?: string) =>
      s.app.inject({
        method: 'POST',
        url: '/api/sync/push',
        headers: { authorization: `Bearer ${s.token}`, ...(user && { 'x-user-token': user }) },
        payload: { batchId: randomUUID(), events },
      });
    const events = eventFactory(s.deviceId);
    const forged = forgedEntry(events, s.deviceId, s.admin.id);
    expect((await push([forged])).json().accepted).toEqual([forged.id]); // nobody signed in: the device alone
    const fromTech = forgedEntry(events, s.deviceId, s.admin.id);
    expect((await push([fromTech], s.tech.token)).json().accepted).toEqual([fromTech.id]);

    const view = (q: string) =>
      s.app.inject({
        url: `/api/audit${q}`,
        headers: { authorization: `Bearer ${s.token}`, 'x-user-token': s.qa.token },
      });
    const all = (await view('?action=export')).json().entries as Record<string, unknown>[];
    expect(all).toEqual([
      expect.objectContaining({ id: fromTech.id, userId: s.tech.id, claimedUser: s.admin.id }),
      expect.objectContaining({ id: forged.id, userId: null, claimedUser: s.admin.id }),
    ]);
    for (const e of all) expect(e).toMatchObject({ source: 'tablet', deviceId: s.deviceId, at: NOW, claimedAt: Y2001 });
    expect((await view(`?user=${s.admin.id}`)).json().entries).toEqual([]);
    expect((await view(`?to=${Y2001 + 1}`)).json().entries).toEqual([]);
    await s.app.close();
    await store.close();
  });

  it('the verifier names an entry edited, deleted, reordered or forged behind the server’s back', async () => {
    db = await engine.create();
    const store = await openTestStore(db);
    for (let i = 1; i <= 6; i++)
      await store.appendAudit({ id: `entry-${i}`, at: NOW + i, action: 'login', userId: `user-${i}` });
    expect(await store.verifyAudit()).toMatchObject({ entries: 6, problems: [], head: { seq: 6 } });
    await store.close();

    const raw = await db.raw();
    // Someone with the database (not the key file) first removes the database's own guard.
    await raw.exec(
      engine.name === 'sqlite'
        ? 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete'
        : 'DROP TRIGGER audit_log_no_change ON audit_log',
    );
    await raw.exec(`UPDATE audit_log SET user_id = 'user-9' WHERE seq = 2`);
    await raw.exec(`DELETE FROM audit_log WHERE seq = 4`);
    await raw.exec(`UPDATE audit_log SET seq = 100 WHERE seq = 5`);
    await raw.exec(`UPDATE audit_log SET seq = 5 WHERE seq = 6`);
    await raw.exec(`UPDATE audit_log SET seq = 6 WHERE seq = 100`);
    await raw.exec(
      `INSERT INTO audit_log (seq, id, at, source, action, mac) VALUES (7, 'forged', ${NOW}, 'server', 'export', '${'0'.repeat(64)}')`,
    );
    await raw.close();

    const reopened = await openTestStore(db);
    const { problems, entries } = await reopened.verifyAudit();
    await reopened.close();
    expect(entries).toBe(6);
    expect(problems).toEqual([
      expect.stringMatching(/^entry 2 \(id entry-2, login at .*\) was changed, forged or moved/),
      'entry 4 is missing (deleted) before entry 5 (id entry-6)',
      expect.stringMatching(/^entry 6 \(id entry-5, .*\) was changed, forged or moved/),
      expect.stringMatching(/^entry 7 \(id forged, export at .*\) was changed, forged or moved/),
    ]);
  });
});

describe('verify-audit from the shell', () => {
  it('says the trail is intact, and exits 1 naming the entry once a row was edited', async () => {
    const db = await ENGINES[0]!.create();
    const run = promisify(execFile);
    const cli = (file: string) =>
      run('node_modules/.bin/tsx', ['src/server/cli.ts', 'verify-audit'], {
        env: { ...process.env, SQLITE_FILE: file },
      });
    try {
      const store = await openSqliteStore(db.file!);
      await store.appendAudit({ id: 'e1', at: NOW, action: 'login' });
      await store.appendAudit({ id: 'e2', at: NOW + 1, action: 'export', subject: 'exam-records' });
      await store.close();
      expect(keyFileBeside(db.file!)).toMatch(/scancard\.key$/);
      expect((await cli(db.file!)).stderr).toMatch(/audit trail intact: 2 entries, head 2 [0-9a-f]{64}/);

      const raw = await db.raw();
      await raw.exec(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET subject = 'nothing' WHERE seq = 2`);
      await raw.close();
      const failed = await cli(db.file!).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toMatch(/entry 2 \(id e2, export at .*\) was changed, forged or moved/);
    } finally {
      await db.dispose();
    }
  });
});
