// The end of a scored practice run: the score against the scenario, pass or fail, a review row per
// step saying what went wrong, and the attempt recorded once as training (not again on a re-render).
import { configure, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import type { PracticeAttemptSummary } from '../../../domain/events/training.events';
import { validateScenario } from '../../../domain/training/scenario.validate';
import type { RunCommand } from '../../../domain/run/run.types';
import { BUILT_IN_SOPS } from '../../../sops/library';
import { SCENARIO_FILES } from '../../../sops/training';
import type { DemoMode } from '../../services';
import PracticeResult from './PracticeResult';
import { practiceRecorder, practiceSession } from './practice-session';
import { TrainerNote } from './TrainerNote';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 5000 });
});
afterEach(() => practiceSession.end());

const latest = (id: string) => BUILT_IN_SOPS.filter((s) => s.id === id).sort((a, b) => b.version - a.version)[0];
const file = SCENARIO_FILES.find((f) => f.file.includes('chest-ct-unsure-pregnancy'))!;
const checked = validateScenario(file.data, (id, v) =>
  v === undefined ? latest(id) : BUILT_IN_SOPS.find((s) => s.id === id && s.version === v),
);
if (!checked.ok) throw new Error('scenario does not fit its card');
const scenario = checked.scenario;
const sop = latest('chest-ct')!;

describe('practice result', { timeout: 20_000 }, () => {
  it('a refused Next and the "unsure" trap answered "no": failed, the screening row says why, recorded once', async () => {
    const recorded: [string, PracticeAttemptSummary][] = [];
    const services = testServices();
    const demo: DemoMode = {
      speed: 1,
      setSpeed: () => undefined,
      wipe: async () => undefined,
      StepNote: TrainerNote,
      practice: practiceRecorder,
      recordTraining: async (type, payload) => void recorded.push([type, payload as PracticeAttemptSummary]),
    };
    const t0 = services.clock.now;
    const runId = crypto.randomUUID();
    practiceSession.begin({ scenario, sop: { id: sop.id, version: sop.version }, runId, startedAt: t0 });
    const move = (s: number, stepId: string, command: RunCommand, accepted = true, missing?: string[]) =>
      practiceRecorder.record(runId, { at: t0 + s * 1000, stepId, command, accepted, ...(missing && { missing }) });
    move(5, 'identity', { type: 'answer', itemId: 'twoIdentifiers', value: true });
    move(8, 'identity', { type: 'answer', itemId: 'requestMatches', value: true });
    move(10, 'identity', { type: 'next' });
    move(15, 'screening', { type: 'next' }, false, ['pregnancy']); // refused: pregnancy not answered
    move(20, 'screening', { type: 'answer', itemId: 'pregnancy', value: 'no' }); // the trap: she said "not sure"
    move(25, 'screening', { type: 'next' });
    services.clock.now = t0 + 40_000;

    const view = renderWith(<PracticeResult />, { ...services, demo }, '/demo/practice/result');
    const banner = await screen.findByText(/Not passed: \d+ of 100 \(pass mark 80\)/);
    expect(Number(banner.getAttribute('data-score'))).toBeLessThan(80);
    const identity = document.querySelector('[data-review-step="identity"]')!;
    expect(identity.getAttribute('data-verdict')).toBe('ok');
    const screening = document.querySelector('[data-review-step="screening"]')!;
    expect(screening.getAttribute('data-verdict')).toBe('error');
    expect(screening.textContent).toContain('1 move the card refused');
    expect(screening.textContent).toContain('Could the patient be pregnant? — expected “Unsure”, answered “No”');
    expect(screening.textContent).toContain("Fell for the scenario's trap on this step");

    await waitFor(() => expect(recorded).toHaveLength(1));
    const [type, summary] = recorded[0]!;
    expect(type).toBe('training.attempt');
    expect(summary).toMatchObject({
      trainee: 'tester',
      scenarioId: 'chest-ct-unsure-pregnancy',
      sop: { id: 'chest-ct', version: sop.version },
      passed: false,
      startedAt: t0,
      finishedAt: t0 + 40_000,
    });
    expect(summary.steps.find((s) => s.stepId === 'screening')).toMatchObject({ refused: 1, verdict: 'error' });

    // Shown again (a re-render, a later visit): the same score, not a second attempt.
    view.unmount();
    renderWith(<PracticeResult />, { ...services, demo }, '/demo/practice/result');
    await screen.findByText(/Not passed/);
    await new Promise((r) => setTimeout(r, 200));
    expect(recorded).toHaveLength(1);
  });
});
