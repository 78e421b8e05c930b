// Competency sign-off: a trainer records that a trainee is competent on a card version, and the
// rules that make it lapse. Assessed by simulation, observation on patients or demonstration, at
// orientation and at least every 3 years (Joint Commission HR.01.06.01). Pure: `today` is passed in.
import type { SopDefinition, SopStep } from '../sop/sop.schema';

export const SIGN_OFF_METHODS = ['simulated', 'observed', 'demonstrated'] as const;
export const SIGN_OFF_RESULTS = ['competent', 'notYet'] as const;
export const DEFAULT_REVALIDATION_YEARS = 3;
/** Whether starting a card without a valid sign-off is blocked (a site may say so) or only warned. */
export const DEFAULT_BLOCK_UNSIGNED_CARDS = false;

export type SignOff = {
  readonly signOffId: string;
  /** User ids, never names: a renamed account keeps its record. */
  readonly trainee: string;
  readonly assessor: string;
  readonly sop: { readonly id: string; readonly version: number };
  readonly method: (typeof SIGN_OFF_METHODS)[number];
  /** yyyy-mm-dd, the local date of the assessment. */
  readonly assessedOn: string;
  /** The scanner or tablet the assessment was done on. */
  readonly device: string;
  readonly result: (typeof SIGN_OFF_RESULTS)[number];
  /** 1 for the first assessment of this trainee on this card, then 2, 3 … */
  readonly attempt: number;
  /** yyyy-mm-dd: valid through this date. */
  readonly revalidateBy: string;
  /** A scored practice run the assessment rests on, when there was one. */
  readonly practiceAttemptId?: string;
};

/** The training side of a card beyond its own `critical` step flags. */
export type CompetencyRules = {
  readonly sopId: string;
  /** Critical steps of the versions whose steps carry no `critical` flag (built-in versions frozen before it). */
  readonly criticalSteps: readonly string[];
  /** Versions that change the card enough to re-assess everyone, whatever changed. */
  readonly majorVersions?: readonly number[];
};

export type LapseReason = 'majorVersion' | 'criticalStepChanged' | 'revalidationDue' | 'signedVersionUnknown';

export type CompetencyStatus =
  | { readonly state: 'none' }
  | { readonly state: 'notYet'; readonly signOff: SignOff }
  | { readonly state: 'valid'; readonly signOff: SignOff }
  | {
      readonly state: 'lapsed';
      readonly signOff: SignOff;
      readonly reasons: readonly LapseReason[];
      /** Critical steps that differ between the signed version and the current one. */
      readonly changedSteps: readonly string[];
    };

/** The default re-validation date: the same day `years` later (29 February → 28 February). */
export function defaultRevalidateBy(assessedOn: string, years = DEFAULT_REVALIDATION_YEARS): string {
  const [y, m, d] = assessedOn.split('-').map(Number) as [number, number, number];
  const target = y + years;
  const lastDay = new Date(Date.UTC(target, m, 0)).getUTCDate();
  return `${target}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** The sign-off that counts for a trainee and card: the latest assessment (then the latest attempt). */
export function latestSignOff(all: readonly SignOff[], trainee: string, sopId: string): SignOff | undefined {
  return all
    .filter((s) => s.trainee === trainee && s.sop.id === sopId)
    .reduce<SignOff | undefined>((best, s) => {
      if (!best) return s;
      if (s.assessedOn !== best.assessedOn) return s.assessedOn > best.assessedOn ? s : best;
      return s.attempt >= best.attempt ? s : best;
    }, undefined);
}

/**
 * Whether a trainee may work `current` (the card version they are about to start) unwarned.
 * `sopVersion` finds the signed version's definition to compare critical steps.
 */
export function competencyStatus(
  signOffs: readonly SignOff[],
  trainee: string,
  current: SopDefinition,
  rules: CompetencyRules | undefined,
  sopVersion: (id: string, version: number) => SopDefinition | undefined,
  today: string,
): CompetencyStatus {
  const signOff = latestSignOff(signOffs, trainee, current.id);
  if (!signOff) return { state: 'none' };
  if (signOff.result !== 'competent') return { state: 'notYet', signOff };
  const reasons: LapseReason[] = [];
  let changedSteps: string[] = [];
  if (today > signOff.revalidateBy) reasons.push('revalidationDue');
  const from = signOff.sop.version;
  if (current.version > from) {
    if (rules?.majorVersions?.some((v) => v > from && v <= current.version)) reasons.push('majorVersion');
    const signed = sopVersion(current.id, from);
    if (!signed) reasons.push('signedVersionUnknown');
    else {
      const critical = new Set([...criticalStepsOf(signed, rules), ...criticalStepsOf(current, rules)]);
      changedSteps = changedCriticalSteps(signed, current, [...critical]);
      if (changedSteps.length) reasons.push('criticalStepChanged');
    }
  }
  return reasons.length ? { state: 'lapsed', signOff, reasons, changedSteps } : { state: 'valid', signOff };
}

/**
 * The steps of a card version a trainee must be re-assessed on when a later version changes them: the
 * card's own `critical` flags; a version that flags no step either way falls back to `rules`.
 */
export function criticalStepsOf(sop: SopDefinition, rules: CompetencyRules | undefined): string[] {
  if (sop.steps.some((s) => s.critical !== undefined)) return sop.steps.filter((s) => s.critical).map((s) => s.id);
  return [...(rules?.criticalSteps ?? [])];
}

/** Critical steps whose definition differs between two versions (added or removed counts as changed). */
export function changedCriticalSteps(a: SopDefinition, b: SopDefinition, critical: readonly string[]): string[] {
  const stepOf = (sop: SopDefinition, id: string) => sop.steps.find((s) => s.id === id);
  return critical.filter((id) => canonicalStep(stepOf(a, id)) !== canonicalStep(stepOf(b, id)));
}

function canonicalStep(step: SopStep | undefined): string {
  return step === undefined ? '' : canonical(step);
}

/** JSON with sorted keys and undefined fields dropped, so key order never reads as a change. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : 1))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export type StartCheck =
  { readonly warn: false } | { readonly warn: true; readonly block: boolean; readonly status: CompetencyStatus };

/** What starting a card means for this technologist: a warning unless validly signed off; blocked only where the site says. */
export function startCheck(status: CompetencyStatus, siteBlocks: boolean): StartCheck {
  return status.state === 'valid' ? { warn: false } : { warn: true, block: siteBlocks, status };
}
