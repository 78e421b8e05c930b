// The card editor's workflow on both stores: one draft per card, two people publish (the author
// never approves their own draft; the approver is an admin or QA lead), the next version is
// immutable with its change note, approvers approve what they saw, drafts never reach tablets and
// a published version reaches a tablet on its next pull (also one that was offline), rollback
// publishes old content as a new version, retire keeps runs and stops new ones; every step audited.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SopDefinition } from '../../src/domain/sop/sop.schema';
import { chestCt } from '../../src/sops/chest-ct.sop';
import { eventFactory } from './fixtures';
import { openHarness, type Harness, type Who } from './harness';
import { STORES } from './stores';

type Tablet = Awaited<ReturnType<Harness['enrol']>>;

/** Chest CT with a step added after preparation (the example change). */
const withIvStep = (): SopDefinition => {
  const s = structuredClone(chestCt);
  const at = s.steps.findIndex((x) => x.id === 'preparation');
  s.steps.splice(at + 1, 0, {
    id: 'ivCheck',
    title: 'chest-ct.ivCheck.title',
    items: [{ kind: 'check', id: 'ivPatent', label: 'chest-ct.ivCheck.patent', required: true }],
    next: 'positioning',
  });
  s.steps[at]!.next = 'ivCheck';
  s.messages = {
    en: { 'chest-ct.ivCheck.title': 'IV line check', 'chest-ct.ivCheck.patent': 'IV line flushes freely' },
  };
  return s;
};

describe.each(STORES)('card drafts and two-person publishing on $name', (factory) => {
  let h: Harness;
  let tablet: Tablet;
  const who: Record<string, Who & { id: string }> = {};
  beforeEach(async () => {
    h = await openHarness(factory);
    tablet = await h.enrol();
    for (const [name, role] of [
      ['author', 'admin'],
      ['admin2', 'admin'],
      ['qa', 'qaLead'],
      ['tech', 'technologist'],
      ['trainer', 'trainer'],
    ] as const) {
      const u = await h.addUser(role);
      who[name] = { id: u.id, device: tablet.token, user: await h.tokenFor(u, tablet.deviceId) };
    }
  });
  afterEach(() => h.close());

  const save = (def: unknown, changeNote = 'Adds an IV line check before positioning', as = who.author!) =>
    h.call('PUT', '/api/sops/chest-ct/draft', as, { definition: def, changeNote });
  const approve = async (as: Who) => {
    const d = await h.call('GET', '/api/sops/chest-ct/draft', as);
    return h.call('POST', '/api/sops/chest-ct/draft/approve', as, { updatedAt: d.json.updatedAt });
  };
  const pull = async (t: Tablet, sopsAfter = 0) =>
    (
      await h.call('GET', `/api/sync/pull?after=0&sopsAfter=${sopsAfter}`, {
        device: t.token,
        user: await h.tokenFor(await h.addUser('technologist'), t.deviceId),
      })
    ).json as { sops: { definition: SopDefinition }[]; currentSops: Record<string, number>; cursor: { sops: number } };

  it('publishes a draft only when a second person approves it, as the next version, and a tablet gets it', async () => {
    const offline = await h.enrol();
    const before = await pull(offline);
    expect((await save(withIvStep(), 'x', who.tech)).status).toBe(403);
    const saved = await save(withIvStep());
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ sopId: 'chest-ct', editors: [who.author!.id], errors: [], blockers: [] });
    // A draft never reaches a tablet.
    expect((await pull(tablet)).sops).toEqual([]);

    const own = await approve(who.author!);
    expect(own.status).toBe(403);
    expect(own.json.error).toMatch(/second person/);
    expect((await approve(who.tech!)).status).toBe(403);
    expect((await approve(who.trainer!)).status).toBe(403);
    const ok = await approve(who.qa!);
    expect(ok.json).toEqual({
      id: 'chest-ct',
      version: chestCt.version + 1,
      authors: [who.author!.id],
      approvedBy: who.qa!.id,
      approvedAt: h.now(),
      changeNote: 'Adds an IV line check before positioning',
    });
    expect((await h.call('GET', '/api/sops/chest-ct/draft', who.author!)).status).toBe(404);

    // The tablet that was offline meanwhile gets the version on its next pull, after its old cursor.
    const later = await pull(offline, before.cursor.sops);
    expect(later.sops.map((s) => `${s.definition.id}@${s.definition.version}`)).toEqual([
      `chest-ct@${chestCt.version + 1}`,
    ]);
    expect(later.sops[0]!.definition.steps.map((s) => s.id)).toContain('ivCheck');
    expect(later.currentSops['chest-ct']).toBe(chestCt.version + 1);

    const diff = await h.call(
      'GET',
      `/api/sops/chest-ct/diff?from=${chestCt.version}&to=${chestCt.version + 1}`,
      who.tech!,
    );
    expect(diff.json.steps).toEqual([
      {
        step: 'preparation',
        change: 'changed',
        fields: [{ kind: 'branches', field: 'next', before: 'positioning', after: 'ivCheck' }],
      },
      { step: 'ivCheck', change: 'added' },
    ]);
    const history = await h.call('GET', '/api/sops/chest-ct/history', who.tech!);
    expect(history.json).toMatchObject({
      versions: [1, 2, 3],
      approvals: [
        {
          version: 3,
          authors: [who.author!.id],
          approvedBy: who.qa!.id,
          changeNote: 'Adds an IV line check before positioning',
        },
      ],
      retired: null,
    });
    const audit = await h.call('GET', '/api/audit?action=sop.edit', who.qa!);
    expect(
      (audit.json.entries as { subject: string; detail: string }[]).map((e) => [e.subject, e.detail.slice(0, 28)]),
    ).toEqual([
      ['chest-ct@3', 'approved and published for n'],
      ['chest-ct@draft', 'draft saved'],
    ]);
  });

  it('counts everyone who saved the draft as an author: none of them approves it', async () => {
    await save(withIvStep());
    await save(withIvStep(), 'Adds an IV line check', who.admin2!);
    const d = await h.call('GET', '/api/sops/chest-ct/draft', who.qa!);
    expect(d.json.editors).toEqual([who.author!.id, who.admin2!.id]);
    expect((await approve(who.admin2!)).status).toBe(403);
    expect((await approve(who.qa!)).status).toBe(200);
  });

  it('refuses to approve a draft changed since the approver opened it', async () => {
    await save(withIvStep());
    const seen = await h.call('GET', '/api/sops/chest-ct/draft', who.qa!);
    h.advance(1000);
    await save({ ...withIvStep(), siteMustConfirm: ['changed meanwhile'] });
    const r = await h.call('POST', '/api/sops/chest-ct/draft/approve', who.qa!, { updatedAt: seen.json.updatedAt });
    expect(r.status).toBe(409);
    expect((await pull(tablet)).currentSops['chest-ct']).toBe(chestCt.version);
  });

  it('keeps an invalid draft for its author but refuses to publish it, naming the problems', async () => {
    const bad = withIvStep();
    bad.steps.find((s) => s.id === 'screening')!.branches = []; // pregnancyConsult now unreachable
    const saved = await save(bad);
    expect(saved.status).toBe(200);
    expect(saved.json.blockers).toEqual(['step "pregnancyConsult" is reached by no route']);
    expect((saved.json.errors as { path: string }[]).map((e) => e.path)).toEqual(['steps[2] (pregnancyConsult)']);
    const r = await approve(who.qa!);
    expect(r.status).toBe(400);
    expect(r.json.details).toEqual(['steps[2] (pregnancyConsult): is unreachable from the start step']);
    await save(withIvStep(), '   ');
    expect((await approve(who.qa!)).json.error).toMatch(/no change note/);
  });

  it('rolls back by publishing the old content as a new version, approved by a second person', async () => {
    await save(withIvStep());
    await approve(who.qa!);
    const rb = await h.call('POST', '/api/sops/chest-ct/rollback', who.author!, { version: chestCt.version });
    expect(rb.json).toMatchObject({
      rollbackOf: chestCt.version,
      changeNote: `Rollback to version ${chestCt.version}`,
    });
    expect((await h.call('POST', '/api/sops/chest-ct/rollback', who.author!, { version: 1 })).status).toBe(409);
    const ok = await approve(who.qa!);
    expect(ok.json.version).toBe(chestCt.version + 2);
    const diff = await h.call(
      'GET',
      `/api/sops/chest-ct/diff?from=${chestCt.version}&to=${chestCt.version + 2}`,
      who.tech!,
    );
    expect(diff.json).toMatchObject({ steps: [], card: [], reordered: false });
    expect((await pull(tablet)).currentSops['chest-ct']).toBe(chestCt.version + 2);
    // Versions are immutable: the database itself refuses to rewrite an approval.
    const history = await h.call('GET', '/api/sops/chest-ct/history', who.tech!);
    expect((history.json.approvals as { rollbackOf: number | null }[]).map((a) => a.rollbackOf)).toEqual([
      null,
      chestCt.version,
    ]);
  });

  it('retires a card with runs (kept), so tablets offer it for no new run, until a version is published', async () => {
    const f = eventFactory(tablet.deviceId);
    await h.call(
      'POST',
      '/api/sync/push',
      { device: tablet.token },
      { batchId: randomUUID(), events: [f.created(randomUUID(), 'P-1', { id: 'chest-ct', version: chestCt.version })] },
    );
    expect((await h.call('POST', '/api/sops/chest-ct/retire', who.tech!, { reason: 'x' })).status).toBe(403);
    expect((await h.call('POST', '/api/sops/chest-ct/retire', who.author!, { reason: ' ' })).status).toBe(400);
    expect((await h.call('POST', '/api/sops/nope/retire', who.author!, { reason: 'old' })).status).toBe(404);
    const r = await h.call('POST', '/api/sops/chest-ct/retire', who.author!, {
      reason: 'Replaced by the low-dose card',
    });
    expect(r.json).toEqual({ retired: 'chest-ct', runs: 1 });
    expect((await pull(tablet)).currentSops['chest-ct']).toBe(0);
    await save(withIvStep());
    await approve(who.qa!);
    expect((await pull(tablet)).currentSops['chest-ct']).toBe(chestCt.version + 1);
  });

  it('discards a draft (audited); a draft must be for the card it is saved under', async () => {
    expect((await save({ ...withIvStep(), id: 'brain-mri' })).status).toBe(400);
    await save(withIvStep());
    expect((await h.call('DELETE', '/api/sops/chest-ct/draft', who.author!)).status).toBe(200);
    expect((await h.call('GET', '/api/sops/drafts', who.qa!)).json.drafts).toEqual([]);
    expect((await h.call('GET', '/api/sops/drafts', who.tech!)).status).toBe(403);
  });
});
