// Exam records for export, read from the server's run projection (the engine's reading of each log:
// src/server/projections/), never from raw commands: a move the card refused is listed under
// needsReview and counts as nothing else. The patient ID comes from the run header, the one place it
// is kept; the projection itself holds no identity.
import type { ExportedExamRecord } from '../domain/run/run.export';
import type { ProjectedRun } from '../domain/run/run.projection';
import type { SyncEvent } from '../domain/sync/protocol.schema';
import type { ProjectionRow } from './store/projections.types';
import type { SyncStore, TimeRange } from './store/store';

export const EXPORT_MAX_RUNS = 5000;

type Created = Extract<SyncEvent, { type: 'run.created' }>;

export async function examRecords(
  store: SyncStore,
  range: TimeRange,
  max = EXPORT_MAX_RUNS,
): Promise<{ records: ExportedExamRecord[]; truncated: boolean }> {
  const rows = await store.projectedRuns({ ...range, kind: 'exam', limit: max + 1 });
  const page = rows.slice(0, max);
  const headers = await store.runHeaders(page.map((r) => r.runId));
  const records = page.map((row) => exported(row, headers.get(row.runId)));
  return { records, truncated: rows.length > max };
}

function exported(row: ProjectionRow, created: Created | undefined): ExportedExamRecord {
  const p = row.body === null ? undefined : (JSON.parse(row.body) as ProjectedRun);
  return {
    runId: row.runId,
    sop: { id: row.sopId, version: row.sopVersion },
    modality: row.modality,
    scanner: row.scanner,
    priority: row.priority,
    arrivedAt: row.arrivedAt,
    patientId: created?.payload.patient?.patientId ?? null,
    status: row.status,
    completedAt: row.completedAt,
    cancelledAt: row.cancelledAt,
    cancelReason: p?.cancelReason ?? null,
    currentStep: p?.currentStep ?? null,
    scanStartedAt: p?.scanStartedAt ?? null,
    bodyPart: p?.record?.bodyPart?.value ?? null,
    performedBy: p?.record?.performedBy ?? null,
    contrastLot: p?.record?.contrastLot ?? null,
    consultRadiologists: p?.record?.consultRadiologists ?? [],
    answers: p?.record?.answers ?? [],
    deviations: p?.record?.deviations ?? [],
    needsReview: p?.needsReview ?? [],
    eventCount: row.eventCount,
    lastEventAt: row.lastEventAt,
    recordedBy: p?.createdBy ?? created?.user ?? null,
    device: p?.createdDevice ?? created?.device ?? null,
    engineVersion: row.engineVersion,
    problem: row.problem,
  };
}
