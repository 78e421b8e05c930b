// What the reports hold: exam-record exports and department figures read from the server's run
// projection (the engine's reading of each log, so a move the card refused is never counted as done),
// and the merged audit trail (server entries + tablets' audit.entry events), on real stores.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunCommand } from '../../src/domain/run/run.types';
import type { SyncEvent } from '../../src/domain/sync/protocol.schema';
import { eventFactory } from './fixtures';
import { openHarness, type Harness, type UUID } from './harness';
import { STORES } from './stores';

type Created = Extract<SyncEvent, { type: 'run.created' }>;
const START = Date.UTC(2026, 10, 23, 9); // the factory's clock: events at +1 s, +2 s, …
/** A QC run has no patient. */
const qcRun = (e: Created): SyncEvent => {
  const payload = { ...e.payload };
  delete payload.patient;
  return { ...e, payload };
};
const step = (
  answers: Record<string, boolean | string | number>,
  move: RunCommand = { type: 'next' },
): RunCommand[] => [
  ...Object.entries(answers).map(([itemId, value]): RunCommand => ({ type: 'answer', itemId, value })),
  move,
];

describe.each(STORES)('reports on $name', (factory) => {
  let h: Harness;
  let qa: { device: string; user: string };
  let tablet: { deviceId: UUID; token: string };
  let techId: string;
  let runs: { exam: UUID; urgent: UUID; qc: UUID };
  let log: Record<'exam' | 'urgent', SyncEvent[]>;

  beforeEach(async () => {
    h = await openHarness(factory);
    tablet = await h.enrol();
    const qaLead = await h.addUser('qaLead');
    techId = (await h.addUser('technologist')).id;
    qa = { device: tablet.token, user: await h.tokenFor(qaLead, tablet.deviceId) };

    const f = eventFactory(tablet.deviceId);
    const play = (runId: string, commands: RunCommand[]) =>
      commands.map((payload) => ({ ...f.next(runId), payload }) as SyncEvent);
    runs = { exam: randomUUID(), urgent: randomUUID(), qc: randomUUID() };
    const created = (runId: UUID, patientId: string, change: Partial<Created['payload']>) => {
      const e = f.created(runId, patientId) as Created;
      return { ...e, payload: { ...e.payload, ...change } };
    };
    const MIN = 60_000;
    log = {
      // Two moves the card refuses (a send-step answer and a skip on the identity step), then a full
      // walk with the preparation step skipped for a reason.
      exam: [
        created(runs.exam, 'P-100', { arrivedAt: START - 10 * MIN }),
        ...play(runs.exam, [
          { type: 'answer', itemId: 'bodyPartExamined', value: 'chest (typed on the wrong step)' },
          { type: 'skip', reason: 'not needed today' },
          ...step({ twoIdentifiers: true, requestMatches: true }),
          ...step({ pregnancy: 'notApplicable' }),
          { type: 'skip', reason: 'prepared on the ward' },
          ...step({ supineArmsUp: true, centred: true }),
          ...step({ breathHoldPractised: true }),
          ...step({ protocol: 'lowDose', scanDone: true, dlp: 320 }),
          ...step({ fullCoverage: true, motionArtefact: false, reconstructions: true }),
          ...step({ bodyPartExamined: 'chest and upper abdomen', imagesSent: true }),
        ]),
      ],
      // Fast path from screening, then cancelled; an answer after the cancel does not fit.
      urgent: [
        created(runs.urgent, 'P-URGENT', { arrivedAt: START - 5 * MIN, priority: 'urgent' }),
        ...play(runs.urgent, [
          ...step({ twoIdentifiers: true, requestMatches: true }),
          { type: 'fastPath', reason: 'stroke alert' },
          { type: 'cancel', reason: 'patient left' },
          { type: 'answer', itemId: 'supineArmsUp', value: true },
        ]),
      ],
    };
    const events: SyncEvent[] = [
      ...log.exam,
      ...log.urgent,
      qcRun(created(runs.qc, 'unused', { kind: 'qc', sop: { id: 'ct-daily-qc', version: 1 } })),
      {
        ...f.next('x'),
        streamId: `audit:${tablet.deviceId}`,
        user: techId,
        type: 'audit.entry',
        payload: { action: 'run.view', subject: runs.exam },
      } as SyncEvent,
    ];
    const pushed = await h.call('POST', '/api/sync/push', { device: tablet.token }, { batchId: randomUUID(), events });
    expect(pushed.status).toBe(200);
  });
  afterEach(async () => {
    await h.close();
  });

  it('exports exam records (not QC runs) as the engine reads them, and audits the export', async () => {
    const res = await h.call('GET', '/api/exports/exam-records?from=2026-11-23&to=2026-11-24', qa);
    expect(res.status).toBe(200);
    expect(res.json.truncated).toBe(false);
    const records = res.json.records as Record<string, unknown>[];
    expect(records.map((r) => r.runId)).toEqual([runs.exam, runs.urgent]); // by arrival
    const exam = log.exam;
    const [skip, done] = [
      exam.find((e) => e.type === 'run.command' && e.payload.type === 'skip' && e.payload.reason.includes('ward'))!,
      exam.at(-1)!,
    ];
    expect(records[0]).toMatchObject({
      sop: { id: 'chest-ct', version: 1 },
      modality: 'CT',
      scanner: 'CT 1',
      priority: 'routine',
      arrivedAt: START - 10 * 60_000,
      patientId: 'P-100',
      status: 'completed',
      completedAt: done.at,
      cancelledAt: null,
      currentStep: 'send',
      // The answer typed on the wrong step was refused: the record holds the one on the send step.
      bodyPart: 'chest and upper abdomen',
      eventCount: exam.length,
      lastEventAt: done.at,
      recordedBy: 'tech',
      device: tablet.deviceId,
      problem: null,
    });
    expect(records[0]!.answers).toContainEqual(
      expect.objectContaining({ itemId: 'protocol', value: 'lowDose', optionLabel: 'chestCt.protocol.lowDose' }),
    );
    // One skip, the accepted one; the refused skip and answer are listed for review, never counted.
    expect(records[0]!.deviations).toEqual([
      {
        kind: 'skipped',
        stepId: 'preparation',
        stepTitle: 'common.preparation.title',
        reason: 'prepared on the ward',
        at: skip.at,
      },
    ]);
    expect(records[0]!.needsReview).toEqual([
      expect.objectContaining({ eventId: exam[1]!.id, type: 'answer', itemId: 'bodyPartExamined' }),
      expect.objectContaining({ eventId: exam[2]!.id, type: 'skip' }),
    ]);

    const urgent = log.urgent;
    const [fastPath, cancel] = [urgent.at(-3)!, urgent.at(-2)!];
    expect(records[1]).toMatchObject({
      priority: 'urgent',
      patientId: 'P-URGENT',
      status: 'cancelled',
      completedAt: null,
      cancelledAt: cancel.at,
      cancelReason: 'patient left',
      bodyPart: null,
      eventCount: urgent.length,
    });
    expect((records[1]!.deviations as { kind: string; at: number }[]).map((d) => [d.kind, d.at])).toEqual([
      ['cancelled', cancel.at],
      ['fastPath', fastPath.at],
    ]);
    expect(records[1]!.needsReview).toEqual([expect.objectContaining({ eventId: urgent.at(-1)!.id, type: 'answer' })]);

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

  // Issue 17 item 9: the record says who performed the exam and which radiologist decided a consult. On a
  // version-2 card the performer comes from the run's "known" facts; the export carries both, labelled.
  it('exports the record head of a version-2 run: who performed it (filled in) and the consulting radiologist', async () => {
    const other = await h.enrol();
    const f = eventFactory(other.deviceId, START + 3_600_000);
    const runId = randomUUID();
    const e = f.created(runId, 'P-200', { id: 'chest-ct', version: 2 }) as Created;
    const created = { ...e, payload: { ...e.payload, arrivedAt: START + 3_600_000 } };
    const commands: RunCommand[] = [
      { type: 'known', facts: { ageYears: 30, sex: 'female', staffName: 'Wang Li' } },
      ...step({ twoIdentifiers: true, requestMatches: true }),
      ...step({ pregnancy: 'unsure', priorImaging: false }),
      ...step({ radiologistApproved: true, consultRadiologist: 'Dr Chen Yu', shieldingDiscussed: true }),
      ...step({ metalRemoved: true, procedureExplained: true }),
      ...step({ supineArmsUp: true, centred: true }),
      ...step({ breathHoldPractised: true }),
      ...step({ protocol: 'routine', scanDone: true, dlp: 320 }),
      ...step({ fullCoverage: true, motionArtefact: false, reconstructions: true }),
      ...step({ bodyPartExamined: 'chest', imagesSent: true }),
    ];
    const events = [created, ...commands.map((payload) => ({ ...f.next(runId), payload }) as SyncEvent)];
    const pushed = await h.call('POST', '/api/sync/push', { device: other.token }, { batchId: randomUUID(), events });
    expect(pushed.status).toBe(200);
    const res = await h.call('GET', '/api/exports/exam-records', qa);
    const record = (res.json.records as Record<string, unknown>[]).find((r) => r.runId === runId)!;
    expect(record).toMatchObject({
      sop: { id: 'chest-ct', version: 2 },
      status: 'completed',
      bodyPart: 'chest',
      performedBy: { itemId: 'performedBy', value: 'Wang Li', prefilled: true, recordField: 'performedBy' },
      contrastLot: null,
      consultRadiologists: [{ stepId: 'pregnancyConsult', itemId: 'consultRadiologist', value: 'Dr Chen Yu' }],
      needsReview: [],
    });
    // Listed once, in the head, not again among the answers.
    const answered = (record.answers as { itemId: string }[]).map((a) => a.itemId);
    expect(answered).not.toContain('performedBy');
    expect(answered).not.toContain('consultRadiologist');
    // A version-1 record has no head fields, and says so rather than leaving them out.
    const v1 = (res.json.records as Record<string, unknown>[]).find((r) => r.runId === runs.exam)!;
    expect(v1).toMatchObject({ performedBy: null, contrastLot: null, consultRadiologists: [] });
  });

  it('merges server entries and tablet audit events, newest first, filtered and paged', async () => {
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
        userId: techId,
        deviceId: tablet.deviceId,
        subject: runs.exam,
        detail: null,
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

  it('the "user" filter finds a user by user name or displayed name, not only by id', async () => {
    const tech = await h.store.userById(techId);
    for (const typed of [tech!.username, tech!.username.toUpperCase(), 'test technologist', 'technolog']) {
      const r = await h.call('GET', `/api/audit?user=${encodeURIComponent(typed)}`, qa);
      expect(
        (r.json.entries as { userId: string }[]).map((e) => e.userId),
        typed,
      ).toEqual([techId]);
    }
    const none = await h.call('GET', '/api/audit?user=nobody-here', qa);
    expect(none.json.entries).toEqual([]);
  });

  it('counts department figures from the projection: statuses, accepted skips and fast paths, runs to review', async () => {
    const res = await h.call('GET', '/api/figures', qa);
    expect(res.status).toBe(200);
    expect(res.json.runs).toEqual({
      total: 3,
      byKind: { exam: 2, qc: 1 },
      byPriority: { routine: 2, urgent: 1 },
      bySop: { 'chest-ct': 2, 'ct-daily-qc': 1 },
      byScanner: { 'CT 1': 3 },
      byStatus: { completed: 1, cancelled: 1, active: 1 },
      needsReview: 2,
    });
    // The refused skip on the identity step is not a skip: one skip, one fast path.
    expect(res.json.moves).toEqual({ skip: 1, fastPath: 1 });
    expect(res.json).not.toHaveProperty('commands');
    expect((await h.call('GET', '/api/figures?from=2030-01-01', qa)).json.runs).toMatchObject({ total: 0 });
  });
});
