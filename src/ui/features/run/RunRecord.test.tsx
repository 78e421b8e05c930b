// The finished exam record as the technologist reads it: chosen options by their labels, the body
// part once, and every deviation the card flagged (issue 11 items 1–2), in the staff language.
import { render, screen, within } from '@testing-library/react';
import i18next from 'i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunRow } from '../../../db/db';
import { machineFor, persistRunState, replay, runStatusOf } from '../../../domain/run/run.engine';
import type { RunHeader } from '../../../domain/run/run.header';
import type { RunCommand, RunMachineEvent, RunPriority } from '../../../domain/run/run.types';
import type { AnswerValue } from '../../../domain/sop/answers';
import { indexSop } from '../../../domain/sop/sop.index';
import type { SopDefinition } from '../../../domain/sop/sop.schema';
import { DEFAULT_TIMER_RULES } from '../../../domain/timers/timers';
import { chestCtV1 as chestCt, earlierSop } from '../../../sops/published';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { RunRecord } from './RunRecord';

// Version 1 of each card, as first published: runs pinned to it keep this record for good.
const contrastAbdomenCt = earlierSop('contrast-abdomen-ct', 1);
const T0 = Date.UTC(2026, 10, 23, 8, 0);
const MIN = 60_000;

type Move = Record<string, AnswerValue> | RunCommand | { wait: number };
const commands = (moves: Move[]) =>
  moves.flatMap((m): (RunCommand | { wait: number })[] =>
    'type' in m || 'wait' in m
      ? [m as RunCommand | { wait: number }]
      : [
          ...Object.entries(m).map(([itemId, value]): RunCommand => ({ type: 'answer', itemId, value })),
          { type: 'next' },
        ],
  );

/** A stored run row, replayed from the moves one second apart (`{ wait }` moves the clock on). */
function rowOf(sop: SopDefinition, moves: Move[], priority: RunPriority = 'routine'): RunRow {
  const header: RunHeader = {
    runId: 'r1',
    kind: 'exam',
    sop: { id: sop.id, version: sop.version },
    priority,
    arrivedAt: T0,
    scanner: 'ct-1',
    patient: { patientId: 'P-77', sex: 'female', language: 'en', ageYears: 34 },
    timerRules: DEFAULT_TIMER_RULES,
  };
  let at = T0;
  const events: RunMachineEvent[] = [];
  for (const c of commands(moves)) {
    at += 1000;
    if ('wait' in c) at += c.wait;
    else events.push({ ...c, at } as RunMachineEvent);
  }
  const input = { kind: 'exam', priority, arrivedAt: T0, hasPatientId: true, timerRules: DEFAULT_TIMER_RULES } as const;
  const { snapshot, rejected } = replay(machineFor(sop), input, events);
  expect(rejected).toEqual([]);
  const state = persistRunState(snapshot);
  return {
    id: 'r1',
    header,
    state,
    status: runStatusOf(state),
    arrivedAt: T0,
    updatedAt: at,
    eventCount: events.length + 1,
  };
}

const chest = (dlp: number, extra: Move[] = []): Move[] => [
  { twoIdentifiers: true, requestMatches: true },
  { pregnancy: 'notApplicable' },
  { metalRemoved: true, procedureExplained: true },
  { supineArmsUp: true, centred: true },
  { breathHoldPractised: true },
  { protocol: 'routine', scanDone: true, dlp },
  { fullCoverage: true, motionArtefact: false, reconstructions: true },
  ...extra,
  { bodyPartExamined: 'chest', imagesSent: true },
];

/** Contrast abdomen CT after a previous reaction, discharged 18 s after the injection with an early-close reason. */
const contrast: Move[] = [
  { twoIdentifiers: true, requestMatches: true },
  {
    ...{ priorReaction: true, asthma: false, allergy: false, ageOver60: false, kidneyDisease: false },
    ...{ hypertension: false, diabetes: false, metformin: false, pregnancy: 'no' },
  },
  { reactionPlan: 'proceed', resuscitationReady: true },
  { cannulaGauge: 'g20', patencyChecked: true },
  { supineArmsUp: true, centred: true },
  { breathHoldPractised: true },
  { contrastAgent: 'iohexol', contrastVolumeMl: 90, airPurged: true, injectionDone: true },
  { phase: 'portalVenous', scanDone: true },
  { fullCoverage: true, enhancementAdequate: true, motionArtefact: false, reconstructions: true },
  { bodyPartExamined: 'abdomen', imagesSent: true },
  { reaction: false },
  { cannulaRemoved: true },
  { type: 'answer', itemId: 'dischargedTo', value: 'home' },
  { type: 'answer', itemId: 'aftercareExplained', value: true },
  { type: 'next', earlyCloseReason: 'discharged by radiologist' },
];

/** Emergency chest CT: fast path, breath-hold skipped, scan 6:09 after arrival, hand-off 16:08. */
const fast: Move[] = [
  { twoIdentifiers: true, requestMatches: true },
  { type: 'fastPath', reason: 'trauma, unstable' },
  { supineArmsUp: true, centred: true },
  { wait: 6 * MIN }, // the scan starts 6:09 after arrival
  { type: 'skip', reason: 'patient intubated' },
  { protocol: 'routine', scanDone: true, dlp: 320 },
  { fullCoverage: true, motionArtefact: false, reconstructions: true },
  { wait: 16 * MIN },
  { bodyPartExamined: 'chest', imagesSent: true },
];

function show(row: RunRow, sop: SopDefinition) {
  render(<RunRecord row={row} index={indexSop(sop)} />);
  const cells = (name: string) =>
    screen.getAllByRole('rowheader', { name }).map((th) => th.parentElement!.querySelector('td')!.textContent);
  const deviations = () => {
    const list = screen.queryByRole('list', { name: 'Deviations' });
    return list
      ? within(list)
          .getAllByRole('listitem')
          .map((li) => li.textContent)
      : [];
  };
  return { cells, deviations };
}

beforeAll(async () => {
  await initTestI18n();
});
afterEach(async () => {
  if (i18next.language !== 'en') await i18next.changeLanguage('en');
});

describe('RunRecord', () => {
  it('shows chosen options by their labels, and the body part examined once', () => {
    const { cells, deviations } = show(rowOf(chestCt, chest(320)), chestCt);
    expect(cells('Body part examined')).toEqual(['chest']);
    expect(cells('Could the patient be pregnant?')).toEqual(['Not applicable']);
    expect(cells('Protocol')).toEqual(['Routine chest']);
    expect(cells('Dose-length product (DLP)')).toEqual(['320 mGy·cm']);
    expect(cells('Images sent to PACS')).toEqual(['Yes']);
    expect(deviations()).toEqual([]);
    expect(screen.getByText('None')).toBeTruthy();
  });

  it('lists a DLP outside the chest CT pass range (max 700 mGy·cm) as a deviation', () => {
    const { deviations } = show(rowOf(chestCt, chest(880)), chestCt);
    expect(deviations()).toEqual(['Dose-length product (DLP): 880 mGy·cm is outside the pass range (at most 700)']);
  });

  it('lists the fast path, skips and timer overruns with what and by how much', () => {
    const { deviations } = show(rowOf(chestCt, fast, 'emergency'), chestCt);
    expect(deviations()).toEqual([
      'Emergency fast path past “Safety screening”, “Preparation”: trauma, unstable',
      'Skipped “Breath-hold instruction”: patient intubated',
      'Emergency response: over the standard by 1:09',
      'Report hand-off: over the standard by 1:08',
    ]);
  });

  it('shows a cancelled run with where and why', () => {
    const row = rowOf(chestCt, [
      { twoIdentifiers: true, requestMatches: true },
      { type: 'cancel', reason: 'patient left' },
    ]);
    const { deviations } = show(row, chestCt);
    expect(screen.getByRole('heading', { name: 'Exam cancelled' })).toBeTruthy();
    expect(deviations()).toEqual(['Cancelled at “Safety screening”: patient left']);
  });

  it('a contrast exam: option labels, and the observation closed early with by how much and why', () => {
    const { cells, deviations } = show(rowOf(contrastAbdomenCt, contrast), contrastAbdomenCt);
    expect(cells("Radiologist's decision")).toEqual(['Go ahead as planned']);
    expect(cells('Phases')).toEqual(['Portal venous']);
    expect(cells('Patient leaves to')).toEqual(['Home']);
    expect(deviations()).toEqual(['Contrast observation closed 29:42 early: discharged by radiologist']);
  });

  it('in Chinese: labels, options and deviations in the staff language', async () => {
    await i18next.changeLanguage('zh-CN');
    render(<RunRecord row={rowOf(chestCt, chest(880))} index={indexSop(chestCt)} />);
    expect(screen.getByText('常规胸部')).toBeTruthy();
    expect(screen.getByRole('list', { name: '偏差' }).textContent).toBe(
      '剂量长度乘积（DLP）：880 mGy·cm 超出合格范围（不高于 700）',
    );
  });

  it('in Chinese: the fast path lists the skipped steps with the Chinese separator', async () => {
    await i18next.changeLanguage('zh-CN');
    render(<RunRecord row={rowOf(chestCt, fast, 'emergency')} index={indexSop(chestCt)} />);
    const items = within(screen.getByRole('list', { name: '偏差' })).getAllByRole('listitem');
    expect(items[0]?.textContent).toBe('急诊快速通道跳过 “安全筛查”、“检查前准备”：trauma, unstable');
    expect(items[2]?.textContent).toBe('急诊响应：超出标准 1:09');
  });
});
