// A run's projection as retention's archive keeps it: the figures (route, timings, timers, outcome,
// counts of skips and fast paths, deviations by kind) without anything typed or answered. Listed
// field by field, so a field added to ProjectedRun later stays out until someone decides it is a figure.
import type { ProjectedRun } from './run.projection';

/** Stands in for a typed reason the archive removed (the reason's existence is a figure, its text is not). */
export const REMOVED_TEXT = '[removed by retention]';

export type ArchivedRun = ProjectedRun & { readonly archivedAt: number };

const withoutReason = <T extends object>(x: T): T =>
  'reason' in x && x.reason !== undefined ? { ...x, reason: REMOVED_TEXT } : x;

export function archivedProjection(p: ProjectedRun, at: number): ArchivedRun {
  return {
    engineVersion: p.engineVersion,
    runId: p.runId,
    kind: p.kind,
    sop: p.sop,
    ...(p.modality !== undefined && { modality: p.modality }),
    priority: p.priority,
    scanner: p.scanner,
    arrivedAt: p.arrivedAt,
    createdBy: p.createdBy,
    createdDevice: p.createdDevice,
    status: p.status,
    ...(p.completedAt !== undefined && { completedAt: p.completedAt }),
    ...(p.cancelledAt !== undefined && { cancelledAt: p.cancelledAt }),
    ...(p.currentStep !== undefined && { currentStep: p.currentStep }),
    path: p.path,
    visits: p.visits,
    ...(p.scanStartedAt !== undefined && { scanStartedAt: p.scanStartedAt }),
    timers: p.timers,
    skips: p.skips.map(withoutReason),
    fastPaths: p.fastPaths.map(withoutReason),
    ...(p.record && { record: { answers: [], deviations: p.record.deviations.map(withoutReason) } }),
    needsReview: p.needsReview,
    eventCount: p.eventCount,
    lastEventAt: p.lastEventAt,
    clockWentBack: p.clockWentBack,
    archivedAt: at,
  };
}
