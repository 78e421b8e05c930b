// The step card with the card format's run rules (contrast abdomen CT v2): answers the new-exam form
// already gave are filled in and say so; the cannula cannot be ticked until the observation ends.
import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRun, runCommand, type SopLookup } from '../../../db/runs.repo';
import { getRun } from '../../../db/runs.queries';
import type { RunCommand } from '../../../domain/run/run.types';
import { contrastAbdomenCt } from '../../../sops/contrast-abdomen-ct.sop';
import { step } from '../../../sops/scenario';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import RunPage from './RunPage';

const lookup: SopLookup = (id, v) =>
  id === contrastAbdomenCt.id && v === contrastAbdomenCt.version ? contrastAbdomenCt : undefined;
const commands = (...steps: ReturnType<typeof step>[]) => steps.flat() as RunCommand[];
const SCREENING = commands(step({ twoIdentifiers: true, requestMatches: true }));
const TO_CANNULA = commands(
  SCREENING,
  step({
    priorReaction: false,
    asthma: false,
    allergy: false,
    kidneyDisease: false,
    hypertension: false,
    diabetes: false,
    metformin: false,
  }),
  step({ egfrValue: 70 }),
  step({ cannulaGauge: 'g20', patencyChecked: true }),
  step({ supineArmsUp: true, centred: true }),
  step({ breathHoldPractised: true }),
  step({ contrastAgent: 'iohexol', contrastVolumeMl: 90, contrastLot: 'L1', airPurged: true, injectionDone: true }),
  step({ phase: 'portalVenous', scanDone: true }),
  step({ fullCoverage: true, enhancementAdequate: true, motionArtefact: false, reconstructions: true }),
  step({ bodyPartExamined: 'abdomen', imagesSent: true }),
  step({ reaction: false }),
);

async function openAt(before: readonly RunCommand[]) {
  const services = testServices();
  const actor = { user: 'tester', now: services.clock.now };
  const id = await createRun(
    services.db,
    services.vault,
    lookup,
    {
      kind: 'exam',
      sop: { id: contrastAbdomenCt.id, version: contrastAbdomenCt.version },
      priority: 'routine',
      scanner: 'CT 1',
      timerRules: services.timerRules,
      patient: { patientId: 'P-72', sex: 'male', language: 'en', ageYears: 72 },
    },
    actor,
    { ageYears: 72, sex: 'male', staffName: 'Wang Li' },
  );
  for (const c of before) await runCommand(services.db, services.vault, lookup, id, c, actor);
  renderWith(<RunPage id={id} />, services, `/run/${id}`);
  return { services, stored: async () => (await getRun(services.db, services.vault, id))!, user: userEvent.setup() };
}

const noteOf = (itemId: string) => document.querySelector(`[data-item="${itemId}"] [data-note]`)?.textContent;

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('RunPage with the card’s run rules', { timeout: 20_000 }, () => {
  it('shows answers the new-exam form gave as filled in, and says where they came from', async () => {
    await openAt(SCREENING);
    await screen.findByRole('heading', { level: 1, name: 'Contrast safety screening' });
    const over60 = screen.getByRole('group', { name: /Older than 60/ });
    expect(over60.querySelector<HTMLInputElement>('input[value="true"]')!.checked).toBe(true);
    expect(noteOf('ageOver60')).toBe('Filled in from the age on the new-exam form. Tap to change.');
    expect(noteOf('pregnancy')).toBe('Filled in from the sex on the new-exam form. Tap to change.');
    expect(noteOf('asthma')).toBeUndefined();
  });

  it('"Cannula removed" cannot be ticked while the observation runs, and can once it has ended', async () => {
    const { services, stored, user } = await openAt(TO_CANNULA);
    await screen.findByRole('heading', { level: 1, name: 'Remove the cannula' });
    const box = () => screen.getByRole('checkbox', { name: /Cannula removed/ });
    expect(box()).toHaveProperty('disabled', true);
    expect(noteOf('cannulaRemoved')).toBe('Can be ticked once “Contrast observation” has ended: 30:00 to go.');
    expect(screen.getByText(/^Cannula removed/, { selector: '.blockers' }).textContent).toContain(
      'once “Contrast observation” has ended (30:00 to go)',
    );
    services.clock.now += 30 * 60_000;
    await waitFor(() => expect(box()).toHaveProperty('disabled', false));
    expect(noteOf('cannulaRemoved')).toBeUndefined();
    await user.click(box());
    await waitFor(async () => expect((await stored()).state.context.answers.cannulaRemoved).toBe(true));
  });
});
