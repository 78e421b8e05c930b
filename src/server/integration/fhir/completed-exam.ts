// What the FHIR export needs to know about one completed exam. Deliberately small: the wiring step
// adapts the server's ProjectedRun (issue 8) plus the run header and the booking it came from into
// this, and nothing here depends on how the projection is stored. Times are epoch milliseconds.
import type { TimerId } from '../../../domain/sop/sop.schema';
import type { CodedValue } from '../scheduled-procedure';

export type CompletedExam = {
  /** ScanCard's run id (a UUID): every resource's identifier is derived from it, so a resend is recognised. */
  readonly runId: string;
  readonly accessionNumber: string;
  readonly patient: {
    readonly id: string;
    /** Identifier system of the id (the booking's issuer); the site default when the RIS sent none. */
    readonly system?: string;
    /** The EMR's own Patient resource id, when the booking came by FHIR. */
    readonly fhirId?: string;
  };
  /** The EMR's ServiceRequest id, when the booking came by FHIR. */
  readonly serviceRequestId?: string;
  readonly requestedProcedure?: CodedValue;
  readonly card: { readonly id: string; readonly version: number; readonly title: string };
  readonly modality: 'CT' | 'MR';
  /** Scanner label or AE title, as shown on the run. */
  readonly scanner: string;
  readonly performer: { readonly userId: string; readonly name?: string };
  readonly startedAt: number;
  readonly completedAt: number;
  readonly studyInstanceUid?: string;
  // Record fields (the card's recordField items).
  readonly bodyPart: string;
  readonly imagesSent?: boolean;
  readonly contrast?: { readonly agent: string; readonly volumeMl: number; readonly at: number };
  /** A contrast reaction reported on the run (ACR classes). */
  readonly contrastReaction?: {
    readonly at: number;
    readonly severity: 'mild' | 'moderate' | 'severe';
    readonly kind: 'allergic-like' | 'physiologic';
    readonly description?: string;
  };
  // Deviations from the card, as the projection records them.
  readonly timers: readonly {
    readonly id: TimerId;
    readonly startedAt: number;
    readonly deadline: number;
    readonly stoppedAt?: number;
    readonly kind: 'limit' | 'wait';
    /** Ran past its deadline (limit) or was stopped before it (wait). Only these are sent. */
    readonly deviation: boolean;
  }[];
  readonly skips: readonly { readonly stepId: string; readonly reason: string; readonly at: number }[];
  readonly fastPaths: readonly {
    readonly fromStep: string;
    readonly skipped: readonly string[];
    readonly reason: string;
    readonly at: number;
  }[];
  readonly earlyCloseReason?: string;
  /** QC-relevant values recorded on the run (e.g. the CT number of a phantom check, a failed pass range). */
  readonly qcValues: readonly {
    readonly itemId: string;
    readonly label: string;
    readonly value: number | string | boolean;
    readonly unit?: string;
    /** Outside the item's pass range. */
    readonly failed?: boolean;
  }[];
};

/** Site settings the export needs (the admin screen will edit them). */
export type FhirExportConfig = {
  /** The RIS's accession number namespace (identifier.system), e.g. "urn:oid:1.2.156.…". */
  readonly accessionSystem: string;
  /** Patient identifier system used when a booking carried none. */
  readonly patientSystem: string;
  /** Identifier system of ScanCard's user ids (performer). */
  readonly userSystem: string;
  /** ScanCard's local code system for its own observation codes (timers, skips, QC items). */
  readonly codeSystem: string;
};
