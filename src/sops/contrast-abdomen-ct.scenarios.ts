import { step, type Scenario, type ScenarioAction } from './scenario';

const identity = step({ twoIdentifiers: true, requestMatches: true });
const noRisk = {
  priorReaction: false,
  asthma: false,
  allergy: false,
  ageOver60: false,
  kidneyDisease: false,
  hypertension: false,
  diabetes: false,
  metformin: false,
  pregnancy: 'no',
};
const screening = (answers: Record<string, boolean | string>) => step({ ...noRisk, ...answers });
const pregnancyConsult = step({ radiologistApproved: true, pregnancyRadiologist: 'Dr Zhao', doseDiscussed: true });
const reactionConsult = step({
  reactionPlan: 'premedication',
  reactionRadiologist: 'Dr Zhao',
  premedicationTaken: true,
  resuscitationReady: true,
});
const renalConsult = step({ renalApproved: true, renalRadiologist: 'Dr Liu', hydrationPlan: true });
const metforminAdvice = (instruction: string) => step({ metforminInstruction: instruction, metforminExplained: true });
const ivAndPosition = [
  ...step({ cannulaGauge: 'g20', patencyChecked: true }),
  ...step({ supineArmsUp: true, centred: true }),
];
const fromInjection: ScenarioAction[] = [
  ...step({
    contrastAgent: 'iohexol',
    contrastVolumeMl: 90,
    contrastLot: 'L2409-17',
    flowRate: 3,
    airPurged: true,
    injectionDone: true,
  }),
  ...step({ phase: 'portalVenous', scanDone: true, dlp: 550 }),
  ...step({ fullCoverage: true, enhancementAdequate: true, motionArtefact: false, reconstructions: true }),
  ...step({ bodyPartExamined: 'abdomen and pelvis', imagesSent: true }),
];
const exam = [...ivAndPosition, ...step({ breathHoldPractised: true }), ...fromInjection];
/** No reaction; the cannula comes out only once the 30-minute observation has run. */
const wellAfterObservation: ScenarioAction[] = [
  ...step({ reaction: false }),
  { type: 'wait', ms: 30 * 60_000 },
  ...step({ cannulaRemoved: true }),
];
const dischargeAfter30Min = step({ dischargedTo: 'home', aftercareExplained: true });
const examPath = ['ivAccess', 'positioning', 'breathHold', 'injection', 'scan', 'imageQc', 'send', 'observation'];
const tail = [...examPath, 'cannulaRemoval', 'discharge'];

export const contrastAbdomenCtScenarios: Scenario[] = [
  {
    name: 'over 60 with normal eGFR, no reaction, discharged after 30 minutes',
    actions: [
      ...identity,
      ...screening({ ageOver60: true }),
      ...step({ egfrValue: 78, egfrDate: '2026-11-20' }),
      ...exam,
      ...wellAfterObservation,
      ...dischargeAfter30Min,
    ],
    expectPath: ['identity', 'screening', 'egfr', ...tail],
    expectStatus: 'completed',
  },
  {
    name: 'previous reaction, possible pregnancy, low eGFR on metformin; mild reaction; closed early with a reason',
    actions: [
      ...identity,
      ...screening({ priorReaction: true, asthma: true, diabetes: true, metformin: true, pregnancy: 'unsure' }),
      ...pregnancyConsult,
      ...reactionConsult,
      ...step({ egfrValue: 24 }),
      ...renalConsult,
      ...metforminAdvice('hold48h'),
      ...exam,
      ...step({ reaction: true }),
      ...step({
        reactionSeverity: 'mild',
        reactionType: 'allergicLike',
        treatmentGiven: 'oral antihistamine',
        radiologistInformed: true,
        adverseEventReported: true,
      }),
      { type: 'skip', reason: 'back to the ward with the cannula in place, ward nurse observes' },
      ...step(
        { dischargedTo: 'ward', aftercareExplained: true },
        { type: 'next', earlyCloseReason: 'inpatient returned to ward, observation continued by ward nurse' },
      ),
    ],
    expectPath: [
      'identity',
      'screening',
      'pregnancyConsult',
      'reactionConsult',
      'egfr',
      'renalConsult',
      'metforminAdvice',
      ...examPath,
      'contrastReaction',
      'cannulaRemoval',
      'discharge',
    ],
    expectStatus: 'completed',
  },
  {
    name: 'man of 72: "older than 60" and pregnancy filled in from the new-exam form',
    facts: { ageYears: 72, sex: 'male' },
    actions: [
      ...identity,
      ...step({
        priorReaction: false,
        asthma: false,
        allergy: false,
        kidneyDisease: false,
        hypertension: false,
        diabetes: false,
        metformin: false,
      }),
      ...step({ egfrValue: 64 }),
      ...exam,
      ...wellAfterObservation,
      ...dischargeAfter30Min,
    ],
    expectPath: ['identity', 'screening', 'egfr', ...tail],
    expectStatus: 'completed',
  },
  {
    name: 'pregnant diabetic on metformin with normal eGFR',
    actions: [
      ...identity,
      ...screening({ diabetes: true, metformin: true, pregnancy: 'yes' }),
      ...pregnancyConsult,
      ...step({ egfrValue: 66 }),
      ...metforminAdvice('continue'),
      ...exam,
      ...wellAfterObservation,
      ...dischargeAfter30Min,
    ],
    expectPath: ['identity', 'screening', 'pregnancyConsult', 'egfr', 'metforminAdvice', ...tail],
    expectStatus: 'completed',
  },
  {
    name: 'previous reaction only: consult, then straight to IV access',
    actions: [
      ...identity,
      ...screening({ priorReaction: true }),
      ...reactionConsult,
      ...exam,
      ...wellAfterObservation,
      ...dischargeAfter30Min,
    ],
    expectPath: ['identity', 'screening', 'reactionConsult', ...tail],
    expectStatus: 'completed',
  },
  {
    name: 'possible pregnancy only',
    actions: [
      ...identity,
      ...screening({ pregnancy: 'unsure' }),
      ...pregnancyConsult,
      ...exam,
      ...wellAfterObservation,
      ...dischargeAfter30Min,
    ],
    expectPath: ['identity', 'screening', 'pregnancyConsult', ...tail],
    expectStatus: 'completed',
  },
  {
    name: 'kidney disease with eGFR below the threshold, radiologist approves with hydration',
    actions: [
      ...identity,
      ...screening({ kidneyDisease: true }),
      ...step({ egfrValue: 27 }),
      ...renalConsult,
      ...exam,
      ...wellAfterObservation,
      ...dischargeAfter30Min,
    ],
    expectPath: ['identity', 'screening', 'egfr', 'renalConsult', ...tail],
    expectStatus: 'completed',
  },
  {
    name: 'no risk factors; breath-hold practice skipped with a reason',
    actions: [
      ...identity,
      ...screening({ pregnancy: 'notApplicable' }),
      ...ivAndPosition,
      { type: 'skip', reason: 'patient hard of hearing, breath-hold explained with gestures at scan' },
      ...fromInjection,
      ...wellAfterObservation,
      ...dischargeAfter30Min,
    ],
    expectPath: ['identity', 'screening', ...tail],
    expectStatus: 'completed',
  },
  {
    name: 'cannulation fails, exam cancelled',
    actions: [...identity, ...screening({}), { type: 'cancel', reason: 'two failed cannulation attempts, rebooked' }],
    expectPath: ['identity', 'screening', 'ivAccess'],
    expectStatus: 'cancelled',
  },
];
