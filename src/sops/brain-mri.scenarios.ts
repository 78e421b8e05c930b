import { step, type Scenario } from './scenario';

const identity = step({ twoIdentifiers: true, requestMatches: true });
const nothingToDeclare = {
  pacemaker: false,
  heartValve: false,
  aneurysmClip: false,
  neurostimulator: false,
  cochlearImplant: false,
  drugPump: false,
  metalInEye: false,
  orthopaedicImplant: false,
  iud: false,
  tattoo: false,
  pregnancy: 'no',
  claustrophobia: false,
};
const screening = (answers: Record<string, boolean | string>) => step({ ...nothingToDeclare, ...answers });
const cleared = (implantDetails: string) =>
  step({
    implantDetails,
    implantStatus: 'mrConditional',
    conditionsSet: true,
    radiologistCleared: true,
    clearingRadiologist: 'Dr Zhao',
    mrsoCleared: true,
  });
const pregnancyConsult = step({
  radiologistApproved: true,
  consultRadiologist: 'Dr Zhao',
  pregnancyRiskDiscussed: true,
});
const toMagnet = [
  ...step({ screeningFormSigned: true, escortedZoneIII: true }),
  ...step({ changedIntoGown: true, looseMetalRemoved: true, metalDetector: true, finalVerbalCheck: true }),
  ...step({ headCoil: true, hearingProtection: true, callBell: true, noSkinLoops: true }),
  ...step({ sequencesDone: true, patientChecked: true }),
];
const qc = (motionArtefact: boolean) => step({ fullCoverage: true, motionArtefact });
const send = step({ bodyPartExamined: 'brain', imagesSent: true });
const magnetPath = ['zoneAccess', 'finalCheck', 'positioning', 'scan', 'imageQc'];

export const brainMriScenarios: Scenario[] = [
  {
    name: 'nothing to declare, routine scan',
    actions: [...identity, ...screening({}), ...toMagnet, ...qc(false), ...send],
    expectPath: ['identity', 'screening', ...magnetPath, 'send'],
    expectStatus: 'completed',
  },
  {
    name: 'hip replacement and possible pregnancy, anxious patient; motion forces a repeat sequence',
    actions: [
      ...identity,
      ...screening({ orthopaedicImplant: true, pregnancy: 'unsure', claustrophobia: true, tattoo: true }),
      ...cleared('left total hip replacement 2019, MR Conditional 1.5/3 T'),
      ...pregnancyConsult,
      ...step({ screeningFormSigned: true, escortedZoneIII: true, companionScreened: true }),
      ...step({ changedIntoGown: true, looseMetalRemoved: true, finalVerbalCheck: true }),
      ...step({ headCoil: true, hearingProtection: true, callBell: true, noSkinLoops: true, anxietySupport: true }),
      ...step({ sequencesDone: true, patientChecked: true }),
      ...qc(true),
      ...step({ repeatReason: 'motion on the axial FLAIR', repeatDone: true }),
      ...send,
    ],
    expectPath: ['identity', 'screening', 'implantClearance', 'pregnancyConsult', ...magnetPath, 'repeatScan', 'send'],
    expectStatus: 'completed',
  },
  {
    name: 'MR Conditional pacemaker cleared by radiologist and MR safety officer',
    actions: [
      ...identity,
      ...screening({ pacemaker: true }),
      ...cleared('MR Conditional pacemaker system, MR mode set by cardiology'),
      ...toMagnet,
      ...qc(false),
      ...send,
    ],
    expectPath: ['identity', 'screening', 'implantClearance', ...magnetPath, 'send'],
    expectStatus: 'completed',
  },
  {
    name: 'possible pregnancy only',
    actions: [...identity, ...screening({ pregnancy: 'yes' }), ...pregnancyConsult, ...toMagnet, ...qc(false), ...send],
    expectPath: ['identity', 'screening', 'pregnancyConsult', ...magnetPath, 'send'],
    expectStatus: 'completed',
  },
  {
    name: 'aneurysm clip of unknown type: not cleared, exam cancelled',
    actions: [
      ...identity,
      ...screening({ aneurysmClip: true }),
      { type: 'answer', itemId: 'implantDetails', value: 'aneurysm clip 1998, abroad, no records' },
      { type: 'answer', itemId: 'implantStatus', value: 'unknown' },
      { type: 'cancel', reason: 'aneurysm clip not identified; CT arranged instead' },
    ],
    expectPath: ['identity', 'screening', 'implantClearance'],
    expectStatus: 'cancelled',
  },
];
