// The QA dashboard on the server, on real stores: a seeded month pushed through sync, then
// /api/kpi answers exactly what the same pure functions give over the same logs projected here (the
// tablet computes its figures with them too: test/integration/kpi.repo.test.ts), with filters, the
// previous period, and refusals.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dashboard, type Kpis } from '../../src/domain/kpi/kpi';
import { CHEST_STEPS, kpiRun, MIN } from '../../src/domain/kpi/kpi.fixtures';
import { seededMonth } from '../../src/domain/kpi/kpi.month';
import { projectQuality } from '../../src/domain/quality/quality.projection';
import { tablet } from '../../src/domain/run/golden/log-builder';
import type { RunEvent } from '../../src/domain/run/run.event';
import { projectRun } from '../../src/domain/run/run.projection';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import type { SyncEvent } from '../../src/domain/sync/protocol.schema';
import { BUILT_IN_SOPS } from '../../src/sops/library';
import { openHarness, type Harness } from './harness';
import { STORES } from './stores';

const DAY = 24 * 3600_000;
const FROM = Date.UTC(2026, 9, 22); // 22 Oct: the harness clock is 23 Nov 10:00
const month = seededMonth(FROM, 30, 6);
const sopOf = (id: string, version: number) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === version);

describe.each(STORES)('the QA dashboard on $name', (factory) => {
  let h: Harness;
  let qa: { device: string; user: string };
  let tech: { device: string; user: string };
  let deviceId: string;
  let seq: number;

  beforeEach(async () => {
    h = await openHarness(factory);
    const enrolled = await h.enrol();
    qa = { device: enrolled.token, user: await h.tokenFor(await h.addUser('qaLead'), enrolled.deviceId) };
    tech = { device: enrolled.token, user: await h.tokenFor(await h.addUser('technologist'), enrolled.deviceId) };
    // One tablet sends them all: its own device id and sequence, the logs' clocks and ids as written.
    deviceId = enrolled.deviceId;
    seq = 0;
    const events = month.logs.flat().map((e) => ({ ...e, device: deviceId, deviceSeq: ++seq }) as SyncEvent);
    for (let i = 0; i < events.length; i += 400) {
      const r = await h.call('POST', '/api/sync/push', tech, {
        batchId: randomUUID(),
        events: events.slice(i, i + 400),
      });
      expect(r.status, r.body).toBe(200);
      expect(JSON.stringify(r.json).match(/"(refused|rejected)":\[[^\]]/), r.body.slice(0, 600)).toBeNull();
    }
  }, 120_000); // 240 runs pushed and projected on a shared 2-core machine
  afterEach(async () => {
    await h.close();
  });

  it('gives the same figures as the pure functions over the same logs, filtered, with the previous period', async () => {
    const runs = month.logs.map((log) => {
      const created = log.find((e) => e.type === 'run.created')!;
      const { id, version } = (created.payload as { sop: { id: string; version: number } }).sop;
      return projectRun(log, sopOf(id, version));
    });
    const quality = projectQuality([], { mayReview: () => true, mayManage: () => true }, DEFAULT_SCANNERS);
    const period = { from: FROM + 15 * DAY, to: FROM + 30 * DAY };
    for (const [query, filter] of [
      ['', {}],
      ['&scanner=ct-2&priority=emergency', { scanner: 'ct-2', priority: 'emergency' }],
      ['&technologist=wang&card=chest-ct&modality=CT', { technologist: 'wang', card: 'chest-ct', modality: 'CT' }],
    ] as const) {
      const res = await h.call('GET', `/api/kpi?from=${period.from}&to=${period.to}${query}`, qa);
      expect(res.status, res.body).toBe(200);
      const here = dashboard({ runs, quality, timeZone: res.json.timeZone as string }, period, filter, h.now());
      expect(res.json).toEqual(JSON.parse(JSON.stringify({ timeZone: res.json.timeZone, ...here })));
    }
    // A known answer, so the comparison is not of two empty dashboards.
    const all = await h.call('GET', `/api/kpi?from=${period.from}&to=${period.to}`, qa);
    const current = all.json.current as ReturnType<typeof dashboard>['current'];
    expect(current.runs.total).toBe(15 * 8);
    expect(current.emergencyResponse.counts.met + current.emergencyResponse.counts.missed).toBeGreaterThan(0);
    expect((all.json.previous as { runs: number }).runs).toBe(15 * 8);
  });

  it('answers from what was pushed since: a run that moved on is read again, not from the last answer', async () => {
    const push = async (events: readonly RunEvent[]) => {
      const r = await h.call('POST', '/api/sync/push', tech, {
        batchId: randomUUID(),
        events: events.map((e) => ({ ...e, device: deviceId, deviceSeq: ++seq })),
      });
      expect(r.status, r.body).toBe(200);
    };
    const period = { from: FROM + 20 * DAY, to: FROM + 30 * DAY };
    const late = kpiRun(9001, { arrive: FROM + 25 * DAY + 9 * 3600_000, by: tablet(7, 'zhou') }).walk(
      CHEST_STEPS.slice(0, 5),
      4 * MIN,
    );
    await push(late.log.events.slice(0, -1)); // not yet on the scan step
    const waitOf = async () =>
      ((await h.call('GET', `/api/kpi?from=${period.from}&to=${period.to}`, qa)).json.current as Kpis).waiting;
    const before = await waitOf();
    expect(await waitOf()).toEqual(before); // the second answer from what the first read kept
    await push(late.log.events.slice(-1)); // enters the scan step 20 min after arrival
    const after = await waitOf();
    const mine = (w: Kpis['waiting']) => w.misses.find((m) => m.runId === late.log.runId);
    expect(mine(before)).toMatchObject({ outcome: 'missed' }); // still waiting, long past 15 min
    expect(mine(before)!.ms).toBeUndefined();
    expect(mine(after)).toMatchObject({ outcome: 'missed', ms: 20 * MIN, overMs: 5 * MIN });
  });

  it('refuses a technologist, unknown filters and an empty period, with the field named', async () => {
    expect((await h.call('GET', '/api/kpi', tech)).status).toBe(403);
    const bad = await h.call('GET', '/api/kpi?patientId=P-1', qa);
    expect(bad.status).toBe(400);
    expect(bad.json.details).toEqual(['(body): unknown field(s): patientId']);
    const empty = await h.call('GET', `/api/kpi?from=${FROM}&to=${FROM}`, qa);
    expect(empty.json.details).toEqual(['from: must be before to']);
    expect((await h.call('GET', '/api/kpi?priority=stat', qa)).json.details).toEqual([
      expect.stringMatching(/^priority: /),
    ]);
  });
});
