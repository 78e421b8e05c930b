// Preview a draft as a demo run: the draft goes into the demo database (never synced) under a
// preview version (1000 and up, so it can never meet a published one), and a demo run starts on it
// with the adult sample patient. The routes those preview runs took give the editor its branch coverage.
import { openDb, type ScanCardDb } from '../../../db/db';
import type { Vault } from '../../../db/crypto/vault';
import { createRunStore } from '../../../db/run-store';
import { activeRuns, closedRunsSince } from '../../../db/runs.queries';
import { copyStoredSops } from '../../../db/sops.repo';
import type { Scanner } from '../../../domain/scanners/scanner';
import type { TimerRules } from '../../../domain/timers/timers';
import { SAMPLE_PATIENTS } from '../../../domain/training/sample-patients';
import { BUILT_IN_SOPS } from '../../../sops/library';
import type { Draft } from './draft-edits';

export const PREVIEW_VERSION_FROM = 1000;

let demo: ScanCardDb | undefined;
export const previewDb = () => (demo ??= openDb('demo'));

type PreviewOptions = {
  readonly vault: Vault;
  readonly user: string;
  readonly now: () => number;
  readonly timerRules: TimerRules;
  readonly scanners: readonly Scanner[];
  readonly from: ScanCardDb;
};

/** Stores the draft for preview (the same content keeps its preview version) and starts a demo run on it. */
export async function startPreview(draft: Draft, o: PreviewOptions): Promise<string> {
  const db = previewDb();
  await copyStoredSops(o.from, db);
  const rows = (await db.sops.where('id').equals(draft.id).toArray()).filter((r) => r.version >= PREVIEW_VERSION_FROM);
  const same = rows.find(
    (r) => JSON.stringify({ ...r.definition, version: 0 }) === JSON.stringify({ ...draft, version: 0 }),
  );
  const version = same?.version ?? Math.max(PREVIEW_VERSION_FROM - 1, ...rows.map((r) => r.version)) + 1;
  const sop = { ...draft, version };
  // Stored as a replay-only card ("server"): demo mode never offers a preview version for its own runs.
  if (!same) await db.sops.add({ id: sop.id, version, definition: sop, source: 'server', addedAt: o.now() });
  const runs = createRunStore({
    db,
    vault: o.vault,
    user: o.user,
    now: o.now,
    builtInSops: BUILT_IN_SOPS,
    timerRules: o.timerRules,
  });
  const adult = SAMPLE_PATIENTS.find((p) => p.id === 'adult')!;
  return runs.createRun({
    kind: sop.kind,
    sop: { id: sop.id, version },
    priority: 'routine',
    scanner: o.scanners.find((s) => s.modality === sop.modality)?.id ?? o.scanners[0]!.id,
    timerRules: o.timerRules,
    ...(sop.kind === 'exam' && { patient: adult.patient }),
  });
}

/** The routes of every preview run of this card so far (a finished run ends with "complete"). */
export async function previewRoutes(vault: Vault, sopId: string): Promise<string[][]> {
  const db = previewDb();
  const rows = [...(await activeRuns(db, vault)), ...(await closedRunsSince(db, vault, 0))];
  return rows
    .filter((r) => r.header.sop.id === sopId && r.header.sop.version >= PREVIEW_VERSION_FROM)
    .map((r) => [...r.state.context.path, ...(r.status === 'completed' ? ['complete'] : [])]);
}
