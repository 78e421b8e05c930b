// A booking from the hospital (RIS worklist or EMR), in one shape whichever standard it came in.
// Both the DICOM Modality Worklist client and the FHIR importer produce it; the wiring step turns it
// into a tablet worklist row and, when the exam starts, into a run header.
import type { Sex } from '../../domain/run/run.header';

export type PersonName = {
  /** What staff see, family name first as worklists show it; the ideographic form when one was sent. */
  readonly text: string;
  readonly family?: string;
  readonly given?: string;
  /** Other written forms of the same name (alphabetic, ideographic, phonetic), as sent. */
  readonly alternates?: readonly string[];
};

export type CodedValue = { readonly code: string; readonly system?: string; readonly meaning?: string };

export type ScheduledProcedure = {
  readonly source: 'dicom-mwl' | 'fhir';
  readonly patient: {
    readonly id: string;
    /** Assigning authority of the id (DICOM Issuer of Patient ID, FHIR identifier.system). */
    readonly issuer?: string;
    readonly name?: PersonName;
    readonly birthDate?: string; // yyyy-mm-dd
    readonly sex: Sex;
  };
  readonly accessionNumber: string;
  readonly requestedProcedure?: CodedValue;
  /** Free-text description of the requested procedure (DICOM (0032,1060), FHIR code.text). */
  readonly procedureDescription?: string;
  /**
   * Scheduled start as ISO 8601. DICOM worklists carry local time without an offset
   * ("2025-03-01T08:30:00"); FHIR carries an offset. Kept as sent, never shifted.
   */
  readonly scheduledStart?: string;
  readonly modality?: string;
  readonly stationAeTitle?: string;
  readonly studyInstanceUid?: string;
  readonly priority?: 'routine' | 'urgent' | 'emergency';
  /** Where it came from at the source: FHIR ServiceRequest id, or DICOM requested procedure id. */
  readonly sourceId?: string;
  /** Things that were wrong but not fatal (a bad birth date dropped, an unknown sex code…). */
  readonly warnings: readonly IntakeProblem[];
};

/** A problem in one incoming booking, naming the field (DICOM keyword or FHIR path). */
export type IntakeProblem = { readonly field: string; readonly problem: string };

/** A booking that could not become a ScheduledProcedure, and why. Carries no patient identifier. */
export type SkippedBooking = {
  /** Position of the answer (DICOM) or entry (FHIR) in what was received. */
  readonly index: number;
  readonly accessionNumber?: string;
  readonly problems: readonly IntakeProblem[];
};

export type IntakeResult = {
  readonly procedures: readonly ScheduledProcedure[];
  readonly skipped: readonly SkippedBooking[];
};

const SEX: Readonly<Record<string, Sex>> = {
  F: 'female',
  M: 'male',
  O: 'other',
  female: 'female',
  male: 'male',
  other: 'other',
  unknown: 'unknown',
};

/** DICOM (M/F/O) and FHIR (male/female/other/unknown) sex codes; undefined for anything else. */
export const sexFromCode = (code: string | undefined): Sex | undefined =>
  code === undefined ? undefined : SEX[code.trim()];

/** True for a real calendar date in yyyy-mm-dd (rejects 2023-02-30). */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}
