// One image-QC decision typed on an exam's image-QC step, checked before anything is stored: how many
// images it covers (a whole number), and for a repeat or a reject the CID 7011 reason ("other" needs text).
import type { ImageQcPayload } from '../events/qc.events';
import { REJECT_REASON_CODES, type ImageOutcome, type RejectReason } from './reject-reasons';

export type ImageQcDraft = {
  readonly outcome?: ImageOutcome;
  readonly images: string;
  readonly reason?: RejectReason | '';
  readonly reasonText: string;
};
export type ImageQcField = 'outcome' | 'images' | 'reason' | 'reasonText';
export type ImageQcProblem = 'required' | 'wholeNumber';
export type RunRef = {
  readonly runId: string;
  readonly scannerId: string;
  readonly sopId: string;
  readonly sopVersion: number;
};

export const MAX_IMAGES = 100_000;

export function imageQcPayload(
  draft: ImageQcDraft,
  run: RunRef,
  recordId: string,
): { payload: ImageQcPayload } | { problems: Partial<Record<ImageQcField, ImageQcProblem>> } {
  const problems: Partial<Record<ImageQcField, ImageQcProblem>> = {};
  if (!draft.outcome) problems.outcome = 'required';
  const text = draft.images.trim();
  const images = Number(text);
  if (!text) problems.images = 'required';
  else if (!/^\d+$/.test(text) || images < 1 || images > MAX_IMAGES) problems.images = 'wholeNumber';
  const needsReason = draft.outcome === 'repeat' || draft.outcome === 'reject';
  const reason = draft.reason && REJECT_REASON_CODES.includes(draft.reason) ? draft.reason : undefined;
  if (needsReason && !reason) problems.reason = 'required';
  if (needsReason && reason === 'other' && !draft.reasonText.trim()) problems.reasonText = 'required';
  if (Object.keys(problems).length || !draft.outcome) return { problems };
  return {
    payload: {
      recordId,
      ...run,
      outcome: draft.outcome,
      images,
      ...(needsReason && reason && { reason }),
      ...(needsReason && reason === 'other' && { reasonText: draft.reasonText.trim() }),
    },
  };
}
