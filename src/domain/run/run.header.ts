// The run header: who the exam is for and which card it follows, fixed when the run is created.
// Patient fields are the sensitive part of a run; they are kept here and nowhere else.
import { MAX_AGE_YEARS, STAFF_NAME_RULE, textProblem } from '../events/text-rules';
import type { KnownFacts } from '../sop/known-facts';
import type { TimerRules } from '../timers/timers';
import type { RunInput, RunPriority } from './run.types';

export type Sex = 'female' | 'male' | 'other' | 'unknown';

export type PatientInfo = {
  readonly patientId: string;
  readonly name?: string;
  readonly birthDate?: string; // ISO yyyy-mm-dd
  readonly ageYears?: number;
  readonly sex: Sex;
  /** BCP-47 tag of the language the patient prefers for guidance. */
  readonly language: string;
};

export type RunHeader = {
  readonly runId: string;
  readonly kind: 'exam' | 'qc';
  /** Pinned card: a new version of the SOP never changes this run. */
  readonly sop: { readonly id: string; readonly version: number };
  readonly priority: RunPriority;
  readonly arrivedAt: number;
  readonly scanner: string;
  readonly patient?: PatientInfo;
  /** The hospital booking the run was started from (the RIS/EMR worklist), by accession number. */
  readonly booking?: { readonly accessionNumber: string };
  /** Timer standards in force at creation; a later settings change never moves this run's deadlines. */
  readonly timerRules: TimerRules;
};

export type NewRunHeader = Omit<RunHeader, 'runId' | 'arrivedAt'>;

export type NewRunProblem =
  | 'patientIdRequired'
  | 'ageOrBirthDate'
  | 'ageOutOfRange'
  | 'birthDateInvalid'
  | 'birthDateTooEarly'
  | 'scannerRequired';

/** Checks a new run's header before anything is stored. QC runs have no patient. */
export function newRunProblems(h: NewRunHeader, today: string): NewRunProblem[] {
  const problems: NewRunProblem[] = [];
  if (!h.scanner.trim()) problems.push('scannerRequired');
  if (h.kind === 'qc') return problems;
  const p = h.patient;
  if (!p || !p.patientId.trim()) problems.push('patientIdRequired');
  if (p?.birthDate !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(p.birthDate) || Number.isNaN(Date.parse(p.birthDate)) || p.birthDate > today)
      problems.push('birthDateInvalid');
  } else if (p?.ageYears === undefined) problems.push('ageOrBirthDate');
  if (p?.ageYears !== undefined && (!Number.isInteger(p.ageYears) || p.ageYears < 0 || p.ageYears > MAX_AGE_YEARS))
    problems.push('ageOutOfRange');
  else if (p?.birthDate !== undefined && !problems.includes('birthDateInvalid') && ageOn(p, today)! > MAX_AGE_YEARS)
    problems.push('birthDateTooEarly');
  return problems;
}

/** Age in whole years on a date, from the birth date when known. */
export function ageOn(p: PatientInfo, today: string): number | undefined {
  if (p.birthDate === undefined) return p.ageYears;
  const [by, bm, bd] = p.birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** What the run's machine starts from: the header without identity (only whether a patient ID exists). */
export function runInputOf(header: RunHeader): RunInput {
  return {
    kind: header.kind,
    priority: header.priority,
    arrivedAt: header.arrivedAt,
    hasPatientId: Boolean(header.patient?.patientId.trim()),
    timerRules: header.timerRules,
  };
}

/**
 * What a new run already knows, computed once on the tablet that creates it (age on the local date
 * of arrival), then recorded in the log; never recomputed on replay, where the time zone may differ.
 */
export function knownFacts(p: PatientInfo | undefined, today: string, staffName: string | undefined): KnownFacts {
  const age = p && ageOn(p, today);
  const name = staffName?.trim();
  // Only facts the registry accepts (never cut to fit): a fact left out is asked on the card instead.
  return {
    ...(age !== undefined && age >= 0 && age <= MAX_AGE_YEARS && { ageYears: age }),
    ...(p && { sex: p.sex }),
    ...(name && !textProblem(name, STAFF_NAME_RULE) && { staffName: name }),
  };
}
