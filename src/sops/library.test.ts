import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  machineFor,
  startRun,
  runStatusOf,
  persistRunState,
  type RunSnapshot,
} from '../domain/run/run.engine';
import { possibleTargets } from '../domain/sop/sop.index';
import { formatSopErrors, validateSop } from '../domain/sop/sop.validate';
import { DEFAULT_TIMER_RULES } from '../domain/timers/timers';
import en from '../../locales/en/sop.json';
import zh from '../../locales/zh-CN/sop.json';
import { BUILT_IN_SOPS, CURRENT_SOPS } from './library';
import { SCENARIOS } from './library.scenarios';
import type { Scenario } from './scenario';

const T0 = Date.UTC(2026, 10, 23, 8, 0);

function play(sopId: string, scenario: Scenario): RunSnapshot {
  const sop = CURRENT_SOPS.find((s) => s.id === sopId)!;
  const machine = machineFor(sop);
  let now = T0;
  let snap = startRun(machine, {
    kind: sop.kind,
    priority: scenario.priority ?? 'routine',
    arrivedAt: now,
    hasPatientId: sop.kind === 'exam',
    timerRules: DEFAULT_TIMER_RULES,
  });
  // As the tablet does: the known facts are the run's first command.
  const known = applyEvent(machine, snap, {
    type: 'known',
    facts: { staffName: 'Wang Li', ...scenario.facts },
    at: now,
  });
  if (!known.accepted) throw new Error(`${scenario.name}: known facts refused`);
  snap = known.snapshot;
  scenario.actions.forEach((action, i) => {
    now += 1000;
    if (action.type === 'wait') return void (now += action.ms);
    const r = applyEvent(machine, snap, { ...action, at: now });
    if (!r.accepted)
      throw new Error(
        `${scenario.name}: action #${i} ${JSON.stringify(action)} refused at step "${String(snap.value)}"`,
      );
    snap = r.snapshot;
  });
  return snap;
}

describe.each(BUILT_IN_SOPS.map((s) => [`${s.id} v${s.version}`, s] as const))('built-in SOP %s', (_, sop) => {
  // Earlier versions too: a run pinned to one is still shown, so its texts must stay in the locales.
  it('is valid, and every text key has English and Chinese text', () => {
    const en_ = validateSop(sop, { hasText: (k) => k in en });
    expect(en_.ok ? '' : formatSopErrors(en_.errors)).toBe('');
    const zh_ = validateSop(sop, { hasText: (k) => k in zh });
    expect(zh_.ok ? '' : formatSopErrors(zh_.errors)).toBe('');
  });
});

describe('the library', () => {
  it('holds each card once per version, and the current one is the newest', () => {
    const keys = BUILT_IN_SOPS.map((s) => `${s.id}@${s.version}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    for (const current of CURRENT_SOPS)
      expect(Math.max(...BUILT_IN_SOPS.filter((s) => s.id === current.id).map((s) => s.version)), current.id).toBe(
        current.version,
      );
  });
});

describe.each(CURRENT_SOPS.map((s) => [s.id, s] as const))('current SOP %s', (id, sop) => {
  const scenarios = SCENARIOS[id] ?? [];
  it('has scenarios', () => expect(scenarios.length).toBeGreaterThan(0));

  it.each(scenarios.map((s) => [s.name, s] as const))('scenario: %s', (_, scenario) => {
    const snap = play(id, scenario);
    expect(snap.context.path).toEqual(scenario.expectPath);
    expect(runStatusOf(persistRunState(snap))).toBe(scenario.expectStatus);
  });

  it('scenarios walk every branch (every step-to-step edge)', () => {
    const edges = new Set(sop.steps.flatMap((s) => possibleTargets(s).map((t) => `${s.id}→${t}`)));
    for (const scenario of scenarios) {
      const snap = play(id, scenario);
      const visited = snap.context.visits.filter((v) => v.how === 'next');
      for (const v of visited) {
        const i = snap.context.visits.indexOf(v);
        edges.delete(`${v.stepId}→${snap.context.visits[i + 1]?.stepId ?? 'complete'}`);
      }
    }
    expect([...edges]).toEqual([]);
  });
});
