// Quality records on the server, on both stores: records arrive as events through sync, the server
// projects them with the tablets' pure projection (roles from its own users), lists and filters them,
// and exports them as CSV or a printable page, each export audited.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/domain/clock/hlc';
import { eventType } from '../../src/domain/events/registry';
import { evaluateResult } from '../../src/domain/quality/qc-result';
import { defaultTestSets } from '../../src/domain/quality/qc-sets';
import { openHarness, START, type Harness } from './harness';
import { STORES } from './stores';

describe.each(STORES)('quality records on $name', (factory) => {
  let h: Harness;
  let qa: { device: string; user: string };
  let tech: { device: string; user: string };
  let admin: { device: string; user: string };
  let deviceToken: string;
  let seq = 0;
  const ids = { tech: '', qa: '', admin: '' };
  let deviceId = '';

  const ev = (type: string, payload: unknown, user: string, at = START + seq * 10_000) => {
    seq++;
    const rule = eventType(type)!.stream;
    const streamId = rule.kind === 'derived' ? rule.streamId(payload, deviceId) : '';
    return {
      id: randomUUID(),
      streamId,
      at,
      hlc: encodeHlc({ wall: at, counter: 0 }),
      user,
      device: deviceId,
      deviceSeq: seq,
      type,
      payload,
    };
  };
  /** Pushed from the tablet with `as` signed in: moves that need a role are stored only from their author. */
  const push = async (as: { device: string; user: string }, events: unknown[]) => {
    const r = await h.call('POST', '/api/sync/push', as, { batchId: randomUUID(), events });
    expect(r.status).toBe(200);
    return r.json as { accepted: string[]; refused: { code: string }[] };
  };
  const daily = defaultTestSets('CT').find((s) => s.setId === 'daily')!;
  const qcResult = (waterHu: string) => {
    const r = evaluateResult(daily, 'ct-1', randomUUID(), {
      waterHu: { text: waterHu },
      noiseSd: { text: '5.1' },
      artefacts: { passed: true },
      vendorQc: { passed: true },
    });
    if (!('result' in r)) throw new Error('bad inputs');
    return r.result;
  };
  const reportId = randomUUID();

  beforeAll(async () => {
    h = await openHarness(factory, { timeZone: 'Europe/Berlin' });
    const d = await h.enrol();
    deviceId = d.deviceId;
    deviceToken = d.token;
    const [t, q, a] = [await h.addUser('technologist'), await h.addUser('qaLead'), await h.addUser('admin')];
    Object.assign(ids, { tech: t.id, qa: q.id, admin: a.id });
    tech = { device: d.token, user: await h.tokenFor(t, d.deviceId) };
    qa = { device: d.token, user: await h.tokenFor(q, d.deviceId) };
    admin = { device: d.token, user: await h.tokenFor(a, d.deviceId) };
    const bad = qcResult('9');
    const reported = eventType('adverse.reported')!.example;
    const byTech = await push(tech, [
      ev('qc.resultRecorded', bad, ids.tech),
      ev(
        'scanner.overrideRecorded',
        { overrideId: randomUUID(), scannerId: 'ct-1', flags: ['lastQcAction'], reason: 'Stroke code, CT 2 occupied' },
        ids.tech,
      ),
      ev('adverse.reported', { ...reported, reportId, whatHappened: 'Urticaria <script>alert(1)</script>' }, ids.tech),
      ev('adverse.statusChanged', { reportId, status: 'closed' }, ids.tech),
      ev('imageQc.recorded', { recordId: randomUUID(), scannerId: 'ct-1', outcome: 'accept', images: 48 }, ids.tech),
      ev(
        'imageQc.recorded',
        { recordId: randomUUID(), scannerId: 'ct-1', outcome: 'reject', images: 2, reason: '111210' },
        ids.tech,
      ),
    ]);
    // The technologist's close is refused at the push (quality-push-roles.test.ts); the QA lead's is stored.
    expect(byTech.refused.map((r) => r.code)).toEqual(['forbidden']);
    await push(qa, [ev('adverse.statusChanged', { reportId, status: 'closed', note: 'Allergy recorded' }, ids.qa)]);
    await push(admin, [ev('equipment.registered', eventType('equipment.registered')!.example, ids.admin)]);
  });
  afterAll(async () => {
    await h.close();
  });

  it('flags the scanner after an action-level QC, queues it for review and lists the override', async () => {
    const r = await h.call('GET', '/api/quality/status', qa);
    expect(r.status).toBe(200);
    const scanners = r.json.scanners as { scannerId: string; status: string; flags: string[] }[];
    expect(scanners.find((s) => s.scannerId === 'ct-1')?.flags).toEqual(['lastQcAction']);
    expect(scanners.find((s) => s.scannerId === 'ct-3')).toMatchObject({
      status: 'outOfService',
      flags: ['notInService', 'dailyQcOverdue'],
    });
    expect((r.json.reviewQueue as unknown[]).length).toBe(1);
    expect(r.json.openAdverse).toBe(0);
    expect(r.json.problems).toEqual([]);
    const overrides = await h.call('GET', '/api/quality/records?kind=overrides&scanner=ct-1', qa);
    expect((overrides.json.rows as { cells: string[] }[]).map((o) => o.cells[3])).toEqual([
      'Stroke code, CT 2 occupied',
    ]);
  });

  it('lists QC results with the reference and windows in force, filtered by outcome and scanner', async () => {
    const action = await h.call('GET', '/api/quality/records?kind=qc&match=action', qa);
    const rows = action.json.rows as { cells: string[] }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.cells[6]).toContain('Water CT number: 9 HU action (ref 0, ±4/±5)');
    expect(rows[0]!.cells[8]).toBe('awaiting review');
    expect((await h.call('GET', '/api/quality/records?kind=qc&match=ok', qa)).json.rows).toEqual([]);
    expect((await h.call('GET', '/api/quality/records?kind=qc&scanner=mr-1', qa)).json.rows).toEqual([]);
    const bad = await h.call('GET', '/api/quality/records?kind=qc&scanner=CT%201', qa);
    expect(bad.status).toBe(400);
    expect(bad.json.details).toEqual(['scanner: must be a scanner id']);
  });

  it('computes reject rates as rejected ÷ acquired', async () => {
    const r = await h.call('GET', '/api/quality/reject-rates?group=scanner', qa);
    expect(r.json.rows).toEqual([
      expect.objectContaining({ key: 'ct-1', acquired: 50, rejected: 2, rejectRate: 0.04, byReason: { '111210': 2 } }),
    ]);
  });

  it('exports CSV and a printable page, escapes what people typed, and audits each export', async () => {
    const csv = await h.call('GET', '/api/quality/export?kind=adverse&format=csv', qa);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^Occurred,Kind,Severity,Class,Harm,Status/);
    expect(lines[1]).toContain('closed');
    const page = await h.call('GET', '/api/quality/export?kind=adverse&format=html', qa);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Urticaria &lt;script&gt;');
    expect(page.body).not.toContain('<script>');
    const trail = await h.call('GET', '/api/audit?action=export', qa);
    expect(
      (trail.json.entries as { subject: string; detail: string }[]).map((e) => [e.subject, e.detail]).sort(),
    ).toEqual([
      ['quality-adverse', '1 adverse records as csv'],
      ['quality-adverse', '1 adverse records as html'],
    ]);
  });

  it("refuses a technologist's token and a caller without a sign-in", async () => {
    expect((await h.call('GET', '/api/quality/status', tech)).status).toBe(403);
    expect((await h.call('GET', '/api/quality/export?kind=qc', tech)).status).toBe(403);
    expect((await h.call('GET', '/api/quality/records?kind=qc', { device: deviceToken })).status).toBe(401);
  });

  it('a review by a QA lead empties the queue; a later passing QC clears the flag', async () => {
    const queue = (await h.call('GET', '/api/quality/status', qa)).json.reviewQueue as { resultId: string }[];
    await push(qa, [
      ev(
        'qc.resultReviewed',
        { resultId: queue[0]!.resultId, scannerId: 'ct-1', note: 'Recalibrated by the physicist' },
        ids.qa,
      ),
      ev('qc.resultRecorded', qcResult('1'), ids.tech),
    ]);
    const r = await h.call('GET', '/api/quality/status', qa);
    expect(r.json.reviewQueue).toEqual([]);
    expect(
      (r.json.scanners as { scannerId: string; flags: string[] }[]).find((s) => s.scannerId === 'ct-1')?.flags,
    ).not.toContain('lastQcAction');
  });
});
