// Cards reach new runs only when someone allowed to publishes them: a card a tablet pushes with its
// runs is kept so others can replay those runs, never offered for new ones; a publication records
// who and when; a card's texts stay its own (no built-in text replaced), on both stores.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SopDefinition } from '../../src/domain/sop/sop.schema';
import { chestCt } from '../../src/sops/chest-ct.sop';
import { eventFactory } from './fixtures';
import { openHarness, type Harness, type UUID } from './harness';
import { STORES } from './stores';

const v7 = (): SopDefinition => ({ ...structuredClone(chestCt), version: 7, siteMustConfirm: ['edited on a tablet'] });

describe.each(STORES)('publishing cards on $name', (factory) => {
  let h: Harness;
  let tabletA: { deviceId: UUID; token: string };
  let admin: { device: string; user: string };
  let adminId: string;
  beforeEach(async () => {
    h = await openHarness(factory);
    tabletA = await h.enrol();
    const a = await h.addUser('admin');
    adminId = a.id;
    admin = { device: tabletA.token, user: await h.tokenFor(a, tabletA.deviceId) };
  });
  afterEach(() => h.close());

  const pushRunOn = (tablet: { deviceId: UUID; token: string }, sop: SopDefinition) => {
    const f = eventFactory(tablet.deviceId);
    const created = f.created(randomUUID(), 'P-1', { id: sop.id, version: sop.version });
    return h.call(
      'POST',
      '/api/sync/push',
      { device: tablet.token },
      { batchId: randomUUID(), events: [created], sops: [sop] },
    );
  };
  // Reading needs a person: a technologist signed in on the pulling tablet.
  const pull = async (t: { deviceId: string; token: string }) =>
    (
      await h.call('GET', '/api/sync/pull?after=0', {
        device: t.token,
        user: await h.tokenFor(await h.addUser('technologist'), t.deviceId),
      })
    ).json;

  it('keeps a card a tablet pushed with its run for replay, and offers new runs the published version', async () => {
    expect((await pushRunOn(tabletA, v7())).status).toBe(200);
    const fresh = await h.enrol();
    const page = await pull(fresh);
    expect(
      (page.sops as { definition: SopDefinition }[]).map((s) => `${s.definition.id}@${s.definition.version}`),
    ).toEqual(['chest-ct@7']);
    expect((page.currentSops as Record<string, number>)['chest-ct']).toBe(chestCt.version);
    const listed = await h.call('GET', '/api/sops', admin);
    expect((listed.json.versions as { id: string; version: number }[]).find((v) => v.version === 7)).toMatchObject({
      source: `device:${tabletA.deviceId}`,
      publications: [],
      current: false,
    });
  });

  it('publishes only for a user with sops.edit, records who and when, and a later publication wins', async () => {
    const tech = { device: tabletA.token, user: await h.tokenFor(await h.addUser('technologist'), tabletA.deviceId) };
    expect((await h.call('POST', '/api/sops/publish', tech, { definition: v7() })).status).toBe(403);
    expect((await pushRunOn(tabletA, v7())).status).toBe(200); // stored for replay first
    const published = await h.call('POST', '/api/sops/publish', admin, { definition: v7() });
    expect(published.json).toEqual({ id: 'chest-ct', version: 7, publishedBy: adminId, publishedAt: h.now() });
    expect(((await pull(await h.enrol())).currentSops as Record<string, number>)['chest-ct']).toBe(7);
    h.advance(1000);
    expect((await h.call('POST', '/api/sops/publish', admin, { definition: chestCt })).status).toBe(200); // back to the built-in
    expect(((await pull(tabletA)).currentSops as Record<string, number>)['chest-ct']).toBe(chestCt.version);
    const versions = (await h.call('GET', '/api/sops', admin)).json.versions as Record<string, unknown>[];
    expect(versions.find((v) => v.version === 7)).toMatchObject({
      publications: [{ by: adminId, at: h.now() - 1000 }],
      current: false,
    });
    expect(versions.find((v) => v.id === 'chest-ct' && v.version === chestCt.version)).toMatchObject({
      source: 'built-in',
      publications: [{ by: adminId, at: h.now() }],
      current: true,
    });
    // Making a held version current again is a publication too: the history keeps both, current_sops the last.
    h.advance(1000);
    expect((await h.call('PUT', '/api/sops/chest-ct/current', admin, { version: 7 })).status).toBe(200);
    expect(((await pull(tabletA)).currentSops as Record<string, number>)['chest-ct']).toBe(7);
    const again = (await h.call('GET', '/api/sops', admin)).json.versions as Record<string, unknown>[];
    expect(again.find((v) => v.version === 7)).toMatchObject({
      publications: [
        { by: adminId, at: h.now() - 2000 },
        { by: adminId, at: h.now() },
      ],
      current: true,
    });
    const audit = await h.call('GET', '/api/audit?action=sop.edit', admin);
    expect((audit.json.entries as Record<string, unknown>[]).map((e) => [e.userId, e.subject, e.detail])).toEqual([
      [adminId, 'chest-ct@7', `made current for new runs (was version ${chestCt.version})`],
      [adminId, `chest-ct@${chestCt.version}`, 'published and made current for new runs (was version 7)'],
      [adminId, 'chest-ct@7', `published and made current for new runs (was version ${chestCt.version})`],
    ]);
  });

  it('refuses to publish other content under a version that exists', async () => {
    expect((await pushRunOn(tabletA, v7())).status).toBe(200);
    const other = { ...v7(), siteMustConfirm: ['something else'] };
    expect((await h.call('POST', '/api/sops/publish', admin, { definition: other })).json.error).toMatch(
      /chest-ct@7 already exists with different content/,
    );
    const edited = { ...structuredClone(chestCt), siteMustConfirm: [] };
    expect((await h.call('POST', '/api/sops/publish', admin, { definition: edited })).status).toBe(409);
    expect(((await pull(tabletA)).currentSops as Record<string, number>)['chest-ct']).toBe(chestCt.version);
  });

  it('refuses a card whose messages replace a built-in text (the Chinese identity step), pushed or published', async () => {
    const hijack = {
      ...v7(),
      messages: { 'zh-CN': { 'common.identity.body': '无需核对身份，直接扫描。' } },
    };
    const pushed = await pushRunOn(tabletA, hijack);
    expect(pushed.json.accepted).toEqual([]);
    expect(pushed.json.refused).toMatchObject([
      {
        code: 'sopInvalid',
        details: [
          'messages.zh-CN["common.identity.body"]: a card may only define its own texts: keys must start with "chest-ct."',
        ],
      },
    ]);
    const named = { ...hijack, id: 'common', messages: { 'zh-CN': { 'common.identity.body': '无需核对身份' } } };
    const published = await h.call('POST', '/api/sops/publish', admin, { definition: named });
    expect(published.json.details).toEqual([
      'messages.zh-CN["common.identity.body"]: is a built-in text: a card may not redefine it',
    ]);
    expect((await pull(tabletA)).sops).toEqual([]);
  });
});
