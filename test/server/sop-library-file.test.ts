// Library files on both stores: export the cards new runs use as one file; an import with errors
// lists every error (card, step, field, problem) and imports nothing; a good file becomes drafts
// that a second person approves.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SopDefinition } from '../../src/domain/sop/sop.schema';
import { brainMri } from '../../src/sops/brain-mri.sop';
import { chestCt } from '../../src/sops/chest-ct.sop';
import { emergencyHeadCt } from '../../src/sops/emergency-head-ct.sop';
import { pediatricCt } from '../../src/sops/pediatric-ct.sop';
import { openHarness, type Harness, type Who } from './harness';
import { STORES } from './stores';

const stepOf = (s: SopDefinition, id: string) => s.steps.find((x) => x.id === id)!;

/**
 * A file with twelve different mistakes. The validator reports a card's shape errors before its
 * meaning errors, so each card here carries mistakes of one kind: all of them must be listed.
 */
function brokenLibrary() {
  const chest = structuredClone(chestCt);
  (stepOf(chest, 'positioning') as unknown as Record<string, unknown>).colour = 'red'; // 1 unknown field
  stepOf(chest, 'scan').title = 'has spaces'; // 2 bad text key
  chest.modality = 'XR' as never; // 3 unknown modality
  stepOf(chest, 'send').items.push({
    kind: 'choice',
    id: 'pick',
    label: 'chestCt.title',
    options: [{ value: 'a', label: 'chestCt.title' }],
  }); // 4 one option
  const mri = structuredClone(brainMri);
  mri.start = 'missing'; // 5 unknown start
  mri.steps[1]!.branches = [{ when: { op: 'gt', item: 'nope', value: 1 }, goto: 'complete' }]; // 6 unknown item
  const head = structuredClone(emergencyHeadCt);
  head.steps[1]!.items.push({ kind: 'number', id: 'dlp', label: 'chestCt.title', unit: 'mGy', min: 10, max: 1 }); // 7 max < min
  head.steps[2]!.items.push({ kind: 'check', id: head.steps[0]!.items[0]!.id, label: 'chestCt.title' }); // 8 duplicate item id
  const child = structuredClone(pediatricCt);
  child.messages = { en: { 'common.identity.title': 'Skip it' } }; // 9 redefines a built-in text
  child.steps[2]!.next = child.steps[1]!.id; // 10 a loop
  return {
    format: 'scancard-library',
    formatVersion: 2, // 11 wrong format version
    exportedAt: 1,
    cards: [chest, mri, head, child, structuredClone(brainMri)], // 12 a card twice
  };
}

describe.each(STORES)('card library files on $name', (factory) => {
  let h: Harness;
  let admin: Who;
  let qa: Who;
  beforeEach(async () => {
    h = await openHarness(factory);
    const t = await h.enrol();
    admin = { device: t.token, user: await h.tokenFor(await h.addUser('admin'), t.deviceId) };
    qa = { device: t.token, user: await h.tokenFor(await h.addUser('qaLead'), t.deviceId) };
  });
  afterEach(() => h.close());

  it('lists every error of a broken file, by card, step and field, and imports nothing', async () => {
    const r = await h.call('POST', '/api/sops/library/import', admin, { library: brokenLibrary() });
    expect(r.status).toBe(422);
    const errors = r.json.errors as { card: string; step?: string; field: string; problem: string }[];
    const lines = errors.map((e) => `${e.card} | ${e.step ?? '-'} | ${e.field} | ${e.problem}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        '(file) | - | formatVersion | must be 1',
        expect.stringMatching(/^chest-ct \| positioning \| \(step\) \| unknown field\(s\): colour$/),
        expect.stringMatching(/^chest-ct \| scan \| title \| must be a text key/),
        expect.stringMatching(/^chest-ct \| - \| modality \| /),
        expect.stringMatching(/^chest-ct \| send \| items\[\d+\]\.options \| needs at least 2 options$/),
        expect.stringMatching(/^brain-mri \| - \| start \| refers to unknown step "missing"$/),
        expect.stringMatching(/^brain-mri \| [a-zA-Z]+ \| branches\[0\]\.when\.item \| refers to unknown item "nope"$/),
        expect.stringMatching(/^brain-mri \| - \| id \| card "brain-mri" is in the file twice$/),
        expect.stringMatching(/^emergency-head-ct \| [a-zA-Z]+ \| items\[\d+\]\.max \| max \(1\) is below min \(10\)$/),
        expect.stringMatching(/^emergency-head-ct \| [a-zA-Z]+ \| items\[\d+\]\.id \| duplicate item id/),
        expect.stringMatching(/^pediatric-ct \| - \| messages\.en\["common\.identity\.title"\] \| /),
        expect.stringMatching(/^pediatric-ct \| .* \| steps form a loop/),
      ]),
    );
    expect(errors.length).toBeGreaterThanOrEqual(12);
    expect(r.json.error).toBe(`the library file has ${errors.length} error(s): nothing was imported`);
    expect((await h.call('GET', '/api/sops/drafts', admin)).json.drafts).toEqual([]);
  });

  it('exports the cards new runs use, and imports that file as drafts for a second person to approve', async () => {
    expect((await h.call('GET', '/api/sops/library', qa)).status).toBe(403);
    const file = await h.call('GET', '/api/sops/library', admin);
    expect(file.json).toMatchObject({ format: 'scancard-library', formatVersion: 1, exportedAt: h.now() });
    const cards = file.json.cards as SopDefinition[];
    expect(cards.find((c) => c.id === 'chest-ct')?.version).toBe(chestCt.version);
    const imported = await h.call('POST', '/api/sops/library/import', admin, { library: file.json });
    expect(imported.json).toEqual({ drafts: cards.map((c) => c.id) });
    // Importing again while those drafts are open imports nothing and says why, per card.
    const again = await h.call('POST', '/api/sops/library/import', admin, { library: file.json });
    expect(again.status).toBe(422);
    expect((again.json.errors as unknown[]).length).toBe(cards.length);
    const draft = await h.call('GET', '/api/sops/chest-ct/draft', qa);
    const ok = await h.call('POST', '/api/sops/chest-ct/draft/approve', qa, { updatedAt: draft.json.updatedAt });
    expect(ok.json.version).toBe(chestCt.version + 1);
  });
});
