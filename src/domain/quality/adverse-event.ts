// Adverse-event reports: what kinds there are, the classifications shown on the form (ACR contrast
// reactions, AHRQ Common Formats), and the life of a report: reported → under review → closed, moved
// on by a QA lead only. A report is never deleted or rewritten: each change is an amendment kept with
// who and when, and the current report is the original with the amendments applied in order.

export const ADVERSE_KINDS = [
  'contrastReaction',
  'extravasation',
  'fall',
  'wrongPatient',
  'wrongSide',
  'wrongExam',
  'mriSafety',
  'equipmentFault',
  'dataBreach',
  'other',
] as const;
export type AdverseKind = (typeof ADVERSE_KINDS)[number];

/** ACR Manual on Contrast Media: reactions are allergic-like or physiologic, each mild / moderate / severe. */
export const REACTION_TYPES = ['allergicLike', 'physiologic'] as const;
export const REACTION_SEVERITIES = ['mild', 'moderate', 'severe'] as const;
export type ReactionSeverity = (typeof REACTION_SEVERITIES)[number];

/** AHRQ Common Formats event classes and harm scale. */
export const AHRQ_CLASSES = ['incidentHarm', 'incidentNoHarm', 'nearMiss', 'unsafeCondition'] as const;
export const HARM_SCALE = ['death', 'severe', 'moderate', 'mild', 'none', 'unknown'] as const;

export type ContrastDetails = {
  readonly agent?: string;
  readonly volumeMl?: number;
  readonly injectedAt?: number;
  readonly reactionType?: (typeof REACTION_TYPES)[number];
  readonly severity?: ReactionSeverity;
  /** Extravasation only. */
  readonly site?: string;
};

/** The report as filed (and, after amendments, as it now reads). */
export type AdverseReport = {
  readonly reportId: string;
  readonly kind: AdverseKind;
  readonly occurredAt: number;
  readonly runId?: string;
  readonly patientId?: string;
  readonly sopId?: string;
  readonly scannerId?: string;
  readonly technologist?: string;
  readonly contrast?: ContrastDetails;
  readonly ahrqClass: (typeof AHRQ_CLASSES)[number];
  readonly harm: (typeof HARM_SCALE)[number];
  readonly whatHappened: string;
  readonly actionsTaken: string;
  readonly outcome?: string;
};

export type AdverseStatus = 'reported' | 'underReview' | 'closed';
export type AdverseMove = 'startReview' | 'close' | 'reopen';

const MOVES: Record<AdverseStatus, Partial<Record<AdverseMove, AdverseStatus>>> = {
  reported: { startReview: 'underReview', close: 'closed' },
  underReview: { close: 'closed' },
  closed: { reopen: 'underReview' },
};

/** The status after a move, or why the move is not possible (only QA leads move reports). */
export function moveReport(
  status: AdverseStatus,
  move: AdverseMove,
  mayReview: boolean,
): { ok: true; status: AdverseStatus } | { ok: false; problem: string } {
  if (!mayReview) return { ok: false, problem: 'only a QA lead may review or close an adverse-event report' };
  const next = MOVES[status][move];
  return next ? { ok: true, status: next } : { ok: false, problem: `a ${status} report cannot ${move}` };
}

export const FOLLOW_UP_MS = 24 * 3600_000;

/** When an extravasation must be rechecked (24 h after it happened), otherwise undefined. */
export const followUpDueAt = (r: Pick<AdverseReport, 'kind' | 'occurredAt'>) =>
  r.kind === 'extravasation' ? r.occurredAt + FOLLOW_UP_MS : undefined;

/** A reaction of moderate or worse: the patient's later contrast runs carry a warning. */
export const warnsFutureContrast = (r: Pick<AdverseReport, 'kind' | 'contrast'>) =>
  r.kind === 'contrastReaction' && (r.contrast?.severity === 'moderate' || r.contrast?.severity === 'severe');

export type ReportProblem = { readonly field: string; readonly message: string };

/** Everything a report needs before it may be stored, by field (the form and the event schema agree). */
export function reportProblems(r: Partial<AdverseReport>): ReportProblem[] {
  const out: ReportProblem[] = [];
  if (!r.kind) out.push({ field: 'kind', message: 'choose what kind of event this was' });
  if (r.occurredAt === undefined || !Number.isFinite(r.occurredAt))
    out.push({ field: 'occurredAt', message: 'enter when it happened' });
  if (!r.ahrqClass) out.push({ field: 'ahrqClass', message: 'choose the event class' });
  if (!r.harm) out.push({ field: 'harm', message: 'choose the harm' });
  if (!r.whatHappened?.trim()) out.push({ field: 'whatHappened', message: 'describe what happened' });
  if (!r.actionsTaken?.trim()) out.push({ field: 'actionsTaken', message: 'describe the actions taken' });
  if (r.kind === 'contrastReaction') {
    if (!r.contrast?.reactionType) out.push({ field: 'reactionType', message: 'choose allergic-like or physiologic' });
    if (!r.contrast?.severity) out.push({ field: 'severity', message: 'choose mild, moderate or severe' });
  }
  if (r.kind === 'extravasation' && !r.contrast?.site?.trim())
    out.push({ field: 'site', message: 'enter the injection site' });
  const v = r.contrast?.volumeMl;
  if (v !== undefined && (!Number.isFinite(v) || v < 0 || v > 500))
    out.push({ field: 'volumeMl', message: 'must be a volume in ml from 0 to 500' });
  return out;
}

export type Amendment = {
  readonly at: number;
  readonly user: string;
  readonly changes: Partial<Omit<AdverseReport, 'reportId'>>;
  readonly note: string;
};
export type StatusChange = {
  readonly at: number;
  readonly user: string;
  readonly status: AdverseStatus;
  readonly note?: string;
};

/** The report as it now reads: the original with each amendment applied in order (both kept). */
export function currentReport(original: AdverseReport, amendments: readonly Amendment[]): AdverseReport {
  return amendments.reduce<AdverseReport>(
    (r, a) => ({
      ...r,
      ...a.changes,
      contrast: a.changes.contrast ? { ...r.contrast, ...a.changes.contrast } : r.contrast,
    }),
    original,
  );
}
