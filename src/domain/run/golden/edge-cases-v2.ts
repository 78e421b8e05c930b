// Hand-written logs on version 2 of the cards, for what their scenarios do not reach: an item that
// waits for a timer ticked too early, and a hand-over that changes an answer the run filled in.
// Each starts as the tablet records a run: created, then its known facts.
import { chestCt } from '../../../sops/chest-ct.sop';
import { contrastAbdomenCt } from '../../../sops/contrast-abdomen-ct.sop';
import { step } from '../../../sops/scenario';
import type { KnownFacts } from '../../sop/known-facts';
import type { SopDefinition } from '../../sop/sop.schema';
import type { EdgeCase } from './edge-cases';
import { headerFor, play, runLog, tablet, type Tablet } from './log-builder';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 23, 8, 0);

function started(runNo: number, sop: SopDefinition, t: Tablet, facts: KnownFacts) {
  const log = runLog(runNo);
  log.create(t, headerFor(sop), T0);
  log.command(t, { type: 'known', facts }, T0);
  return log;
}

const identity = step({ twoIdentifiers: true, requestMatches: true });
const send = (bodyPartExamined: string) => step({ bodyPartExamined, imagesSent: true });

export function edgeCasesV2(firstRunNo: number): EdgeCase[] {
  let runNo = firstRunNo;
  const cases: EdgeCase[] = [];
  {
    const chen = tablet(1, 'chen');
    const log = started(++runNo, contrastAbdomenCt, chen, { sex: 'unknown', staffName: 'Chen Jing' });
    const injected = play(
      log,
      chen,
      [
        ...identity,
        ...step({
          ...{ priorReaction: false, asthma: false, allergy: false, ageOver60: false, kidneyDisease: false },
          ...{ hypertension: false, diabetes: false, metformin: false, pregnancy: 'no' },
        }),
        ...step({ cannulaGauge: 'g20', patencyChecked: true }),
        ...step({ supineArmsUp: true, centred: true }),
        ...step({ breathHoldPractised: true }),
        // Its "next" (the last move here) starts the 30-minute observation.
        ...step({
          contrastAgent: 'iohexol',
          contrastVolumeMl: 90,
          contrastLot: 'L2409-17',
          airPurged: true,
          injectionDone: true,
        }),
      ],
      T0,
    );
    const atCannula = play(
      log,
      chen,
      [
        ...step({ phase: 'portalVenous', scanDone: true }),
        ...step({ fullCoverage: true, enhancementAdequate: true, motionArtefact: false, reconstructions: true }),
        ...send('abdomen'),
        ...step({ reaction: false }),
        { type: 'wait', ms: 10 * MIN },
        { type: 'answer', itemId: 'cannulaRemoved', value: true }, // refused: the observation still runs
      ],
      injected,
    );
    play(
      log,
      chen,
      [
        { type: 'wait', ms: injected + 30 * MIN - atCannula },
        ...step({ cannulaRemoved: true }),
        ...step({ dischargedTo: 'home', aftercareExplained: true }),
      ],
      atCannula,
    );
    cases.push({
      slug: 'cannula-ticked-during-observation',
      name: 'contrast CT v2: "cannula removed" ticked 10 minutes into the observation is refused, accepted after it',
      events: log.events,
    });
  }
  {
    const chen = tablet(1, 'chen');
    const wang = tablet(2, 'wang');
    const log = started(++runNo, chestCt, chen, { sex: 'unknown', staffName: 'Chen Jing' });
    const at = play(
      log,
      chen,
      [...identity, ...step({ pregnancy: 'notApplicable' }), ...step({ metalRemoved: true, procedureExplained: true })],
      T0,
    );
    log.sync(wang, at);
    play(
      log,
      wang,
      [
        ...step({ supineArmsUp: true, centred: true }),
        ...step({ breathHoldPractised: true }),
        ...step({ protocol: 'routine', scanDone: true, dlp: 320 }),
        ...step({ fullCoverage: true, motionArtefact: false, reconstructions: true }),
        { type: 'answer', itemId: 'performedBy', value: 'Wang Li' }, // took over: no longer the prefilled name
        ...send('chest'),
      ],
      at,
    );
    cases.push({
      slug: 'hand-over-changes-performed-by',
      name: 'chest CT v2 handed over after preparation: the second technologist replaces "performed by"',
      events: log.events,
    });
  }
  return cases;
}
