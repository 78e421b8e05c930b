// Training records on the server: a sign-off is stored only from a signed-in trainer (the registry's
// `requires`), practice attempts from anyone, and the trainer figures and per-person / per-card
// records are read by trainers, QA leads and administrators only.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeHlc } from '../../src/domain/clock/hlc';
import { eventType } from '../../src/domain/events/registry';
import type { PracticeAttemptSummary } from '../../src/domain/events/training.events';
import type { SignOff } from '../../src/domain/training/competency';
import type { Refusal } from '../../src/domain/sync/protocol.schema';
import { openHarness, START, type Harness, type Who } from './harness';
import { STORES } from './stores';

describe.each(STORES)('training records on $name', (factory) => {
  let h: Harness;
  let deviceId = '';
  let seq = 0;
  const who: Record<'tech' | 'trainer' | 'qa' | 'admin', Who> = { tech: {}, trainer: {}, qa: {}, admin: {} };
  const ids = { tech: '', trainer: '', qa: '' };

  const ev = (type: string, user: string, payload: unknown) => {
    seq++;
    const at = START + seq * 1000;
    const rule = eventType(type)!.stream;
    return {
      id: randomUUID(),
      streamId: rule.kind === 'derived' ? rule.streamId(payload, deviceId) : '',
      at,
      hlc: encodeHlc({ wall: at, counter: 0 }),
      user,
      device: deviceId,
      deviceSeq: seq,
      type,
      payload,
    };
  };
  const push = async (as: Who, events: unknown[]) => {
    const r = await h.call('POST', '/api/sync/push', as, { batchId: randomUUID(), events });
    expect(r.status).toBe(200);
    return r.json as { accepted: string[]; refused: Refusal[] };
  };
  const signOff = (over: Partial<SignOff>): SignOff => ({
    ...(eventType('training.signOff')!.example as SignOff),
    signOffId: randomUUID(),
    trainee: ids.tech,
    assessor: ids.trainer,
    ...over,
  });
  const attempt = (score: number, stepVerdict: 'ok' | 'error'): PracticeAttemptSummary => ({
    ...(eventType('training.attempt')!.example as PracticeAttemptSummary),
    attemptId: randomUUID(),
    trainee: ids.tech,
    score,
    passed: score >= 80,
    steps: [{ stepId: 'screening', seconds: 30, refused: 1, missed: 1, wrong: 0, verdict: stepVerdict }],
  });

  beforeAll(async () => {
    h = await openHarness(factory, { timeZone: 'UTC' });
    const d = await h.enrol();
    deviceId = d.deviceId;
    const [t, tr, q, a] = [
      await h.addUser('technologist'),
      await h.addUser('trainer'),
      await h.addUser('qaLead'),
      await h.addUser('admin'),
    ];
    Object.assign(ids, { tech: t.id, trainer: tr.id, qa: q.id });
    who.tech = { device: d.token, user: await h.tokenFor(t, d.deviceId) };
    who.trainer = { device: d.token, user: await h.tokenFor(tr, d.deviceId, 30 * 86_400_000) };
    who.qa = { device: d.token, user: await h.tokenFor(q, d.deviceId) };
    who.admin = { device: d.token, user: await h.tokenFor(a, d.deviceId) };
  });
  afterAll(async () => {
    await h.close();
  });

  it("refuses a technologist's sign-off and stores their practice attempts", async () => {
    const self = ev('training.signOff', ids.tech, signOff({ assessor: ids.tech }));
    const tries = [
      ev('training.attempt', ids.tech, attempt(60, 'error')),
      ev('training.attempt', ids.tech, attempt(90, 'ok')),
    ];
    const res = await push(who.tech, [self, ...tries]);
    expect(res.accepted).toEqual(tries.map((e) => e.id));
    expect(res.refused.map((r) => [r.id, r.code, r.error])).toEqual([
      [self.id, 'forbidden', 'only a trainer may sign off a competency (recorded by a technologist)'],
    ]);
  });

  it("stores a trainer's sign-off and lists it per person and per card, with the attempts", async () => {
    const s = signOff({ assessedOn: '2026-11-23', revalidateBy: '2026-12-10' });
    expect((await push(who.trainer, [ev('training.signOff', ids.trainer, s)])).accepted).toHaveLength(1);
    const mine = await h.call('GET', `/api/training/record?trainee=${ids.tech}`, who.trainer);
    expect(mine.status).toBe(200);
    expect((mine.json.signOffs as SignOff[]).map((x) => x.signOffId)).toEqual([s.signOffId]);
    expect((mine.json.attempts as PracticeAttemptSummary[]).map((a) => a.score)).toEqual([60, 90]);
    expect(mine.json.standings).toEqual([
      expect.objectContaining({ trainee: ids.tech, sopId: 'chest-ct', version: 2, state: 'valid', daysLeft: 17 }),
    ]);
    const card = await h.call('GET', '/api/training/record?sop=chest-ct', who.qa);
    expect((card.json.signOffs as SignOff[]).map((x) => x.trainee)).toEqual([ids.tech]);
    const other = await h.call('GET', '/api/training/record?sop=brain-mri', who.qa);
    expect(other.json.signOffs).toEqual([]);
    const none = await h.call('GET', '/api/training/record', who.qa);
    expect(none.status).toBe(400);
    expect(none.body).toContain('name a trainee or a card (sop)');
  });

  it('gives trainers, QA leads and administrators the figures, technologists 403', async () => {
    const status = async (as: Who) => (await h.call('GET', '/api/training/figures', as)).status;
    expect({
      tech: await status(who.tech),
      trainer: await status(who.trainer),
      qa: await status(who.qa),
      admin: await status(who.admin),
    }).toEqual({ tech: 403, trainer: 200, qa: 200, admin: 200 });
    const f = (await h.call('GET', '/api/training/figures', who.trainer)).json;
    expect(f.today).toBe('2026-11-23');
    expect(f.trainees).toEqual([expect.objectContaining({ trainee: ids.tech, attempts: 2, passed: 1, meanScore: 75 })]);
    expect(f.mistakes).toEqual([
      { sopId: 'chest-ct', stepId: 'screening', seen: 2, errors: 1, refused: 2, missed: 2, wrong: 0 },
    ]);
    // Re-validation in 17 days: due within the default 60, not within 10.
    expect((f.due as { trainee: string }[]).map((d) => d.trainee)).toEqual([ids.tech]);
    expect((await h.call('GET', '/api/training/figures?dueWithinDays=10', who.trainer)).json.due).toEqual([]);
  });

  it('shows the sign-off lapsed once its re-validation date has passed', async () => {
    h.advance(20 * 86_400_000);
    const f = (await h.call('GET', '/api/training/figures', who.trainer)).json;
    expect(f.due).toEqual([
      expect.objectContaining({ trainee: ids.tech, state: 'lapsed', reasons: ['revalidationDue'] }),
    ]);
  });
  it("refuses a trainer's sign-off in another assessor's name, alone: the rest of the batch is stored", async () => {
    const forged = ev(
      'training.signOff',
      ids.trainer,
      signOff({ assessor: ids.qa, sop: { id: 'brain-mri', version: 2 } }),
    );
    const own = ev('training.attempt', ids.trainer, { ...attempt(70, 'ok'), trainee: ids.trainer });
    const res = await push(who.trainer, [forged, own]);
    expect(res.accepted).toEqual([own.id]);
    expect(res.refused.map((r) => [r.id, r.code, r.status, r.retry, r.error])).toEqual([
      [
        forged.id,
        'forbidden',
        403,
        false,
        'only a trainer may sign off a competency in their own name: assessor must be its author',
      ],
    ]);
    const card = await h.call('GET', '/api/training/record?sop=brain-mri', who.trainer); // 20 days on: the trainer's token still holds
    expect(card.status).toBe(200);
    expect(card.json.signOffs).toEqual([]);
  });
});
