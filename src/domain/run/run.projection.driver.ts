// Drives hand-made runs for the projection tests: a chest CT (or any card) played one second per
// event on a tablet, written to a log the way tablets write it. The cards are pinned at version 1, as
// first published, so later card versions do not move these tests of the projection's mechanics.
import { chestCtV1 as chestCt, earlierSop } from '../../sops/published';
import type { AnswerValue } from '../sop/answers';
import type { SopDefinition } from '../sop/sop.schema';
import { headerFor, runLog, tablet, type Tablet } from './golden/log-builder';
import { projectRun, type ProjectedRun } from './run.projection';
import type { RunCommand, RunPriority } from './run.types';

export const contrastAbdomenCtV1 = earlierSop('contrast-abdomen-ct', 1);

export const T0 = Date.UTC(2026, 10, 23, 8, 0);
export const SEC = 1000;
export const MIN = 60 * SEC;

export const FILL: Record<string, Record<string, AnswerValue>> = {
  identity: { twoIdentifiers: true, requestMatches: true },
  screening: { pregnancy: 'notApplicable' },
  preparation: { metalRemoved: true, procedureExplained: true },
  positioning: { supineArmsUp: true, centred: true },
  breathHold: { breathHoldPractised: true },
  scan: { protocol: 'routine', scanDone: true, dlp: 320 },
  imageQc: { fullCoverage: true, motionArtefact: false, reconstructions: true },
  send: { bodyPartExamined: 'chest', imagesSent: true },
};

/** A chest CT run driven one second per event by `t` (move the clock with `now`). */
export function chestRun(
  priority: RunPriority = 'routine',
  t: Tablet = tablet(1, 'chen'),
  sop: SopDefinition = chestCt,
) {
  const log = runLog(1);
  const d = {
    log,
    now: T0,
    t,
    send(cmd: RunCommand, by?: Tablet): void {
      d.now += SEC;
      log.command(by ?? d.t, cmd, d.now);
    },
    fill(stepId: string, over: Record<string, AnswerValue> = {}): void {
      for (const [itemId, value] of Object.entries({ ...FILL[stepId], ...over }))
        d.send({ type: 'answer', itemId, value });
    },
    step(stepId: string, over: Record<string, AnswerValue> = {}): void {
      d.fill(stepId, over);
      d.send({ type: 'next' });
    },
    project: (): ProjectedRun => projectRun(d.log.events, sop),
  };
  log.create(t, headerFor(sop, priority), T0);
  return d;
}

export const walk = (d: ReturnType<typeof chestRun>, steps: string[]) => steps.forEach((s) => d.step(s));
export const ALL = ['identity', 'screening', 'preparation', 'positioning', 'breathHold', 'scan', 'imageQc', 'send'];

/** Commands of a contrast abdomen CT without risk factors: through the injection, then to a finished discharge step. */
export function contrastCommands() {
  const steps = (answers: Record<string, AnswerValue>[]): RunCommand[] =>
    answers.flatMap((a) => [
      ...Object.entries(a).map(([itemId, value]): RunCommand => ({ type: 'answer', itemId, value })),
      { type: 'next' } as const,
    ]);
  const noRisk = { priorReaction: false, asthma: false, allergy: false, ageOver60: false, kidneyDisease: false };
  const throughInjection = steps([
    { twoIdentifiers: true, requestMatches: true },
    { ...noRisk, hypertension: false, diabetes: false, metformin: false, pregnancy: 'no' },
    { cannulaGauge: 'g20', patencyChecked: true },
    { supineArmsUp: true, centred: true },
    { breathHoldPractised: true },
    { contrastAgent: 'iohexol', contrastVolumeMl: 90, airPurged: true, injectionDone: true },
  ]);
  const toDischarge = [
    ...steps([
      { phase: 'portalVenous', scanDone: true },
      { fullCoverage: true, enhancementAdequate: true, motionArtefact: false, reconstructions: true },
      { bodyPartExamined: 'abdomen', imagesSent: true },
      { reaction: false },
      { cannulaRemoved: true },
    ]),
    { type: 'answer', itemId: 'dischargedTo', value: 'home' } as const,
    { type: 'answer', itemId: 'aftercareExplained', value: true } as const,
  ];
  return { throughInjection, toDischarge };
}
