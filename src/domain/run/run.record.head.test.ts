// The exam record's head on the version-2 cards (issue 17 item 9): who performed the exam, the
// radiologist who decided each consult, the contrast lot, each listed once; answers the run took
// from its known facts are marked as filled in.
import { describe, expect, it } from 'vitest';
import { contrastAbdomenCt } from '../../sops/contrast-abdomen-ct.sop';
import { SCENARIOS } from '../../sops/library.scenarios';
import { chestCtV1 } from '../../sops/published';
import type { Scenario } from '../../sops/scenario';
import { indexSop } from '../sop/sop.index';
import type { SopDefinition } from '../sop/sop.schema';
import { DEFAULT_TIMER_RULES } from '../timers/timers';
import { machineFor, replay } from './run.engine';
import { examRecord } from './run.record';
import type { RunInput, RunMachineEvent } from './run.types';

const T0 = Date.UTC(2026, 10, 23, 8, 0);

/** A scenario as the tablet records it: the known facts first, then each action a second apart. */
function recordOf(sop: SopDefinition, scenario: Scenario) {
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
  const { snapshot, rejected } = replay(machineFor(sop), input, events);
  expect(rejected).toEqual([]);
  return examRecord(indexSop(sop), snapshot.context);
}
const scenario = (name: RegExp) => SCENARIOS['contrast-abdomen-ct']!.find((s) => name.test(s.name))!;

describe('the exam record head', () => {
  it('who performed it (filled in), each consult’s radiologist on its step, the contrast lot: once each', () => {
    const r = recordOf(contrastAbdomenCt, scenario(/^previous reaction/));
    expect(r.performedBy).toEqual({
      stepId: 'send',
      itemId: 'performedBy',
      kind: 'text',
      label: 'common.send.performedBy',
      value: 'Wang Li',
      recordField: 'performedBy',
      prefilled: true,
    });
    expect(r.consultRadiologists?.map((a) => [a.stepId, a.itemId, a.value])).toEqual([
      ['pregnancyConsult', 'pregnancyRadiologist', 'Dr Zhao'],
      ['reactionConsult', 'reactionRadiologist', 'Dr Zhao'],
      ['renalConsult', 'renalRadiologist', 'Dr Liu'],
    ]);
    expect(r.contrastLot).toMatchObject({ stepId: 'injection', value: 'L2409-17', label: 'common.contrast.lot' });
    expect(r.contrastLot).not.toHaveProperty('prefilled');
    const listed = r.answers.map((a) => a.itemId);
    for (const id of ['performedBy', 'pregnancyRadiologist', 'reactionRadiologist', 'renalRadiologist', 'contrastLot'])
      expect(listed).not.toContain(id);
    expect(r.bodyPart?.value).toBe('abdomen and pelvis');
  });

  it('answers taken from the new-exam form are marked; one changed by a tap is not', () => {
    const man = scenario(/^man of 72/);
    const r = recordOf(contrastAbdomenCt, man);
    const answer = (id: string) => r.answers.find((a) => a.itemId === id);
    expect(answer('ageOver60')).toMatchObject({ value: true, prefilled: true });
    expect(answer('pregnancy')).toMatchObject({ value: 'notApplicable', prefilled: true });
    expect(answer('priorReaction')).not.toHaveProperty('prefilled');
    const tap = { type: 'answer', itemId: 'ageOver60', value: true } as const; // on screening, after identity
    const retyped = { ...man, actions: [...man.actions.slice(0, 3), tap, ...man.actions.slice(3)] };
    expect(recordOf(contrastAbdomenCt, retyped).answers.find((a) => a.itemId === 'ageOver60')).not.toHaveProperty(
      'prefilled',
    );
  });

  it('a version-1 card has none of them, and its record keeps its shape', () => {
    const chest = SCENARIOS['chest-ct']!.find((s) => /^routine adult/.test(s.name))!;
    const v1 = { ...chest, actions: chest.actions.filter((a) => a.type !== 'answer' || a.itemId !== 'performedBy') };
    const r = recordOf(chestCtV1, v1);
    expect(Object.keys(r).sort()).toEqual(['answers', 'bodyPart', 'deviations']);
    expect(r.answers.filter((a) => 'prefilled' in a)).toEqual([]);
  });
});
