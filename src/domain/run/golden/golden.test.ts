// Golden replay: every stored log (src/domain/run/golden/logs) must still project exactly as it did
// when it was recorded, against the card version it pins (version 1 of the exam cards comes from
// src/sops/published). A failure means a compiler, engine or projection change (or an edit to a
// published card version) would replay old runs differently: fix the change, or give the card a new
// version, or bump ENGINE_VERSION and regenerate on purpose (npm run golden:regenerate).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../run.engine';
import { projectRun } from '../run.projection';
import { BUILT_IN_SOPS } from '../../../sops/library';
import { GOLDEN_DIR, sopOf, type GoldenFixture } from './fixtures';

const files = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.json'));
const load = (f: string) => JSON.parse(readFileSync(join(GOLDEN_DIR, f), 'utf8')) as GoldenFixture;

describe('golden replay', () => {
  it('has fixtures from every built-in card version (earlier published ones included) and the edge cases', () => {
    const cards = new Set(files.map((f) => f.split('--')[0]));
    expect([...cards].sort()).toEqual([...BUILT_IN_SOPS.map((s) => `${s.id}@${s.version}`), 'edge'].sort());
    expect(files.length).toBeGreaterThanOrEqual(75);
  });

  it('each file names the card version its log pins', () => {
    for (const f of files.filter((name) => !name.startsWith('edge--'))) {
      const { id, version } = load(f).sop;
      expect(f.startsWith(`${id}@${version}--`), f).toBe(true);
    }
  });

  it.each(files)('%s replays to its stored projection', (file) => {
    const fixture = load(file);
    const projection = projectRun(fixture.events, sopOf(fixture.sop));
    expect(fixture.projection.engineVersion, 'ENGINE_VERSION changed: regenerate the golden fixtures').toBe(
      ENGINE_VERSION,
    );
    expect(projection).toStrictEqual(fixture.projection);
  });
});
