// Every route × every kind of credential the probe tried, with the expected answer written out by
// hand (not computed from PERMISSIONS, so a privilege added to the role table by mistake fails here),
// and every route the server registers (Fastify's onRoute) must be in the table: a new route fails
// until someone decides who may call it. A device session alone pushes and reads nothing; reading
// needs a person; revoked and expired credentials and tokens from another tablet get nothing. Plus:
// bulk reads are audited.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDeviceKey, publicJwk, signChallenge } from '../../src/auth/device-key';
import type { Role } from '../../src/domain/auth/roles';
import { hashCode } from '../../src/server/auth';
import { libraryFile } from '../../src/domain/sop/library-file';
import { chestCt } from '../../src/sops/chest-ct.sop';
import { ctDailyQc } from '../../src/sops/ct-daily-qc.sop';
import { loadFhirDefinitions } from '../../src/server/integration/fhir/validator';
import { eventFactory } from './fixtures';
import { ADMIN_TOKEN, openHarness, PIN, type Harness, type Who } from './harness';
import { STORES } from './stores';

const KINDS = [
  'none', // no credential at all
  'forged', // a made-up bearer token
  'device', // a live device session, nobody signed in
  'expiredDevice', // a device session past its lifetime, with a live user token
  'revoked', // session and user token of a tablet since revoked
  'userOnly', // a live user token without the device session
  'otherDevice', // this tablet's session with a user token issued on another tablet
  'expiredUser', // this tablet's session with its user token past 2 h
  'technologist',
  'trainer',
  'qaLead',
  'admin',
  'adminToken', // the bootstrap SCANCARD_ADMIN_TOKEN
] as const;
type Kind = (typeof KINDS)[number];

type Ctx = { h: Harness; deviceId: ReturnType<typeof randomUUID>; keys: CryptoKeyPair };
type Route = { path?: (c: Ctx) => Promise<string>; body?: (c: Ctx) => unknown };
const aUser = async (c: Ctx) => (await c.h.addUser('technologist')).id;
const aDraft = async (c: Ctx) => {
  await c.h.store.saveSopDraft({
    sopId: 'chest-ct',
    body: JSON.stringify(chestCt),
    changeNote: 'x',
    baseVersion: chestCt.version,
    rollbackOf: null,
    userId: 'another-author',
    now: c.h.now(),
  });
  return 'chest-ct';
};
const SETUP: Record<string, Route> = {
  // A fresh code and a fresh key each time: enrolment itself needs no credential.
  'POST /api/devices/enroll': {
    body: async (c) => {
      const code = `E${randomUUID().slice(0, 8)}`;
      const at = c.h.now();
      await c.h.store.addEnrollmentCode({
        codeHash: hashCode(code),
        label: 'x',
        createdAt: at,
        expiresAt: at + 60_000,
      });
      return { code, publicKey: await publicJwk(await generateDeviceKey()), label: 'new tablet' };
    },
  },
  // The tablet's own proof (a revoked tablet gets no challenge, so it sends a made-up one).
  'POST /api/devices/session': {
    body: async (c) => {
      const r = await c.h.call('POST', '/api/devices/challenge', {}, { deviceId: c.deviceId });
      const challenge = (r.json.challenge as string | undefined) ?? 'A'.repeat(43);
      return { deviceId: c.deviceId, challenge, signature: await signChallenge(c.keys, c.deviceId, challenge) };
    },
  },
  'POST /api/devices/challenge': { body: (c) => ({ deviceId: c.deviceId }) },
  'POST /api/setup/first-admin': { body: () => ({ username: 'late', displayName: 'Late', secret: PIN }) },
  'POST /api/auth/login': { body: async (c) => ({ username: (await c.h.addUser('trainer')).username, secret: PIN }) },
  'POST /api/sync/push': { body: (c) => ({ batchId: randomUUID(), events: [eventFactory(c.deviceId).created()] }) },
  'POST /api/devices/keyring': { body: () => ({ users: [] }) },
  'POST /api/auth/secret': { body: () => ({ current: PIN, next: 'a new pass phrase 9' }) }, // admins need a password
  'POST /api/admin/users': {
    body: () => ({ username: `new-${randomUUID().slice(0, 8)}`, displayName: 'New', role: 'trainer', secret: PIN }),
  },
  'PATCH /api/admin/users/:id': {
    path: async (c) => `/api/admin/users/${await aUser(c)}`,
    body: () => ({ role: 'trainer' }),
  },
  'POST /api/admin/users/:id/secret': {
    path: async (c) => `/api/admin/users/${await aUser(c)}/secret`,
    body: () => ({ secret: '86420864' }),
  },
  'POST /api/admin/users/:id/unlock': { path: async (c) => `/api/admin/users/${await aUser(c)}/unlock` },
  'POST /api/admin/enrollment-codes': { body: () => ({ label: 'CT 2 tablet' }) },
  'PATCH /api/admin/devices/:id': {
    path: async (c) => `/api/admin/devices/${(await c.h.enrol()).deviceId}`,
    body: () => ({ label: 'CT 2 console' }),
  },
  'PUT /api/admin/site-settings': {
    body: () => ({
      timerMinutes: { warmupCt: 3, warmupMr: 10, emergencyResponse: 5, contrastObservation: 30, reportHandoff: 15 },
      idleLockSeconds: 120,
    }),
  },
  'POST /api/admin/devices/:id/revoke': {
    path: async (c) => `/api/admin/devices/${(await c.h.enrol()).deviceId}/revoke`,
  },
  // With no enrolment started, a right-shaped code gets an admin as far as "start enrolment first".
  'POST /api/admin/totp/confirm': { body: () => ({ code: '123456' }) },
  // The built-in card as it is: publishing the same content again is no conflict.
  // Card drafts: each case makes the draft it needs (by another person, so an approver may approve it).
  'GET /api/sops/:id/draft': { path: async (c) => `/api/sops/${await aDraft(c)}/draft` },
  'PUT /api/sops/:id/draft': {
    path: async () => '/api/sops/chest-ct/draft',
    body: () => ({ definition: chestCt, changeNote: 'x' }),
  },
  'DELETE /api/sops/:id/draft': { path: async (c) => `/api/sops/${await aDraft(c)}/draft` },
  'POST /api/sops/:id/draft/approve': {
    path: async (c) => `/api/sops/${await aDraft(c)}/draft/approve`,
    body: (c) => ({ updatedAt: c.h.now() }),
  },
  'POST /api/sops/:id/rollback': {
    path: async (c) => {
      await c.h.store.discardSopDraft('pediatric-ct');
      return '/api/sops/pediatric-ct/rollback';
    },
    body: () => ({ version: 1 }),
  },
  'GET /api/sops/:id/diff': { path: async () => '/api/sops/chest-ct/diff?from=1&to=2' },
  'GET /api/sops/:id/history': { path: async () => '/api/sops/chest-ct/history' },
  'POST /api/sops/:id/retire': { path: async () => '/api/sops/mri-daily-qc/retire', body: () => ({ reason: 'old' }) },
  'POST /api/sops/library/import': {
    body: async (c) => {
      await c.h.store.discardSopDraft('ct-daily-qc');
      return { library: libraryFile([ctDailyQc], 1) };
    },
  },
  'PUT /api/admin/integration/settings': { body: () => ({}) },
  'PUT /api/admin/integration/card-mappings': { body: () => ({ rows: [{ code: 'CTCHEST', cardId: 'chest-ct' }] }) },
  'POST /api/admin/integration/worklist/query': { body: () => ({}) },
  // Only the EMR's own token (or the bootstrap token) may post bookings; no tablet credential can.
  'POST /api/fhir': { body: () => ({ resourceType: 'Bundle', type: 'collection' }) },
};

// prettier-ignore
const TABLE: [string, ...number[]][] = [
  //                                                                 none forged device expDev revoked userOnly otherDev expUser tech trainer qaLead admin adminTok
  ['GET /api/health',                                                 200, 200,   200,   200,   200,    200,     200,     200,    200, 200,    200,   200,  200],
  ['POST /api/devices/enroll',                                        200, 200,   200,   200,   200,    200,     200,     200,    200, 200,    200,   200,  200],
  // A revoked tablet's key gets no challenge and no session.
  ['POST /api/devices/challenge',                                     200, 200,   200,   200,   401,    200,     200,     200,    200, 200,    200,   200,  200],
  ['POST /api/devices/session',                                       200, 200,   200,   200,   401,    200,     200,     200,    200, 200,    200,   200,  200],
  ['POST /api/setup/first-admin',                                     401, 401,   409,   401,   401,    401,     409,     409,    409, 409,    409,   409,  401],
  ['POST /api/auth/login',                                            401, 401,   200,   401,   401,    401,     200,     200,    200, 200,    200,   200,  401],
  ['GET /api/config',                                                 401, 401,   200,   401,   401,    401,     200,     200,    200, 200,    200,   200,  401],
  ['POST /api/sync/push',                                             401, 401,   200,   401,   401,    401,     200,     200,    200, 200,    200,   200,  401],
  ['POST /api/devices/keyring',                                       401, 401,   200,   401,   401,    401,     200,     200,    200, 200,    200,   200,  401],
  ['GET /api/sync/pull?after=0',                                      401, 401,   401,   401,   401,    401,     401,     401,    200, 200,    200,   200,  401],
  ['GET /api/directory',                                              401, 401,   401,   401,   401,    401,     401,     401,    200, 200,    200,   200,  401],
  ['POST /api/auth/logout',                                           401, 401,   401,   401,   401,    401,     401,     401,    200, 200,    200,   200,  401],
  ['POST /api/auth/secret',                                           401, 401,   401,   401,   401,    401,     401,     401,    200, 200,    200,   200,  401],
  ['GET /api/admin/users',                                            401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  401],
  ['POST /api/admin/users',                                           401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   201,  401],
  ['PATCH /api/admin/users/:id',                                      401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  401],
  ['POST /api/admin/users/:id/secret',                                401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  401],
  ['POST /api/admin/users/:id/unlock',                                401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  401],
  ['POST /api/admin/enrollment-codes',                                401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  200],
  ['GET /api/admin/devices',                                          401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  200],
  ['GET /api/admin/sync/gaps',                                        401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  200],
  ['POST /api/admin/devices/:id/revoke',                              401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  200],
  ['PATCH /api/admin/devices/:id',                                    401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  200],
  // Site settings: an administrator signed in on a tablet (the change is attributed to a person).
  ['GET /api/admin/site-settings',                                    401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  401],
  ['PUT /api/admin/site-settings',                                    401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  401],
  ['GET /api/exports/exam-records?from=2026-01-01&to=2027-01-01',     401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    200,   200,  401],
  ['GET /api/audit?limit=10',                                         401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    200,   200,  401],
  ['GET /api/figures',                                                401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    200,   200,  401],
  // The QA dashboard (issue 13): QA lead and admin only; a technologist's or trainer's token gets 403.
  ['GET /api/kpi?from=1700000000000&to=1800000000000',                401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    200,   200,  401],
  ['POST /api/admin/totp/enrol',                                      401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  401],
  ['POST /api/admin/totp/confirm',                                    401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   409,  401],
  ['GET /api/sops',                                                   401, 401,   401,   401,   401,    401,     401,     401,    200, 200,    200,   200,  401],
  // Card editor: admins write drafts, an admin or QA lead who did not write it approves; everyone reads diffs.
  ['GET /api/sops/drafts',                                            401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    200,   200,  401],
  ['GET /api/sops/:id/draft',                                         401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    200,   200,  401],
  ['PUT /api/sops/:id/draft',                                         401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  401],
  ['DELETE /api/sops/:id/draft',                                      401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  401],
  ['POST /api/sops/:id/draft/approve',                                401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    200,   200,  401],
  ['POST /api/sops/:id/rollback',                                     401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  401],
  ['POST /api/sops/:id/retire',                                       401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  401],
  ['GET /api/sops/:id/diff',                                          401, 401,   401,   401,   401,    401,     401,     401,    200, 200,    200,   200,  401],
  ['GET /api/sops/:id/history',                                       401, 401,   401,   401,   401,    401,     401,     401,    200, 200,    200,   200,  401],
  ['GET /api/sops/library',                                           401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  401],
  ['POST /api/sops/library/import',                                   401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  401],
  // Quality records: QA leads and admins read them; a technologist records through sync only.
  ['GET /api/quality/records?kind=qc',                                401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    200,   200,  401],
  ['GET /api/quality/status',                                         401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    200,   200,  401],
  ['GET /api/quality/reject-rates',                                   401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    200,   200,  401],
  ['GET /api/quality/export?kind=adverse&format=csv',                 401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    200,   200,  401],
  ['PUT /api/admin/integration/settings',                             401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  200],
  ['PUT /api/admin/integration/card-mappings',                        401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  200],
  ['GET /api/admin/integration/settings',                             401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  200],
  ['GET /api/admin/integration/card-mappings',                        401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  200],
  ['POST /api/admin/integration/worklist/query',                      401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    403,   200,  200],
  ['GET /api/integration/status',                                     401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    200,   200,  401],
  ['GET /api/integration/identity-mismatches',                        401, 401,   401,   401,   401,    401,     401,     401,    403, 403,    200,   200,  401],
  // Patient data: a signed-in person on this tablet, like a pull.
  ['GET /api/worklist/scheduled',                                     401, 401,   401,   401,   401,    401,     401,     401,    200, 200,    200,   200,  401],
  ['GET /api/worklist/handoffs?runs=00000000-0000-4000-8000-000000000000', 401, 401,   401,   401,   401,    401,     401,     401,    200, 200,    200,   200,  401],
  ['GET /api/training/figures',                                     401, 401,   401,   401,   401,    401,     401,     401,    403, 200,    200,   200,  401],
  ['GET /api/training/record?trainee=someone',                      401, 401,   401,   401,   401,    401,     401,     401,    403, 200,    200,   200,  401],
  ['POST /api/fhir',                                                  401, 401,   401,   401,   401,    401,     401,     401,    401, 401,    401,   401,  200],
];

const CASES = TABLE.flatMap(([route, ...statuses], r) => {
  expect(statuses).toHaveLength(KINDS.length);
  // Each case from its own address: the per-address route limits (enrolment: 10 a minute) are tested elsewhere.
  return KINDS.map((kind, i) => ({ route, kind, status: statuses[i]!, from: `10.0.${r}.${i + 1}` }));
});

describe('the access table', () => {
  it('lists every route the server registers, and nothing else', async () => {
    const registered: string[] = [];
    const h = await openHarness(STORES[0]!, {
      onRoute: (r) => {
        for (const method of [r.method].flat()) if (method !== 'HEAD') registered.push(`${method} ${r.url}`);
      },
    });
    await h.close();
    expect(registered.length).toBeGreaterThan(10);
    expect(registered.sort()).toEqual(TABLE.map(([route]) => route.replace(/\?.*$/, '')).sort());
  });
});

type Tablet = Awaited<ReturnType<Harness['enrol']>>;
/** The credential of each kind for a fresh tablet, made fresh for one case. */
async function credential(h: Harness, kind: Kind, tablet: Tablet): Promise<Who> {
  const as = async (role: Role, deviceId = tablet.deviceId, ttl?: number) =>
    h.tokenFor(await h.addUser(role), deviceId, ttl);
  switch (kind) {
    case 'none':
      return {};
    case 'forged':
      return { bearer: 'AAAAforged-token-AAAAAAAAAAAAAAAAAAAAAAAAA' };
    case 'device':
      return { device: tablet.token };
    case 'expiredDevice':
      return { device: await h.sessionFor(tablet.deviceId, 0), user: await as('admin') };
    case 'revoked': {
      const who = { device: tablet.token, user: await as('admin') };
      await h.store.revokeDevice(tablet.deviceId, h.now());
      return who;
    }
    case 'userOnly':
      return { user: await as('admin') };
    case 'otherDevice':
      return { device: tablet.token, user: await as('admin', (await h.enrol()).deviceId) };
    case 'expiredUser':
      return { device: tablet.token, user: await as('admin', tablet.deviceId, 0) };
    case 'adminToken':
      return { bearer: ADMIN_TOKEN };
    default:
      return { device: tablet.token, user: await as(kind) };
  }
}

describe.each(STORES)('every route × every credential on $name', (factory) => {
  let h: Harness;
  beforeAll(async () => {
    loadFhirDefinitions(); // once, not inside one case's time limit
    h = await openHarness(factory, { rateLimitPerMinute: 1_000_000 });
    await h.addUser('admin'); // so first-admin is closed
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(CASES)('$route with $kind → $status', async ({ route, kind, status, from }) => {
    const [method, path] = route.split(' ') as [string, string];
    const setup = SETUP[route] ?? {};
    const tablet = await h.enrol();
    const who = { ...(await credential(h, kind, tablet)), from };
    const c = { h, deviceId: tablet.deviceId, keys: tablet.keys };
    const res = await h.call(
      method,
      setup.path ? await setup.path(c) : path,
      who,
      setup.body ? await setup.body(c) : undefined,
    );
    expect({ status: res.status, error: res.json.error }).toEqual({
      status,
      error: status >= 400 ? expect.any(String) : undefined,
    });
  });

  it('config holds nothing that names a patient or a person', async () => {
    const { token } = await h.enrol();
    const config = await h.call('GET', '/api/config', { device: token });
    expect(Object.keys(config.json).sort()).toEqual([
      'blockUnsignedCards',
      'idleLockMs',
      'maxOfflineMs',
      'scanners',
      'serverTime',
      'setupOpen',
      'timeZone',
      'timerRules',
    ]);
  });

  it('audits every pull that reads events: who, which tablet, how many events of how many runs', async () => {
    const writer = await h.enrol();
    const f = eventFactory(writer.deviceId);
    const [r1, r2] = [randomUUID(), randomUUID()];
    const events = [f.created(r1), f.answer(r1), f.created(r2)];
    expect(
      (await h.call('POST', '/api/sync/push', { device: writer.token }, { batchId: randomUUID(), events })).status,
    ).toBe(200);
    const reader = await h.enrol();
    const qa = await h.addUser('qaLead');
    const user = await h.tokenFor(qa, reader.deviceId);
    expect((await h.call('GET', '/api/sync/pull?after=0&limit=1', { device: reader.token, user })).status).toBe(200);
    const seen = await h.store.auditEntries({ from: 0, to: 8.64e15, limit: 500, offset: 0, action: 'data.read' });
    const mine = seen.filter((e) => e.deviceId === reader.deviceId);
    expect(mine).toEqual([
      expect.objectContaining({
        userId: qa.id,
        deviceId: reader.deviceId,
        subject: 'sync.pull',
        detail: expect.stringMatching(/^1 events of 1 runs \(after 0/),
      }),
    ]);
    // A full read: every event this tablet did not write, counted by runs.
    const full = await h.call('GET', '/api/sync/pull?after=0&limit=2000', { device: reader.token, user });
    const pulled = full.json.events as { streamId: string }[];
    const all = (
      await h.store.auditEntries({ from: 0, to: 8.64e15, limit: 500, offset: 0, action: 'data.read' })
    ).filter((e) => e.deviceId === reader.deviceId);
    expect(all.map((e) => e.detail)).toContain(
      `${pulled.length} events of ${new Set(pulled.map((e) => e.streamId)).size} runs (after 0, to ${(full.json.cursor as { events: number }).events})`,
    );
  });
});
