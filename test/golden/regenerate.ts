// Rewrites the golden replay fixtures (src/domain/run/golden/logs/*.json) from the cases' scripts.
// Run it only on purpose: a fixture whose projection changes means old logs now replay differently,
// so ENGINE_VERSION (src/domain/run/run.engine.ts) must be bumped first; until then this refuses
// and writes nothing. New cases can be added at any version.
//   npm run golden:regenerate
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { goldenCases } from '../../src/domain/run/golden/cases';
import { GOLDEN_DIR, fixtureText, sopOf, type GoldenFixture } from '../../src/domain/run/golden/fixtures';
import { ENGINE_VERSION } from '../../src/domain/run/run.engine';
import type { RunEvent } from '../../src/domain/run/run.event';
import { projectRun } from '../../src/domain/run/run.projection';

const pinOf = (events: readonly RunEvent[]) => {
  const created = events.find((e) => e.type === 'run.created');
  return created?.type === 'run.created' ? created.payload.sop : { id: '', version: 0 };
};
const sameProjection = (a: GoldenFixture, b: GoldenFixture) =>
  JSON.stringify({ ...a.projection, engineVersion: 0 }) === JSON.stringify({ ...b.projection, engineVersion: 0 });

const next = goldenCases().map((c) => {
  const sop = pinOf(c.events);
  const fixture: GoldenFixture = { case: c.name, sop, events: c.events, projection: projectRun(c.events, sopOf(sop)) };
  const file = `${c.file}.json`;
  const path = join(GOLDEN_DIR, file);
  const old = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as GoldenFixture) : undefined;
  return { file, path, fixture, text: fixtureText(fixture), old };
});

const stale = next.filter(
  ({ old, fixture }) => old && old.projection.engineVersion === ENGINE_VERSION && !sameProjection(old, fixture),
);
if (stale.length) {
  console.error(
    `These projections changed at ENGINE_VERSION ${ENGINE_VERSION}:\n  ${stale.map((s) => s.file).join('\n  ')}\n` +
      'Old logs would replay differently: bump ENGINE_VERSION in src/domain/run/run.engine.ts, then run this again.',
  );
  process.exit(1);
}

let written = 0;
for (const n of next)
  if (!existsSync(n.path) || readFileSync(n.path, 'utf8') !== n.text) {
    writeFileSync(n.path, n.text);
    written += 1;
  }
const keep = new Set(next.map((n) => n.file));
const removed = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.json') && !keep.has(f));
for (const f of removed) unlinkSync(join(GOLDEN_DIR, f));
console.log(
  `golden fixtures at ENGINE_VERSION ${ENGINE_VERSION}: ${written} written, ${removed.length} removed, ${next.length - written} unchanged`,
);
