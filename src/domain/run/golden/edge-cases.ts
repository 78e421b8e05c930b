// Hand-written logs for what scenarios do not reach: merges of two tablets, clocks that jump,
// midnight, late edits, an unknown card. Each is written the way tablets write events. The first
// eight were recorded on version 1 of the cards (before the known facts existed) and stay so.
import { step, type ScenarioAction } from '../../../sops/scenario';
import { chestCtV1 as chestCt, earlierSop } from '../../../sops/published';
import type { RunEvent } from '../run.event';
import { headerFor, play, runLog, tablet } from './log-builder';

export type EdgeCase = { readonly slug: string; readonly name: string; readonly events: readonly RunEvent[] };

const contrastAbdomenCt = earlierSop('contrast-abdomen-ct', 1);
const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 23, 8, 0);

const identity = step({ twoIdentifiers: true, requestMatches: true });
const prep = step({ metalRemoved: true, procedureExplained: true });
const position = step({ supineArmsUp: true, centred: true });
const breath = step({ breathHoldPractised: true });
const scan = (dlp = 320) => step({ protocol: 'routine', scanDone: true, dlp });
const qc = step({ fullCoverage: true, motionArtefact: false, reconstructions: true });
const send = step({ bodyPartExamined: 'chest', imagesSent: true });
const wait = (ms: number): ScenarioAction => ({ type: 'wait', ms });

const contrastToObservation: ScenarioAction[] = [
  ...identity,
  ...step({
    priorReaction: false,
    asthma: false,
    allergy: false,
    ageOver60: false,
    kidneyDisease: false,
    hypertension: false,
    diabetes: false,
    metformin: false,
    pregnancy: 'no',
  }),
  ...step({ cannulaGauge: 'g20', patencyChecked: true }),
  ...position,
  ...breath,
  ...step({ contrastAgent: 'iohexol', contrastVolumeMl: 90, airPurged: true, injectionDone: true }),
  ...step({ phase: 'portalVenous', scanDone: true }),
  ...step({ fullCoverage: true, enhancementAdequate: true, motionArtefact: false, reconstructions: true }),
  ...step({ bodyPartExamined: 'abdomen', imagesSent: true }),
];

export function edgeCases(firstRunNo: number): EdgeCase[] {
  let runNo = firstRunNo;
  const cases: EdgeCase[] = [];
  const add = (slug: string, name: string, events: readonly RunEvent[]) => cases.push({ slug, name, events });

  {
    const log = runLog(++runNo);
    const chen = tablet(1, 'chen');
    log.create(chen, headerFor(contrastAbdomenCt), T0);
    const at = play(log, chen, [...contrastToObservation, wait(10 * MIN)], T0);
    play(log, chen, [{ type: 'cancel', reason: 'patient left against advice' }], at);
    add('cancelled-during-observation', 'contrast CT cancelled 10 minutes into the observation', log.events);
  }
  {
    // Both tablets saw identity done; offline, each answers screening its own way.
    const log = runLog(++runNo);
    const chen = tablet(1, 'chen');
    const wang = tablet(2, 'wang');
    log.create(chen, headerFor(chestCt), T0);
    const at = play(log, chen, identity, T0);
    log.sync(wang, at);
    log.command(chen, { type: 'answer', itemId: 'pregnancy', value: 'no' }, at + 1000);
    log.command(wang, { type: 'answer', itemId: 'pregnancy', value: 'unsure' }, at + 2000);
    log.command(chen, { type: 'next' }, at + 3000); // goes to the consult: wang's "unsure" came first
    log.command(wang, { type: 'next' }, at + 4000); // does not fit: consult checks missing
    log.command(chen, { type: 'answer', itemId: 'metalRemoved', value: true }, at + 5000); // does not fit
    play(log, wang, step({ radiologistApproved: true, shieldingDiscussed: true }), at + 5000);
    add(
      'merge-two-tablets',
      'two tablets answer screening offline; the merged log has moves that do not fit',
      log.events,
    );
  }
  {
    const log = runLog(++runNo);
    const chen = tablet(1, 'chen');
    const arrive = Date.UTC(2026, 10, 23, 23, 50);
    log.create(chen, headerFor(chestCt), arrive);
    const at = play(log, chen, [...identity, ...step({ pregnancy: 'no' }), ...prep, wait(8 * MIN)], arrive);
    play(log, chen, [...position, ...breath, ...scan(), ...qc, wait(12 * MIN), ...send], at);
    add('midnight', 'chest CT arriving 23:50 and completed after midnight', log.events);
  }
  {
    const log = runLog(++runNo);
    const chen = tablet(1, 'chen');
    log.create(chen, headerFor(chestCt), T0);
    const at = play(log, chen, [...identity, ...step({ pregnancy: 'no' })], T0);
    chen.offsetMs = -60 * MIN; // the tablet's clock is set back an hour mid-exam
    play(log, chen, [...prep, ...position, ...breath, ...scan(), ...qc, ...send], at);
    add('clock-back', 'chest CT whose tablet clock jumps back an hour after screening', log.events);
  }
  {
    const log = runLog(++runNo);
    const chen = tablet(1, 'chen');
    const wang = tablet(2, 'wang');
    log.create(chen, headerFor(chestCt), T0);
    const at = play(log, chen, [...identity, ...step({ pregnancy: 'no' }), ...prep, ...position, ...breath], T0);
    log.sync(wang, at);
    const done = play(log, chen, [...scan(), ...qc, ...send], at);
    play(log, wang, [{ type: 'answer', itemId: 'notes', value: 'late note' }, { type: 'back' }], done);
    add('late-edit-after-completion', 'a second tablet edits a run the first already completed', log.events);
  }
  {
    const log = runLog(++runNo);
    const chen = tablet(1, 'chen');
    log.create(chen, headerFor(chestCt), T0);
    play(
      log,
      chen,
      [
        ...identity,
        ...step({ pregnancy: 'no' }),
        { type: 'back' }, // from preparation to screening again
        ...step({ pregnancy: 'no' }),
        ...prep,
        ...position,
        ...breath,
        ...scan(),
        ...step({ fullCoverage: true, motionArtefact: true, reconstructions: true }),
        { type: 'answer', itemId: 'repeatReason', value: 'ticked by mistake' },
        { type: 'back' },
        ...step({ motionArtefact: false }),
        ...send,
      ],
      T0,
    );
    add('back-and-change', 'back to screening, and back out of a repeat scan entered by mistake', log.events);
  }
  {
    const log = runLog(++runNo);
    const chen = tablet(1, 'chen');
    log.create(chen, headerFor(chestCt, 'emergency'), T0);
    const at = play(log, chen, [...identity, ...step({ pregnancy: 'no' }), ...prep, ...position, wait(6 * MIN)], T0);
    play(log, chen, [...breath, ...scan(880), ...qc, wait(20 * MIN), ...send], at);
    add('overruns', 'emergency chest CT: response and hand-off overrun, DLP above its pass range', log.events);
  }
  {
    const log = runLog(++runNo);
    const chen = tablet(1, 'chen');
    log.create(chen, { ...headerFor(chestCt), sop: { id: 'knee-mri', version: 3 } }, T0);
    play(log, chen, [...identity, { type: 'cancel', reason: 'wrong card' }], T0);
    add('unknown-card', 'a run on a card this build does not have', log.events);
  }
  return cases;
}
