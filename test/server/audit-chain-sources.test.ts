// Two kinds of entry join the one chain on the way in: a tablet's alarm acknowledgement (pushed as
// audit.entry, attributed to the pushing session) and the server's own record of a bulk read (a
// pull that carried events). Both are chained: an edit of either behind the server's back is named.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../src/domain/sync/protocol.schema';
import { buildServer } from '../../src/server/app';
import { newToken } from '../../src/server/auth';
import type { SyncStore } from '../../src/server/store/store';
import { hashUserToken } from '../../src/server/user-auth';
import { enrolInStore } from '../setup/enrol-device';
import { ENGINES, openTestStore, type TestDb } from './engines';
import { eventFactory } from './fixtures';
import { hashOnce, PIN } from './harness';

const NOW = Date.UTC(2026, 10, 23, 10);

async function tabletWithTech(store: SyncStore, label: string) {
  const { deviceId, token } = await enrolInStore(store, NOW, label, 365 * 86_400_000);
  const u = await store.createUser({
    id: randomUUID(),
    username: `tech-${randomUUID().slice(0, 6)}`,
    displayName: 'Tech',
    role: 'technologist',
    secretHash: await hashOnce(PIN),
    now: NOW,
  });
  if (typeof u === 'string') throw new Error(u);
  const user = newToken();
  await store.addUserToken({
    tokenHash: hashUserToken(user),
    userId: u.id,
    deviceId,
    createdAt: NOW,
    expiresAt: NOW + 3600_000,
  });
  return { deviceId, token, user, userId: u.id };
}

describe.each(ENGINES)('alarm acknowledgements and bulk reads in the audit chain on $name', (engine) => {
  let db: TestDb;
  afterEach(async () => {
    await db.dispose();
  });

  it('chains both with the server’s attribution, and the verifier names each once edited', async () => {
    db = await engine.create();
    const store = await openTestStore(db);
    const app = await buildServer({ store, now: () => NOW });
    const a = await tabletWithTech(store, 'CT 1');
    const b = await tabletWithTech(store, 'CT 2');
    const events = eventFactory(a.deviceId);
    const runId = randomUUID();
    const ack = {
      ...events.next('x'),
      streamId: `audit:${a.deviceId}`,
      user: 'someone-else', // a claim: the server attributes the entry to the pushing session
      type: 'audit.entry',
      payload: { action: 'alarm.ack', subject: runId, detail: 'contrast observation due' },
    } as SyncEvent;
    const pushed = await app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: { authorization: `Bearer ${a.token}`, 'x-user-token': a.user },
      payload: { batchId: randomUUID(), events: [events.created(runId, 'P-77'), ack] },
    });
    expect(pushed.json().accepted).toHaveLength(2);
    const pulled = await app.inject({
      url: '/api/sync/pull?after=0',
      headers: { authorization: `Bearer ${b.token}`, 'x-user-token': b.user },
    });
    expect(pulled.json().events).toHaveLength(2);

    const seen = await store.auditEntries({ from: 0, to: NOW + 1, limit: 100, offset: 0 });
    const acked = seen.find((e) => e.action === 'alarm.ack');
    const read = seen.find((e) => e.action === 'data.read');
    expect(acked).toMatchObject({
      id: ack.id,
      source: 'tablet',
      userId: a.userId,
      deviceId: a.deviceId,
      claimedUser: 'someone-else',
      subject: runId,
    });
    expect(read).toMatchObject({ source: 'server', userId: b.userId, deviceId: b.deviceId, subject: 'sync.pull' });
    expect(read!.detail).toMatch(/^2 events of 2 runs/); // the run and the tablet's audit stream
    expect(await store.verifyAudit()).toMatchObject({ problems: [] });
    await app.close();
    await store.close();

    const raw = await db.raw();
    await raw.exec(
      engine.name === 'sqlite'
        ? 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete'
        : 'DROP TRIGGER audit_log_no_change ON audit_log',
    );
    await raw.exec(`UPDATE audit_log SET detail = '0 events' WHERE action = 'data.read'`);
    await raw.exec(`UPDATE audit_log SET user_id = NULL WHERE action = 'alarm.ack'`); // "nobody acknowledged it"
    await raw.close();
    const reopened = await openTestStore(db);
    const { problems } = await reopened.verifyAudit();
    await reopened.close();
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^entry 1 \\(id ${ack.id}, alarm\\.ack at .*\\) was changed, forged or moved`)),
      expect.stringMatching(/^entry 2 \(id [0-9a-f-]+, data\.read at .*\) was changed, forged or moved/),
    ]);
  });
});
