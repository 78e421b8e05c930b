// One exam record as the server exports it (GET /api/exports/exam-records): the run header's columns
// and the engine's record of the run (run.record.ts). Typed here so the server that writes it and the
// tablet that turns it into a spreadsheet read the same shape.
import type { AnswerValue } from '../sop/answers';
import type { ProjectedStatus, ReviewItem } from './run.projection';
import type { Deviation, RecordAnswer } from './run.record';

/** The projection's statuses, and `projectionFailed` when the server could not read the log (see `problem`). */
export type ServerRunStatus = ProjectedStatus | 'projectionFailed';

export type ExportedExamRecord = {
  readonly runId: string;
  readonly sop: { readonly id: string | null; readonly version: number | null };
  readonly modality: string | null;
  readonly scanner: string | null;
  readonly priority: string | null;
  readonly arrivedAt: number | null;
  readonly patientId: string | null;
  /** completed, cancelled or active; sopUnknown without the card; projectionFailed (see `problem`). */
  readonly status: ServerRunStatus;
  readonly completedAt: number | null;
  readonly cancelledAt: number | null;
  readonly cancelReason: string | null;
  /** The step an active run is on; where a finished run ended. */
  readonly currentStep: string | null;
  readonly scanStartedAt: number | null;
  /** The record's body part (the card's `bodyPart` item) as answered on the route taken. */
  readonly bodyPart: AnswerValue | null;
  /** The record's head (absent on cards without such items, e.g. version 1 cards): who performed the exam, */
  readonly performedBy: RecordAnswer | null;
  /** the contrast batch (lot) number, */
  readonly contrastLot: RecordAnswer | null;
  /** and the radiologist who decided each consult on the route, with its step. */
  readonly consultRadiologists: readonly RecordAnswer[];
  readonly answers: readonly RecordAnswer[];
  readonly deviations: readonly Deviation[];
  /** Moves that did not fit the card on replay: kept in the log, counted nowhere else. */
  readonly needsReview: readonly ReviewItem[];
  readonly eventCount: number;
  readonly lastEventAt: number | null;
  readonly recordedBy: string | null;
  readonly device: string | null;
  readonly engineVersion: number;
  readonly problem: string | null;
};
