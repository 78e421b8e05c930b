// Cards reach new runs only through a draft and a second person's approval: a card a tablet pushes
// with its runs is kept so others can replay those runs, never offered for new ones; a publication
// records who and when; a card's texts stay its own (no built-in text replaced), on both stores.
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

  // A draft saved by one admin and approved by a QA lead who did not write it (the only way to publish).
  const publish = async (definition: SopDefinition, approver: { device: string; user: string }) => {
    const draft = `/api/sops/${definition.id}/draft`;
    const saved = await h.call('PUT', draft, admin, { definition, changeNote: 'site edit' });
    return h.call('POST', `${draft}/approve`, approver, { updatedAt: saved.json.updatedAt });
  };

  it('has no one-person publish or make-current route: both bypassed the two-person rule', async () => {
    expect((await h.call('POST', '/api/sops/publish', admin, { definition: v7() })).status).toBe(404);
    expect((await h.call('PUT', '/api/sops/chest-ct/current', admin, { version: 1 })).status).toBe(404);
    expect(((await pull(tabletA)).currentSops as Record<string, number>)['chest-ct']).toBe(chestCt.version);
  });

  it('publishes a pushed card only through a draft and a second person, numbered after every held version', async () => {
    expect((await pushRunOn(tabletA, v7())).status).toBe(200); // stored for replay only
    const qaUser = await h.addUser('qaLead');
    const qaId = qaUser.id;
    const qa = { device: tabletA.token, user: await h.tokenFor(qaUser, tabletA.deviceId) };
    const approved = await publish(v7(), qa);
    expect(approved.json).toMatchObject({ id: 'chest-ct', version: 8, authors: [adminId], approvedBy: qaId });
    expect(((await pull(await h.enrol())).currentSops as Record<string, number>)['chest-ct']).toBe(8);
    const versions = (await h.call('GET', '/api/sops', admin)).json.versions as Record<string, unknown>[];
    expect(versions.find((v) => v.version === 7)).toMatchObject({ publications: [], current: false });
    expect(versions.find((v) => v.version === 8)).toMatchObject({
      source: 'published',
      publications: [{ by: qaId, at: h.now() }],
      current: true,
    });
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
    const qa = { device: tabletA.token, user: await h.tokenFor(await h.addUser('qaLead'), tabletA.deviceId) };
    const published = await publish(named, qa);
    expect(published.status).toBe(400);
    expect(published.json.details).toEqual([
      'messages.zh-CN["common.identity.body"]: is a built-in text: a card may not redefine it',
    ]);
    expect((await pull(tabletA)).sops).toEqual([]);
  });
});
