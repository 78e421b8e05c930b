// Rebuilding the run read model from the log: every run (`npm run server -- rebuild-projections`), or
// at start-up only the runs with no projection yet (a database from before the read model) or one
// written by an older ENGINE_VERSION. Runs are projected a batch per transaction under the push lock,
// so a push to the same run never interleaves with its rebuild and a stop half-way loses nothing.
import { ENGINE_VERSION } from '../../domain/run/run.engine';
import type { BuiltIns } from '../built-ins';
import { chunks } from '../store/dialect';
import type { SyncStore } from '../store/store';
import { projectRuns, runOpeningTypes, runTypes, type ProjectionOutcome } from './project-runs';

const RUNS_PER_TRANSACTION = 250;

export async function rebuildProjections(
  store: SyncStore,
  builtIns: BuiltIns,
  opts: { readonly all: boolean; readonly now: () => number; readonly onBatch?: (done: number, of: number) => void },
): Promise<ProjectionOutcome> {
  const runIds = await store.runsToProject({
    all: opts.all,
    types: runTypes(),
    openingTypes: runOpeningTypes(),
    engineVersion: ENGINE_VERSION,
  });
  const problems: ProjectionOutcome['problems'] = [];
  let done = 0;
  for (const part of chunks(runIds, RUNS_PER_TRANSACTION)) {
    const out = await store.transaction((tx) => projectRuns(tx, builtIns, part, opts.now()));
    problems.push(...out.problems);
    done += part.length;
    opts.onBatch?.(done, runIds.length);
  }
  return { runs: runIds.length, problems };
}
