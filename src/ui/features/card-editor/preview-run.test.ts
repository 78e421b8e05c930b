// Previewing a draft: it is stored only in the demo database under a preview version, a demo run
// starts on it, the same draft keeps its preview version, a changed one gets the next, and the
// preview runs' routes feed the branch coverage. Real Dexie on fake-indexeddb.
import 'fake-indexeddb/auto';
import { afterAll, describe, expect, it } from 'vitest';
import { importDek } from '../../../db/crypto/keys';
import { createVault } from '../../../db/crypto/vault';
import { ScanCardDb } from '../../../db/db';
import { DEFAULT_SCANNERS } from '../../../domain/scanners/scanner';
import { branchCoverage } from '../../../domain/sop/sop.routes';
import { DEFAULT_TIMER_RULES } from '../../../domain/timers/timers';
import { chestCt } from '../../../sops/chest-ct.sop';
import { storedSops } from '../../../db/sops.repo';
import { BUILT_IN_SOPS } from '../../../sops/library';
import { buildLibrary } from '../../hooks/use-sop-library';
import { insertStep } from './draft-edits';
import { PREVIEW_VERSION_FROM, previewDb, previewRoutes, startPreview } from './preview-run';

const clinical = new ScanCardDb(`clinical-${crypto.randomUUID()}`);
const vault = createVault(importDek(crypto.getRandomValues(new Uint8Array(32))));
const o = {
  from: clinical,
  vault,
  user: 'u1',
  now: () => Date.UTC(2026, 11, 2, 9),
  timerRules: DEFAULT_TIMER_RULES,
  scanners: DEFAULT_SCANNERS,
};
afterAll(async () => {
  await clinical.delete();
  await previewDb().delete();
});

describe('preview a draft as a demo run', () => {
  it('stores the draft only in the demo database, under a preview version, and starts a run on it', async () => {
    const draft = insertStep(chestCt, 3);
    const first = await startPreview(draft, o);
    const again = await startPreview(draft, o);
    const changed = await startPreview(insertStep(draft, 0), o);
    const versions = (await previewDb().runs.toArray()).map((r) => r.id);
    expect(versions).toEqual(expect.arrayContaining([first, again, changed]));
    const stored = await previewDb().sops.where('id').equals('chest-ct').toArray();
    expect(stored.map((r) => r.version).sort()).toEqual([PREVIEW_VERSION_FROM, PREVIEW_VERSION_FROM + 1]);
    expect(await clinical.sops.count()).toBe(0);
    // Demo mode's card list still offers the published version, never a preview.
    const library = buildLibrary(BUILT_IN_SOPS, await storedSops(previewDb()));
    expect(library.latest.find((s) => s.id === 'chest-ct')?.version).toBe(chestCt.version);
    expect(await clinical.runs.count()).toBe(0);

    const routes = await previewRoutes(vault, 'chest-ct');
    expect(routes).toEqual([['identity'], ['identity'], ['identity']]);
    const { taken, notTaken } = branchCoverage(draft, routes);
    expect(taken).toEqual([]); // nobody has left the first step yet
    expect(notTaken.length).toBeGreaterThan(0);
  });
});
