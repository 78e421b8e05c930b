// Retention (issue 10, item 10) on both engines: the dry run changes nothing and counts; archive
// leaves no identifier in the raw rows and keeps the figures; erase deletes the rows; younger runs
// (by the server's receipt as well as the tablet's clock) are untouched; the audit trail says what
// happened; a tablet re-pushing a retained run is acknowledged without anything stored again, and
// pulls, cursors and the divergence counts stay consistent.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncEvent } from '../../src/domain/sync/protocol.schema';
import { builtInSops } from '../../src/server/built-ins';
import { rebuildProjections } from '../../src/server/projections/rebuild';
import { DAY_MS, runRetention, type RetentionRequest } from '../../src/server/retention/retention';
import { ENGINES, openTestStore, type TestDb } from './engines';
import { eventFactory } from './fixtures';
import { openHarness, type Harness } from './harness';

const SECRETS = ['MRN-RETAIN-4711', 'Zhang Wei', '1950-01-02', 'refused because of her claustrophobia'];

function identified(e: SyncEvent): SyncEvent {
  if (e.type !== 'run.created') return e;
  const patient = { ...e.payload.patient!, patientId: SECRETS[0]!, name: SECRETS[1]!, birthDate: SECRETS[2]! };
  return { ...e, payload: { ...e.payload, patient } };
}

describe.each(ENGINES)('retention on $name', (engine) => {
  let db: TestDb;
  let h: Harness;
  let old: { runId: string; events: SyncEvent[]; tablet: Awaited<ReturnType<Harness['enrol']>> };
  let young: { runId: string; events: SyncEvent[] };
  let skewed: { runId: string; events: SyncEvent[] };

  const push = (token: string, events: readonly SyncEvent[]) =>
    h.call('POST', '/api/sync/push', { device: token }, { batchId: randomUUID(), events });
  const retain = (r: Partial<RetentionRequest>) =>
    runRetention(h.store, { olderThanDays: 30, mode: 'archive', dryRun: false, now: h.now(), by: 'test', ...r });
  const rows = async (table: string, order: string) => {
    const raw = await db.raw();
    try {
      return await raw.rows(table, order);
    } finally {
      await raw.close();
    }
  };
  const everything = async () => ({
    events: await rows('events', 'seq'),
    projections: await rows('run_projections', 'run_id'),
    audit: await rows('audit_log', 'seq'),
    retainedRuns: await rows('retained_runs', 'run_id'),
    retainedEvents: await rows('retained_events', 'event_id'),
    streams: await rows('device_streams', 'device'),
  });
  const eventsOf = async (runId: string) => (await rows('events', 'seq')).filter((r) => r.stream_id === runId);
  const pullAll = async () => {
    const reader = await h.enrol();
    const user = await h.tokenFor(await h.addUser('qaLead'), reader.deviceId);
    const r = await h.call('GET', '/api/sync/pull?after=0&limit=2000', { device: reader.token, user });
    expect(r.status).toBe(200);
    return r.json as { events: SyncEvent[]; streams: { device: string; events: number }[] };
  };

  beforeEach(async () => {
    db = await engine.create();
    h = await openHarness({
      name: engine.name,
      open: async () => {
        const store = await openTestStore(db);
        return { store, dispose: async () => (await store.close(), await db.dispose()) };
      },
    });
    // An old run with a patient's identity and a typed reason, pushed now and then left 40 days.
    const tablet = await h.enrol('CT 1');
    const f = eventFactory(tablet.deviceId, h.now() - 3600_000);
    const runId = randomUUID();
    const created = identified(f.created(runId));
    const next = f.next(runId);
    const cancel = { ...next, payload: { type: 'cancel', reason: `Patient ${SECRETS[3]}` } } as SyncEvent;
    old = { runId, events: [created, f.answer(runId), cancel], tablet };
    expect((await push(tablet.token, old.events)).json.accepted).toHaveLength(3);
    // A run whose tablet clock was 40 days behind: old by its own stamps, but received only now.
    h.advance(40 * DAY_MS);
    old.tablet = { ...tablet, token: await h.sessionFor(tablet.deviceId) }; // its session of 30 days ended
    const lateTablet = await h.enrol('CT 2');
    const late = eventFactory(lateTablet.deviceId, h.now() - 40 * DAY_MS);
    const skewedId = randomUUID();
    skewed = { runId: skewedId, events: [identified(late.created(skewedId)), late.answer(skewedId)] };
    expect((await push(lateTablet.token, skewed.events)).json.accepted).toHaveLength(2);
    // A young run.
    const other = await h.enrol('MR 1');
    const g = eventFactory(other.deviceId, h.now() - 3600_000);
    const youngId = randomUUID();
    young = { runId: youngId, events: [identified(g.created(youngId)), g.answer(youngId)] };
    expect((await push(other.token, young.events)).json.accepted).toHaveLength(2);
  });
  afterEach(async () => {
    await h.close();
  });

  it('a dry run reports what it would touch and changes no row anywhere', async () => {
    const before = await everything();
    for (const mode of ['archive', 'erase'] as const)
      expect(await retain({ mode, dryRun: true })).toEqual({
        mode,
        dryRun: true,
        cutoff: h.now() - 30 * DAY_MS,
        runs: 1,
        events: 3,
        redacted: mode === 'archive' ? 3 : 0,
      });
    expect(await everything()).toEqual(before);
  });

  it('archive: no identifier left in the raw rows of the old run, its figures kept, younger runs untouched', async () => {
    const untouched = [...(await eventsOf(young.runId)), ...(await eventsOf(skewed.runId))];
    const report = await retain({ mode: 'archive' });
    expect(report).toMatchObject({ runs: 1, events: 3, redacted: 3 });

    const stored = await eventsOf(old.runId);
    expect(stored.map((r) => r.id)).toEqual(old.events.map((e) => e.id));
    for (const r of stored) for (const secret of SECRETS) expect(String(r.body)).not.toContain(secret);
    // Opened with the server's key (sensitive types stay sealed at rest): the payload is the redaction.
    const opened = await h.store.retentionTransaction((tx) => tx.runEventRows([old.runId]));
    for (const r of opened)
      expect(JSON.parse(r.body)).toMatchObject({ payload: { redacted: 'retention', at: h.now() } });
    const projection = (await rows('run_projections', 'run_id')).find((r) => r.run_id === old.runId)!;
    for (const secret of SECRETS) expect(JSON.stringify(projection)).not.toContain(secret);
    expect(projection).toMatchObject({ status: 'cancelled', event_count: 3 });
    expect(Number(projection.cancelled_at)).toBe(old.events[2]!.at);
    const body = (await h.store.retentionTransaction((tx) => tx.projectionBodies([old.runId]))).get(old.runId)!;
    expect(JSON.parse(body)).toMatchObject({
      status: 'cancelled',
      cancelledAt: old.events[2]!.at,
      archivedAt: h.now(),
      path: expect.any(Array),
    });
    // The department figures still count it; the younger runs' rows are exactly as they were.
    const counts = await h.store.projectionCounts({ from: 0, to: 8.64e15 });
    expect(counts.reduce((n, c) => n + c.runs, 0)).toBe(3);
    expect(counts.find((c) => c.status === 'cancelled')?.runs).toBe(1);
    expect([...(await eventsOf(young.runId)), ...(await eventsOf(skewed.runId))]).toEqual(untouched);

    // Rebuilding every projection leaves the archived one as the archive wrote it.
    await rebuildProjections(h.store, builtInSops(), { all: true, now: () => h.now() });
    const again = (await rows('run_projections', 'run_id')).find((r) => r.run_id === old.runId)!;
    expect(again).toEqual(projection);

    // Erasing later (a longer erase age after a shorter archive age) takes the archived run too.
    expect(await retain({ mode: 'erase' })).toMatchObject({ runs: 1, events: 3 });
    expect(await eventsOf(old.runId)).toEqual([]);
  });

  it('erase: the old run’s events and projection are gone, younger runs untouched', async () => {
    const untouched = [...(await eventsOf(young.runId)), ...(await eventsOf(skewed.runId))];
    expect(await retain({ mode: 'erase' })).toMatchObject({ runs: 1, events: 3, redacted: 0 });
    expect(await eventsOf(old.runId)).toEqual([]);
    expect((await rows('run_projections', 'run_id')).map((r) => r.run_id).sort()).toEqual(
      [young.runId, skewed.runId].sort(),
    );
    expect([...(await eventsOf(young.runId)), ...(await eventsOf(skewed.runId))]).toEqual(untouched);
    for (const r of await rows('events', 'seq'))
      if (r.stream_id !== young.runId && r.stream_id !== skewed.runId) expect(String(r.body)).not.toContain(SECRETS[3]);
    // Nothing else counts as retained: running it again finds nothing.
    expect(await retain({ mode: 'erase' })).toMatchObject({ runs: 0, events: 0 });
  });

  it('records what it did in the audit trail: mode, cutoff, counts and who ran it', async () => {
    await retain({ mode: 'erase', by: 'server CLI "retention --mode erase" as ops' });
    const entries = await h.store.auditEntries({
      from: 0,
      to: 8.64e15,
      limit: 10,
      offset: 0,
      action: 'data.retention',
    });
    const cutoff = new Date(h.now() - 30 * DAY_MS).toISOString();
    expect(entries.map((e) => [e.subject, e.detail])).toEqual(
      expect.arrayContaining([
        ['retention.erase', expect.stringMatching(new RegExp(`^started: erase .*before ${cutoff} \\(30 days\\)`))],
        [
          'retention.erase',
          expect.stringMatching(
            new RegExp(`^done: erase .*${cutoff}.*: 1 runs, 3 events deleted, by server CLI .* as ops$`),
          ),
        ],
      ]),
    );
    expect(entries).toHaveLength(2);
  });

  it.each(['archive', 'erase'] as const)(
    'after %s, a tablet re-pushing the run gets it acknowledged, nothing stored again; a new event for it is refused',
    async (mode) => {
      await retain({ mode });
      const before = await everything();
      const again = await push(old.tablet.token, old.events);
      expect(again.status).toBe(200);
      expect(again.json).toMatchObject({ accepted: [], refused: [] });
      expect([...(again.json.duplicates as string[])].sort()).toEqual(old.events.map((e) => e.id).sort());
      expect(await everything()).toEqual(before);

      const late = eventFactory(old.tablet.deviceId, h.now() - 1000).next(old.runId);
      const refused = await push(old.tablet.token, [{ ...late, deviceSeq: 99 }]);
      expect(refused.json).toMatchObject({
        accepted: [],
        refused: [{ code: 'runRefused', retry: false, error: expect.stringContaining('retention') }],
      });
      expect(await eventsOf(old.runId)).toHaveLength(mode === 'erase' ? 0 : 3);
    },
  );

  it.each(['archive', 'erase'] as const)(
    'after %s, pulls hand out nothing of the run; cursors, gaps and the divergence counts stay consistent',
    async (mode) => {
      const seqs = (await eventsOf(old.runId)).map((r) => Number(r.seq));
      await retain({ mode });
      const pulled = await pullAll();
      expect(pulled.events.map((e) => e.streamId).sort()).toEqual(
        [young.runId, young.runId, skewed.runId, skewed.runId].sort(),
      );
      // The divergence check: what the server says it holds per device is what a pull hands out.
      expect(pulled.streams.find((s) => s.device === old.tablet.deviceId)?.events ?? 0).toBe(0);
      // The tablet's own count: retained events still count as held, so it is not asked to re-send.
      expect(await h.store.ownEventCount(old.tablet.deviceId, 3)).toBe(3);
      expect(await h.store.sequenceGaps()).toEqual([]);
      // A tablet whose cursor stopped on a retained event is not told the log was restored.
      const reader = await h.enrol();
      const user = await h.tokenFor(await h.addUser('technologist'), reader.deviceId);
      const at = seqs.at(-1)!;
      const r = await h.call('GET', `/api/sync/pull?after=${at}&limit=100`, { device: reader.token, user });
      expect(r.json.restart).toBeUndefined();
      expect((r.json.events as SyncEvent[]).length).toBe(4);
    },
  );
});
