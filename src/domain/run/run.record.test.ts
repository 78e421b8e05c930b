// The exam record: answers on the route taken with their option labels, the body part once, and
// every deviation the card itself flags (issue 11 items 1–2).
import { describe, expect, it } from 'vitest';
import { chestCtV1 as chestCt } from '../../sops/published';
import { ctDailyQc } from '../../sops/ct-daily-qc.sop';
import type { AnswerValue } from '../sop/answers';
import { indexSop } from '../sop/sop.index';
import type { SopDefinition } from '../sop/sop.schema';
import { DEFAULT_TIMER_RULES } from '../timers/timers';
import { machineFor, replay } from './run.engine';
import { examRecord, timerDeviation } from './run.record';
import type { RunCommand, RunMachineEvent } from './run.types';

const T0 = Date.UTC(2026, 10, 23, 8, 0);
const MIN = 60_000;

const steps = (...answers: (Record<string, AnswerValue> | RunCommand)[]): RunCommand[] =>
  answers.flatMap((a) =>
    'type' in a
      ? [a as RunCommand]
      : [
          ...Object.entries(a).map(([itemId, value]): RunCommand => ({ type: 'answer', itemId, value })),
          { type: 'next' },
        ],
  );

function recordOf(sop: SopDefinition, cmds: RunCommand[]) {
  const events = cmds.map((c, i) => ({ ...c, at: T0 + (i + 1) * 1000 }) as RunMachineEvent);
  const input = {
    kind: sop.kind,
    priority: 'routine',
    arrivedAt: T0,
    hasPatientId: true,
    timerRules: DEFAULT_TIMER_RULES,
  } as const;
  const { snapshot, rejected } = replay(machineFor(sop), input, events);
  expect(rejected).toEqual([]);
  return examRecord(indexSop(sop), snapshot.context);
}

const chestTo = (dlp: number) =>
  steps(
    { twoIdentifiers: true, requestMatches: true },
    { pregnancy: 'notApplicable' },
    { metalRemoved: true, procedureExplained: true },
    { supineArmsUp: true, centred: true },
    { breathHoldPractised: true },
    { protocol: 'routine', scanDone: true, dlp },
    { fullCoverage: true, motionArtefact: false, reconstructions: true },
    { bodyPartExamined: 'chest', imagesSent: true },
  );

describe('examRecord', () => {
  it('lists the body part once and each other answer with its option label key', () => {
    const r = recordOf(chestCt, chestTo(320));
    expect(r.bodyPart).toEqual({
      stepId: 'send',
      itemId: 'bodyPartExamined',
      kind: 'text',
      label: 'common.send.bodyPart',
      value: 'chest',
      recordField: 'bodyPart',
    });
    expect(r.answers.map((a) => a.itemId)).not.toContain('bodyPartExamined');
    expect(r.answers.find((a) => a.itemId === 'pregnancy')).toEqual({
      stepId: 'screening',
      itemId: 'pregnancy',
      kind: 'choice',
      label: 'common.screening.pregnancy',
      value: 'notApplicable',
      optionLabel: 'common.answer.notApplicable',
    });
    expect(r.answers.find((a) => a.itemId === 'protocol')?.optionLabel).toBe('chestCt.protocol.routine');
    expect(r.answers.find((a) => a.itemId === 'dlp')).toMatchObject({ value: 320, unit: 'mGy·cm' });
    expect(r.answers.find((a) => a.itemId === 'imagesSent')).toMatchObject({ value: true, recordField: 'imagesSent' });
    expect(r.deviations).toEqual([]);
  });

  it('a DLP above the chest CT pass range (max 700 mGy·cm) is a deviation', () => {
    expect(recordOf(chestCt, chestTo(880)).deviations).toEqual([
      {
        kind: 'outOfRange',
        stepId: 'scan',
        itemId: 'dlp',
        label: 'common.scan.dlp',
        value: 880,
        unit: 'mGy·cm',
        rule: { kind: 'range', max: 700 },
      },
    ]);
    expect(recordOf(chestCt, chestTo(700)).deviations).toEqual([]);
  });

  it('only the route actually taken: answers on a step left by "back" are not in the record', () => {
    const r = recordOf(chestCt, [
      ...chestTo(320).slice(0, 5), // identity and screening done
      { type: 'answer', itemId: 'metalRemoved', value: true },
      { type: 'back' },
    ]);
    expect(r.answers.map((a) => a.itemId)).toEqual(['twoIdentifiers', 'requestMatches', 'pregnancy']);
    expect(r.bodyPart).toBeUndefined();
  });

  it('QC numbers: outside the fixed range, and noise more than 20% from the baseline', () => {
    const qc = (meanHu: number, noiseSd: number) =>
      recordOf(
        ctDailyQc,
        steps(
          { gantryClear: true, warmupStarted: true },
          { warmupDone: true, systemErrors: false },
          { airCalibrationDone: true, vendorQcFailed: false },
          { meanHu, baselineNoise: 5, noiseSd, artefacts: false },
        ),
      ).deviations.filter((d) => d.kind === 'outOfRange');
    expect(qc(1.2, 5.4)).toEqual([]);
    expect(qc(0.8, 6.5)).toEqual([
      {
        kind: 'outOfRange',
        stepId: 'waterPhantom',
        itemId: 'noiseSd',
        label: 'ctDailyQc.noiseSd',
        value: 6.5,
        unit: 'HU',
        rule: {
          kind: 'withinPercent',
          percent: 20,
          ofItem: 'baselineNoise',
          ofLabel: 'ctDailyQc.baselineNoise',
          ofValue: 5,
        },
      },
    ]);
    expect(qc(7, 5)).toMatchObject([{ itemId: 'meanHu', rule: { kind: 'range', min: -5, max: 5 } }]);
  });
});

describe('timerDeviation', () => {
  const limit = { id: 'reportHandoff', kind: 'limit', startedAt: T0, deadline: T0 + 15 * MIN } as const;
  const wait = { id: 'contrastObservation', kind: 'wait', startedAt: T0, deadline: T0 + 30 * MIN } as const;

  it('a limit timer: overrun only when stopped after its deadline', () => {
    expect(timerDeviation(limit)).toBeUndefined(); // running: judged by whoever knows "now"
    expect(timerDeviation({ ...limit, stoppedAt: T0 + 15 * MIN })).toBeUndefined();
    expect(timerDeviation({ ...limit, stoppedAt: T0 + 16 * MIN })).toEqual({
      kind: 'timerOverrun',
      timer: 'reportHandoff',
      deadline: T0 + 15 * MIN,
      stoppedAt: T0 + 16 * MIN,
      overByMs: MIN,
    });
  });

  it('a wait timer: closed early when stopped before its end, with the early-close reason', () => {
    expect(timerDeviation({ ...wait, stoppedAt: T0 + 30 * MIN }, 'why')).toBeUndefined();
    expect(timerDeviation({ ...wait, stoppedAt: T0 + 45 * MIN })).toBeUndefined();
    expect(timerDeviation({ ...wait, stoppedAt: T0 + 10 * MIN }, 'discharged by radiologist')).toEqual({
      kind: 'closedEarly',
      timer: 'contrastObservation',
      deadline: T0 + 30 * MIN,
      stoppedAt: T0 + 10 * MIN,
      shortByMs: 20 * MIN,
      reason: 'discharged by radiologist',
    });
    expect(timerDeviation({ ...wait, stoppedAt: T0 + 10 * MIN })).not.toHaveProperty('reason');
  });
});
