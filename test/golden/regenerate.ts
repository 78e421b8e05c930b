// Records the golden replay fixtures (src/domain/run/golden/logs/*.json). A stored log is a recording:
// its events are never rewritten from a script (earlier card versions have no scripts left, and an old
// log must stay old). Cases without a log are recorded from the cases' scripts; every stored log is
// replayed again, and its projection rewritten only after ENGINE_VERSION (src/domain/run/run.engine.ts)
// was bumped: until then a changed projection means old logs replay differently, and this refuses and
// writes nothing. Delete a log by hand if it really must go.
//   npm run golden:regenerate
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
const fixtureOf = (name: string, events: readonly RunEvent[]): GoldenFixture => {
  const sop = pinOf(events);
  return { case: name, sop, events, projection: projectRun(events, sopOf(sop)) };
};

const storedFiles = readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.json'));
const stored = storedFiles.map((file) => {
  const path = join(GOLDEN_DIR, file);
  const old = JSON.parse(readFileSync(path, 'utf8')) as GoldenFixture;
  return { file, path, old, fixture: fixtureOf(old.case, old.events) };
});
const recorded = new Set(storedFiles);
const fresh = goldenCases()
  .filter((c) => !recorded.has(`${c.file}.json`))
  .map((c) => ({
    file: `${c.file}.json`,
    path: join(GOLDEN_DIR, `${c.file}.json`),
    fixture: fixtureOf(c.name, c.events),
  }));

const stale = stored.filter(
  ({ old, fixture }) => old.projection.engineVersion === ENGINE_VERSION && !sameProjection(old, fixture),
);
if (stale.length) {
  console.error(
    `These projections changed at ENGINE_VERSION ${ENGINE_VERSION}:\n  ${stale.map((s) => s.file).join('\n  ')}\n` +
      'Old logs would replay differently: bump ENGINE_VERSION in src/domain/run/run.engine.ts, then run this again.',
  );
  process.exit(1);
}

let reprojected = 0;
for (const s of stored) {
  const text = fixtureText(s.fixture);
  if (readFileSync(s.path, 'utf8') === text) continue;
  writeFileSync(s.path, text);
  reprojected += 1;
}
for (const f of fresh) if (!existsSync(f.path)) writeFileSync(f.path, fixtureText(f.fixture));
console.log(
  `golden fixtures at ENGINE_VERSION ${ENGINE_VERSION}: ${fresh.length} recorded, ${reprojected} re-projected, ` +
    `${stored.length - reprojected} unchanged${fresh.length ? `\n  ${fresh.map((f) => f.file).join('\n  ')}` : ''}`,
);
