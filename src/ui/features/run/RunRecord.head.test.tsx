// The record's head on a version-2 card as the technologist reads it: who performed the exam, the
// radiologist who decided each consult, the contrast lot, with labels in the staff language; what
// the run filled in from the new-exam form says so.
import { cleanup, render, screen } from '@testing-library/react';
import i18next from 'i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunRow } from '../../../db/db';
import { machineFor, persistRunState, replay, runStatusOf } from '../../../domain/run/run.engine';
import type { RunInput, RunMachineEvent } from '../../../domain/run/run.types';
import { indexSop } from '../../../domain/sop/sop.index';
import { DEFAULT_TIMER_RULES } from '../../../domain/timers/timers';
import { contrastAbdomenCt } from '../../../sops/contrast-abdomen-ct.sop';
import { SCENARIOS } from '../../../sops/library.scenarios';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { RunRecord } from './RunRecord';

const T0 = Date.UTC(2026, 10, 23, 8, 0);

/** A contrast CT scenario stored as the tablet stores it: known facts first, actions a second apart. */
function rowOf(name: RegExp): RunRow {
  const scenario = SCENARIOS['contrast-abdomen-ct']!.find((s) => name.test(s.name))!;
  let at = T0;
  const events: RunMachineEvent[] = [{ type: 'known', facts: { staffName: 'Wang Li', ...scenario.facts }, at }];
  for (const a of scenario.actions) {
    at += 1000;
    if (a.type === 'wait') at += a.ms;
    else events.push({ ...a, at } as RunMachineEvent);
  }
  const input: RunInput = {
    kind: 'exam',
    priority: 'routine',
    arrivedAt: T0,
    hasPatientId: true,
    timerRules: DEFAULT_TIMER_RULES,
  };
  const { snapshot, rejected } = replay(machineFor(contrastAbdomenCt), input, events);
  expect(rejected).toEqual([]);
  const state = persistRunState(snapshot);
  const { id, version } = contrastAbdomenCt;
  return {
    id: 'r1',
    header: {
      runId: 'r1',
      kind: 'exam',
      sop: { id, version },
      priority: 'routine',
      arrivedAt: T0,
      scanner: 'ct-1',
      patient: { patientId: 'P-77', sex: 'male', language: 'en', ageYears: 72 },
      timerRules: DEFAULT_TIMER_RULES,
    },
    state,
    status: runStatusOf(state),
    arrivedAt: T0,
    updatedAt: at,
    eventCount: events.length + 1,
  };
}

function cells(row: RunRow) {
  render(<RunRecord row={row} index={indexSop(contrastAbdomenCt)} />);
  return (name: string) =>
    screen.getAllByRole('rowheader', { name }).map((th) => th.parentElement!.querySelector('td')!.textContent);
}

beforeAll(async () => {
  await initTestI18n();
});
afterEach(async () => {
  if (i18next.language !== 'en') await i18next.changeLanguage('en');
});

describe('RunRecord head (version-2 cards)', () => {
  it('who performed it, each consult’s radiologist by its step, the contrast lot: each once, labelled', () => {
    const cell = cells(rowOf(/^previous reaction/));
    expect(cell('Performed by')).toEqual(['Wang Li · filled in automatically']);
    expect(cell('Radiologist who decided “Radiologist consult: pregnancy”')).toEqual(['Dr Zhao']);
    expect(cell('Radiologist who decided “Radiologist consult: previous contrast reaction”')).toEqual(['Dr Zhao']);
    expect(cell('Radiologist who decided “Radiologist consult: reduced kidney function”')).toEqual(['Dr Liu']);
    expect(cell('Contrast batch (lot) number')).toEqual(['L2409-17']);
    // Not again under the items' own labels further down.
    for (const label of ['Radiologist who decided (name)', 'Exam performed by'])
      expect(screen.queryAllByRole('rowheader', { name: label })).toEqual([]);
  });

  it('answers filled in from the new-exam form say so, in Chinese too', async () => {
    expect(cells(rowOf(/^man of 72/))('Older than 60?')).toEqual(['Yes · filled in automatically']);
    cleanup();
    await i18next.changeLanguage('zh-CN');
    const zh = cells(rowOf(/^man of 72/));
    expect(zh('检查执行人')).toEqual(['Wang Li · 自动填写']);
    expect(zh('对比剂批号')).toEqual(['L2409-17']);
  });
});
