// Site settings and the admin console's additions on both stores: validation that names the field,
// the audit entry that says what changed, tablets' config carrying the change, the technologist's
// 403 on every route the console added, tablet names and last sync, integration settings without secrets.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventFactory } from './fixtures';
import { ADMIN_TOKEN, openHarness, type Harness, type Who } from './harness';
import { STORES } from './stores';

const STANDARD = { warmupCt: 3, warmupMr: 10, emergencyResponse: 5, contrastObservation: 30, reportHandoff: 15 };
const settings = (timerMinutes: Partial<typeof STANDARD> = {}, idleLockSeconds = 120) => ({
  timerMinutes: { ...STANDARD, ...timerMinutes },
  idleLockSeconds,
});

const SERVER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
// A zone other than the server's, so a test cannot pass on the default.
const SITE_ZONE = SERVER_ZONE === 'Asia/Shanghai' ? 'Europe/Berlin' : 'Asia/Shanghai';

describe.each(STORES)('site settings on $name', (factory) => {
  let h: Harness;
  let admin: Who;
  let tech: Who;
  let deviceId: ReturnType<typeof randomUUID>;
  beforeEach(async () => {
    h = await openHarness(factory, { idleLockMs: 90_000 });
    const tablet = await h.enrol('CT 1 console');
    deviceId = tablet.deviceId;
    admin = { device: tablet.token, user: await h.tokenFor(await h.addUser('admin'), deviceId) };
    tech = { device: tablet.token, user: await h.tokenFor(await h.addUser('technologist'), deviceId) };
  });
  afterEach(async () => h.close());

  it('starts on the standards and the server-set idle lock, then tablets get what an admin saved', async () => {
    const first = await h.call('GET', '/api/admin/site-settings', admin);
    expect(first.json.settings).toEqual({ ...settings({}, 90), timeZone: SERVER_ZONE, blockUnsignedCards: false });
    expect(first.json.updatedAt).toBeNull();
    const before = await h.call('GET', '/api/config', { device: admin.device });
    expect(before.json.idleLockMs).toBe(90_000);
    expect(before.json.timerRules).toMatchObject({ warmupCt: { durationMs: 180_000, kind: 'limit' } });

    const saved = await h.call(
      'PUT',
      '/api/admin/site-settings',
      admin,
      settings({ warmupCt: 4, reportHandoff: 20 }, 300),
    );
    expect(saved.status).toBe(200);
    const config = await h.call('GET', '/api/config', { device: admin.device });
    expect(config.json.idleLockMs).toBe(300_000);
    expect(config.json.timerRules).toEqual({
      warmupCt: { durationMs: 240_000, kind: 'limit' },
      warmupMr: { durationMs: 600_000, kind: 'limit' },
      emergencyResponse: { durationMs: 300_000, kind: 'limit' },
      contrastObservation: { durationMs: 1_800_000, kind: 'wait' },
      reportHandoff: { durationMs: 1_200_000, kind: 'limit' },
    });
    const again = await h.call('GET', '/api/admin/site-settings', admin);
    expect(again.json).toMatchObject({
      settings: settings({ warmupCt: 4, reportHandoff: 20 }, 300),
      updatedAt: h.now(),
    });
  });

  it('refuses bad input naming each field, and changes nothing', async () => {
    const bad = await h.call('PUT', '/api/admin/site-settings', admin, {
      timerMinutes: { ...STANDARD, warmupCt: 300, warmupMr: 2.5, reportHandoff: '15' },
      idleLockSeconds: 5,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.details).toEqual(
      expect.arrayContaining([
        'timerMinutes.warmupCt: must be whole minutes from 1 to 30',
        'timerMinutes.warmupMr: must be whole minutes from 1 to 60',
        'timerMinutes.reportHandoff: must be whole minutes from 1 to 240',
        'idleLockSeconds: must be whole seconds from 30 to 3600',
      ]),
    );
    const missing = await h.call('PUT', '/api/admin/site-settings', admin, {
      timerMinutes: { warmupCt: 3 },
      idleLockSeconds: 60,
      extra: 1,
    });
    expect(missing.status).toBe(400);
    expect(missing.json.details).toEqual(expect.arrayContaining(['(body): unknown field(s): extra']));
    expect(missing.json.details).toEqual(expect.arrayContaining([expect.stringMatching(/^timerMinutes\.warmupMr: /)]));
    expect((await h.call('GET', '/api/config', { device: admin.device })).json.idleLockMs).toBe(90_000);
  });

  it('audits each change with who, which tablet and exactly what changed', async () => {
    await h.call('PUT', '/api/admin/site-settings', admin, settings({ emergencyResponse: 4 }, 60));
    const entries = await h.store.auditEntries({
      from: 0,
      to: 8.64e15,
      limit: 50,
      offset: 0,
      action: 'settings.change',
    });
    expect(entries).toEqual([
      expect.objectContaining({
        deviceId,
        subject: 'site',
        detail: 'emergencyResponse 5 -> 4 min, idle lock 90 -> 60 s',
        userId: expect.any(String),
      }),
    ]);
  });

  it('takes the site time zone in its canonical spelling and the sign-off rule, audits both, and tablets get them', async () => {
    const before = await h.call('GET', '/api/config', { device: admin.device });
    expect(before.json).toMatchObject({ timeZone: SERVER_ZONE, blockUnsignedCards: false });
    const bad = await h.call('PUT', '/api/admin/site-settings', admin, {
      ...settings(),
      timeZone: 'Mars/Olympus',
      blockUnsignedCards: 'yes',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.details).toEqual([
      'timeZone: must be a time zone name such as Europe/Berlin',
      'blockUnsignedCards: must be true or false',
    ]);
    for (const zone of ['+01:00', '', 'Europe/Berlin ']) {
      const r = await h.call('PUT', '/api/admin/site-settings', admin, { ...settings(), timeZone: zone });
      expect({ zone, status: r.status }).toEqual({ zone, status: 400 });
    }
    const typed = SITE_ZONE.toLowerCase();
    const saved = await h.call('PUT', '/api/admin/site-settings', admin, {
      ...settings({}, 90),
      timeZone: typed,
      blockUnsignedCards: true,
    });
    expect(saved.json.settings).toMatchObject({ timeZone: SITE_ZONE, blockUnsignedCards: true });
    const config = await h.call('GET', '/api/config', { device: admin.device });
    expect(config.json).toMatchObject({ timeZone: SITE_ZONE, blockUnsignedCards: true });
    // A save without the two fields (an older admin screen) keeps them.
    await h.call('PUT', '/api/admin/site-settings', admin, settings({ warmupCt: 4 }, 90));
    expect((await h.call('GET', '/api/admin/site-settings', admin)).json.settings).toMatchObject({
      timeZone: SITE_ZONE,
      blockUnsignedCards: true,
      timerMinutes: { warmupCt: 4 },
    });
    const entries = await h.store.auditEntries({
      from: 0,
      to: 8.64e15,
      limit: 50,
      offset: 0,
      action: 'settings.change',
    });
    expect(entries.map((e) => e.detail).sort()).toEqual(
      [`time zone ${SERVER_ZONE} -> ${SITE_ZONE}, block unsigned cards off -> on`, 'warmupCt 3 -> 4 min'].sort(),
    );
  });

  it('gives a technologist 403 on every route the admin console added, and changes nothing', async () => {
    const other = (await h.enrol('spare')).deviceId;
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/admin/site-settings'],
      ['PUT', '/api/admin/site-settings', settings({ warmupCt: 9 })],
      ['PATCH', `/api/admin/devices/${other}`, { label: 'renamed' }],
      ['GET', '/api/admin/integration/settings'],
      ['GET', '/api/admin/integration/card-mappings'],
    ];
    for (const [method, url, body] of routes) {
      const r = await h.call(method, url, tech, body);
      expect({ route: `${method} ${url}`, status: r.status }).toEqual({ route: `${method} ${url}`, status: 403 });
    }
    expect((await h.call('GET', '/api/config', { device: admin.device })).json.timerRules).toMatchObject({
      warmupCt: { durationMs: 180_000 },
    });
    const devices = await h.call('GET', '/api/admin/devices', admin);
    expect((devices.json.devices as { id: string; label: string }[]).find((d) => d.id === other)?.label).toBe('spare');
  });

  it('renames a tablet (audited) and lists when each tablet last pushed and pulled', async () => {
    const renamed = await h.call('PATCH', `/api/admin/devices/${deviceId}`, admin, { label: 'CT 2 console' });
    expect(renamed.json.device).toMatchObject({ id: deviceId, label: 'CT 2 console' });
    expect((await h.call('PATCH', `/api/admin/devices/${deviceId}`, admin, { label: ' ' })).json.details).toEqual([
      expect.stringMatching(/^label: /),
    ]);
    const pushAt = h.now();
    const f = eventFactory(deviceId);
    await h.call('POST', '/api/sync/push', { device: admin.device }, { batchId: randomUUID(), events: [f.created()] });
    h.advance(60_000);
    await h.call('GET', '/api/sync/pull?after=0', admin);
    const list = (await h.call('GET', '/api/admin/devices', { bearer: ADMIN_TOKEN })).json.devices as Record<
      string,
      unknown
    >[];
    expect(list.find((d) => d.id === deviceId)).toMatchObject({
      label: 'CT 2 console',
      lastPushAt: pushAt,
      lastPullAt: pushAt + 60_000,
    });
    const audit = await h.store.auditEntries({ from: 0, to: 8.64e15, limit: 50, offset: 0, action: 'device.change' });
    expect(audit.map((e) => e.detail)).toContain('renamed "CT 1 console" -> "CT 2 console"');
  });

  it('shows the integration settings without header values or the inbound token, and keeps them on save', async () => {
    const emr = {
      url: 'https://emr.example.org/fhir',
      headers: { authorization: 'Bearer secret-emr-credential' },
      accessionSystem: 'urn:acc',
      patientSystem: 'urn:mrn',
      userSystem: 'urn:staff',
      codeSystem: 'urn:codes',
    };
    const worklist = {
      intervalMs: 300_000,
      scanners: [{ scanner: 'CT 1', host: '10.0.0.5', port: 104, callingAeTitle: 'SCANCARD', calledAeTitle: 'RIS' }],
    };
    const put = await h.call('PUT', '/api/admin/integration/settings', admin, {
      worklist,
      emr,
      inboundToken: 'an-inbound-token-of-enough-length',
    });
    expect(put.status).toBe(200);
    const view = await h.call('GET', '/api/admin/integration/settings', admin);
    expect(view.body).not.toContain('secret-emr-credential');
    expect(view.body).not.toMatch(/inboundTokenHash/);
    const emrShown = { ...emr, headers: undefined };
    delete emrShown.headers;
    expect(view.json.settings).toMatchObject({
      worklist,
      emr: { ...emrShown, headerNames: ['authorization'] },
      inbound: true,
    });
    // The screen saves what it was shown: the header values stay.
    const emrBack = { ...(view.json.settings as { emr: Record<string, unknown> }).emr };
    delete emrBack.headerNames;
    await h.call('PUT', '/api/admin/integration/settings', admin, { worklist, emr: emrBack });
    expect((await h.store.integrationSettings()).emr?.headers).toEqual(emr.headers);
    const audit = await h.store.auditEntries({
      from: 0,
      to: 8.64e15,
      limit: 50,
      offset: 0,
      action: 'integration.change',
    });
    expect(audit.map((e) => e.subject)).toEqual(['integration.settings', 'integration.settings']);
    const mappings = await h.call('GET', '/api/admin/integration/card-mappings', admin);
    expect(mappings.json).toMatchObject({ rows: [], cards: expect.arrayContaining(['chest-ct', 'brain-mri']) });
  });
});
