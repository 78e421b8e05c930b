// What the reports hold: exam-record exports derived from the event log, the audit trail (server
// entries and tablets' audit.entry events in one chained table) and department figures, on real stores.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../src/domain/sync/protocol.schema';
import { eventFactory } from './fixtures';
import { openHarness, type Harness, type UUID } from './harness';
import { STORES } from './stores';

type Created = Extract<SyncEvent, { type: 'run.created' }>;

describe.each(STORES)('reports on $name', (factory) => {
  let h: Harness;
  let qa: { device: string; user: string };
  let tablet: { deviceId: UUID; token: string };
  let techId: string;
  let techSession: { device: string; user: string };
  let runs: { exam: UUID; urgent: UUID; qc: UUID };

  beforeEach(async () => {
    h = await openHarness(factory);
    tablet = await h.enrol();
    const qaLead = await h.addUser('qaLead');
    const tech = await h.addUser('technologist');
    techId = tech.id;
    qa = { device: tablet.token, user: await h.tokenFor(qaLead, tablet.deviceId) };
    techSession = { device: tablet.token, user: await h.tokenFor(tech, tablet.deviceId) };

    const f = eventFactory(tablet.deviceId);
    runs = { exam: randomUUID(), urgent: randomUUID(), qc: randomUUID() };
    const exam = f.created(runs.exam, 'P-100'); // creation order = export order
    const urgent = f.created(runs.urgent, 'P-URGENT') as Created;
    const qc = f.created(runs.qc, 'P-QC') as Created;
    const command = (runId: string, payload: unknown) => ({ ...f.next(runId), payload }) as SyncEvent;
    const events: SyncEvent[] = [
      exam,
      f.answer(runs.exam, 'bodyPartExamined', 'chest'),
      command(runs.exam, { type: 'skip', reason: 'not needed today' }),
      f.answer(runs.exam, 'bodyPartExamined', 'chest and upper abdomen'),
      { ...urgent, payload: { ...urgent.payload, priority: 'urgent' } },
      command(runs.urgent, { type: 'fastPath', reason: 'stroke alert' }),
      command(runs.urgent, { type: 'cancel', reason: 'patient left' }),
      { ...qc, payload: { ...qc.payload, kind: 'qc', sop: { id: 'ct-daily-qc', version: 1 } } },
      {
        ...f.next('x'),
        streamId: `audit:${tablet.deviceId}`,
        user: techId,
        type: 'audit.entry',
        payload: { action: 'run.view', subject: runs.exam },
      } as SyncEvent,
    ];
    const pushed = await h.call('POST', '/api/sync/push', techSession, { batchId: randomUUID(), events });
    expect(pushed.status).toBe(200);
  });
  afterEach(async () => {
    await h.close();
  });

  it('exports exam records (not QC runs) with the last body-part answer, and audits the export', async () => {
    const res = await h.call('GET', '/api/exports/exam-records?from=2026-11-23&to=2026-11-24', qa);
    expect(res.status).toBe(200);
    expect(res.json.truncated).toBe(false);
    const records = res.json.records as Record<string, unknown>[];
    expect(records.map((r) => r.runId)).toEqual([runs.exam, runs.urgent]);
    expect(records[0]).toMatchObject({
      sop: { id: 'chest-ct', version: 1 },
      scanner: 'CT 1',
      priority: 'routine',
      patientId: 'P-100',
      bodyPart: 'chest and upper abdomen',
      cancelled: false,
      fastPath: false,
      skippedSteps: 1,
      eventCount: 4,
      recordedBy: 'tech',
      device: tablet.deviceId,
    });
    expect(records[1]).toMatchObject({
      priority: 'urgent',
      patientId: 'P-URGENT',
      bodyPart: null,
      cancelled: true,
      fastPath: true,
      eventCount: 3,
    });
    expect((await h.call('GET', '/api/exports/exam-records?from=2026-11-24', qa)).json.records).toEqual([]);
    expect((await h.call('GET', '/api/exports/exam-records?from=yesterday', qa)).json.details).toEqual([
      'from: must be epoch milliseconds or an ISO date/time',
    ]);
    expect((await h.call('GET', '/api/exports/exam-records?patientId=P-100', qa)).status).toBe(400);

    const exports = await h.call('GET', '/api/audit?action=export', qa);
    expect(exports.json.entries).toHaveLength(2);
    expect(JSON.stringify(exports.json)).not.toContain('P-100');
    expect((exports.json.entries as Record<string, unknown>[])[0]).toMatchObject({
      source: 'server',
      action: 'export',
      deviceId: tablet.deviceId,
      subject: 'exam-records',
    });
  });

  it('lists server entries and tablet audit entries together, newest first, filtered and paged', async () => {
    const login = await h.call(
      'POST',
      '/api/auth/login',
      { device: tablet.token },
      { username: 'nobody', secret: '123456' },
    );
    expect(login.status).toBe(401);
    h.advance(60_000);
    await h.call('GET', '/api/exports/exam-records', qa);
    const all = await h.call('GET', '/api/audit', qa);
    const entries = all.json.entries as { at: number; action: string; source: string; userId: string | null }[];
    expect(entries.map((e) => e.action)).toEqual(['export', 'login.failed', 'run.view']);
    expect(entries.map((e) => e.source)).toEqual(['server', 'server', 'tablet']);
    expect([...entries].sort((a, b) => b.at - a.at)).toEqual(entries);
    const tabletEntries = await h.call('GET', `/api/audit?user=${techId}`, qa);
    expect(tabletEntries.json.entries).toEqual([
      expect.objectContaining({
        action: 'run.view',
        source: 'tablet',
        userId: techId, // the session that pushed it
        deviceId: tablet.deviceId,
        subject: runs.exam,
        detail: null,
        at: h.now() - 60_000, // when the server received it
        claimedUser: techId,
        claimedAt: expect.any(Number),
      }),
    ]);
    const paged = await h.call('GET', '/api/audit?limit=2', qa);
    expect(paged.json).toMatchObject({ more: true });
    expect((await h.call('GET', '/api/audit?limit=2&offset=2', qa)).json).toMatchObject({
      more: false,
      entries: [expect.objectContaining({ action: 'run.view' })],
    });
    expect((await h.call('GET', `/api/audit?to=${h.now()}`, qa)).json.entries).toHaveLength(2);
    expect((await h.call('GET', '/api/audit?limit=501', qa)).status).toBe(400);
    expect((await h.call('GET', '/api/audit?action=delete', qa)).status).toBe(400);
    for (const method of ['DELETE', 'PATCH', 'PUT']) expect((await h.call(method, '/api/audit', qa)).status).toBe(404);
  });

  it('counts department figures from the stored events', async () => {
    const res = await h.call('GET', '/api/figures', qa);
    expect(res.status).toBe(200);
    expect(res.json.runs).toEqual({
      total: 3,
      byKind: { exam: 2, qc: 1 },
      byPriority: { routine: 2, urgent: 1 },
      bySop: { 'chest-ct': 2, 'ct-daily-qc': 1 },
      byScanner: { 'CT 1': 3 },
    });
    expect(res.json.commands).toEqual({ fastPath: 1, skip: 1, cancel: 1, back: 0 });
    expect((await h.call('GET', '/api/figures?from=2030-01-01', qa)).json.runs).toMatchObject({ total: 0 });
  });
});
