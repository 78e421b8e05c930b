// The run read model's row and what the store offers around it (projections.queries.ts implements it):
// writes inside the push or rebuild transaction, reads for exports, figures and rebuilds.
import type { ServerRunStatus } from '../../domain/run/run.export';
import type { SyncEvent } from '../../domain/sync/protocol.schema';
import type { TimeRange } from './store';

type Created = Extract<SyncEvent, { type: 'run.created' }>;

export type { ServerRunStatus } from '../../domain/run/run.export';

export type ProjectionRow = {
  readonly runId: string;
  readonly status: ServerRunStatus;
  readonly kind: 'exam' | 'qc' | null;
  readonly sopId: string | null;
  readonly sopVersion: number | null;
  readonly priority: string | null;
  readonly scanner: string | null;
  readonly arrivedAt: number | null;
  readonly modality: string | null;
  readonly completedAt: number | null;
  readonly cancelledAt: number | null;
  readonly needsReview: boolean;
  readonly skipCount: number;
  readonly fastPathCount: number;
  readonly eventCount: number;
  readonly lastEventAt: number | null;
  readonly engineVersion: number;
  readonly projectedAt: number;
  readonly problem: string | null;
  /** The ProjectedRun as JSON; null when the projection failed. */
  readonly body: string | null;
};

/** What the projection needs inside the push (or rebuild) transaction. */
export type ProjectionTx = {
  /** Bodies of these runs' events of the given types (unordered; the projection orders them). */
  /** `known`: bodies in clear of events this transaction stored (the push's own): not opened again. */
  runEventBodies(
    runIds: readonly string[],
    types: readonly string[],
    known?: ReadonlyMap<string, string>,
  ): Promise<Map<string, string[]>>;
  /** Runs projected as `sopUnknown` that pin one of these card versions. */
  runsAwaitingSop(keys: readonly { id: string; version: number }[]): Promise<string[]>;
  saveProjections(rows: readonly ProjectionRow[]): Promise<void>;
};

export type ProjectionQuery = TimeRange & { readonly kind?: 'exam' | 'qc'; readonly limit: number };
/** Run counts by the columns figures group on, with the sums figures need. */
export type ProjectionCounts = {
  readonly kind: string | null;
  readonly priority: string | null;
  readonly sopId: string | null;
  readonly scanner: string | null;
  readonly status: string;
  readonly runs: number;
  readonly needsReview: number;
  readonly skips: number;
  readonly fastPaths: number;
};

/** A projection's identity: a re-projection (a push, a card that arrived, a rebuild) changes it. */
export type ProjectionStamp = {
  readonly runId: string;
  readonly status: string;
  readonly eventCount: number;
  readonly engineVersion: number;
  readonly projectedAt: number;
};

export type ProjectionStore = {
  /** Projected runs that arrived in the range, by arrival (then run id). */
  projectedRuns(q: ProjectionQuery): Promise<ProjectionRow[]>;
  /** These runs' projections (a failed one without run.created has no arrival, so no range finds it). */
  projectionsOf(runIds: readonly string[]): Promise<ProjectionRow[]>;
  projectionCounts(range: TimeRange): Promise<ProjectionCounts[]>;
  /** What says a stored projection changed, without its (sealed) document: runs with one that arrived in the range. */
  projectionStamps(range: TimeRange): Promise<ProjectionStamp[]>;
  /** Each run's run.created event (the first in merge order when a log holds two). */
  runHeaders(runIds: readonly string[]): Promise<Map<string, Created>>;
  /**
   * Runs to (re)project. `all`: every stream holding an event of `types`. Otherwise: runs opened by
   * an event of `openingTypes` with no projection yet, and projections older than `engineVersion`.
   */
  runsToProject(q: {
    readonly all: boolean;
    readonly types: readonly string[];
    readonly openingTypes: readonly string[];
    readonly engineVersion: number;
  }): Promise<string[]>;
};
