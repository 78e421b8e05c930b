// What an adverse-event report filed from a run already knows: the patient, card, scanner, contrast
// agent and volume, the injection time (when the observation timer started) and, from the card's
// reaction step, the ACR type and severity. The form shows these; the person still confirms the rest.
import type { RunHeader } from '../run/run.header';
import type { RunContext } from '../run/run.types';
import { REACTION_SEVERITIES, REACTION_TYPES, type AdverseReport } from './adverse-event';

export type AdversePrefill = Partial<
  Pick<AdverseReport, 'kind' | 'runId' | 'patientId' | 'sopId' | 'scannerId' | 'contrast'>
>;

const oneOf = <T extends string>(list: readonly T[], v: unknown): T | undefined =>
  list.includes(v as T) ? (v as T) : undefined;

export function adversePrefill(
  header: RunHeader,
  ctx: Pick<RunContext, 'answers' | 'timers'>,
  scannerId: string,
): AdversePrefill {
  const a = ctx.answers;
  const agent = typeof a.contrastAgent === 'string' ? a.contrastAgent : undefined;
  const volumeMl = typeof a.contrastVolumeMl === 'number' ? a.contrastVolumeMl : undefined;
  const injectedAt = ctx.timers.contrastObservation?.startedAt;
  const reactionType = oneOf(REACTION_TYPES, a.reactionType);
  const severity = oneOf(REACTION_SEVERITIES, a.reactionSeverity);
  const contrast = {
    ...(agent && { agent }),
    ...(volumeMl !== undefined && { volumeMl }),
    ...(injectedAt !== undefined && { injectedAt }),
    ...(reactionType && { reactionType }),
    ...(severity && { severity }),
  };
  const given = Object.keys(contrast).length > 0;
  return {
    ...((a.reaction === true || injectedAt !== undefined) && { kind: 'contrastReaction' as const }),
    runId: header.runId,
    ...(header.patient && { patientId: header.patient.patientId }),
    sopId: header.sop.id,
    scannerId,
    ...(given && { contrast }),
  };
}
