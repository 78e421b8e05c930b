// The step card on a real (fake-indexeddb) database: what the technologist sees and what is stored.
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRun, runCommand, type SopLookup } from '../../../db/runs.repo';
import { getRun } from '../../../db/runs.queries';
import type { NewRunHeader } from '../../../domain/run/run.header';
import type { RunCommand, RunPriority } from '../../../domain/run/run.types';
import { chestCtV1 as chestCt } from '../../../sops/published';
import { step, type ScenarioAction } from '../../../sops/scenario';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import RunPage from './RunPage';

const lookup: SopLookup = (id, v) => (id === chestCt.id && v === chestCt.version ? chestCt : undefined);
const commands = (...steps: ScenarioAction[][]) => steps.flat().filter((a): a is RunCommand => a.type !== 'wait');
const IDENTITY = commands(step({ twoIdentifiers: true, requestMatches: true }));
const SCREENED = commands(IDENTITY, step({ pregnancy: 'no' }));
const TO_SCAN = commands(
  SCREENED,
  step({ metalRemoved: true, procedureExplained: true }),
  step({ supineArmsUp: true, centred: true }),
  step({ breathHoldPractised: true }),
);

async function openRun(priority: RunPriority = 'routine', before: readonly RunCommand[] = []) {
  const services = testServices();
  const header: NewRunHeader = {
    kind: 'exam',
    sop: { id: 'chest-ct', version: 1 },
    priority,
    scanner: 'CT 1',
    timerRules: services.timerRules,
    patient: { patientId: 'P-77', sex: 'female', language: 'en', ageYears: 34 },
  };
  const id = await createRun(services.db, services.vault, lookup, header, { user: 'tester', now: services.clock.now });
  for (const c of before)
    await runCommand(services.db, services.vault, lookup, id, c, { user: 'tester', now: services.clock.now });
  const view = renderWith(<RunPage id={id} />, services, `/run/${id}`);
  const stored = async () => (await getRun(services.db, services.vault, id))!;
  return { services, id, view, stored, user: userEvent.setup() };
}

const heading = () => screen.findByRole('heading', { level: 1 });
const nextButton = () => screen.getByRole('button', { name: /^Next/ });

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 }); // a loaded CI machine can take over 1 s for a write + live query
});

afterEach(async () => {
  if (i18next.language !== 'en') await i18next.changeLanguage('en');
});

describe('RunPage', { timeout: 15_000 }, () => {
  it('shows the current step title as the large heading, Next disabled with what is still needed', async () => {
    await openRun();
    expect(await heading()).toHaveProperty('textContent', 'Patient identity');
    expect(nextButton()).toHaveProperty('disabled', true);
    expect(screen.getByText(/^Still needed:/).textContent).toBe(
      'Still needed: Two identifiers match (full name + date of birth or ID band); Exam request matches patient, exam and body part',
    );
  });

  it('ticking the required checks enables Next, and Next shows the next step', async () => {
    const { user, stored } = await openRun();
    await heading();
    await user.click(screen.getByRole('checkbox', { name: /Two identifiers match/ }));
    await waitFor(() =>
      expect(screen.getByRole('checkbox', { name: /Two identifiers match/ })).toHaveProperty('checked', true),
    );
    expect(screen.getByText(/^Still needed:/).textContent).toBe(
      'Still needed: Exam request matches patient, exam and body part',
    );
    expect(nextButton()).toHaveProperty('disabled', true);
    await user.click(screen.getByRole('checkbox', { name: /Exam request matches/ }));
    await waitFor(() => expect(nextButton()).toHaveProperty('disabled', false));
    expect(screen.queryByText(/^Still needed:/)).toBeNull();
    await user.click(nextButton());
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Safety screening'));
    expect((await stored()).state.context.answers).toEqual({ twoIdentifiers: true, requestMatches: true });
  });

  it('pregnancy "Unsure" on screening leads to the radiologist consult', async () => {
    const { user, stored } = await openRun('routine', IDENTITY);
    expect((await heading()).textContent).toBe('Safety screening');
    await user.click(screen.getByRole('radio', { name: 'Unsure' }));
    await waitFor(() => expect(screen.getByRole('radio', { name: 'Unsure' })).toHaveProperty('checked', true));
    await user.click(nextButton());
    await waitFor(() =>
      expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Radiologist consult: pregnancy'),
    );
    expect((await stored()).state.context.answers.pregnancy).toBe('unsure');
  });

  it('skipping a step asks for a reason of at least 3 characters', async () => {
    const { user, stored } = await openRun('routine', SCREENED);
    expect((await heading()).textContent).toBe('Preparation');
    await user.click(screen.getByRole('button', { name: 'Skip step' }));
    const dialog = await screen.findByRole('dialog', { name: 'Skip this step?' });
    const confirm = within(dialog).getByRole('button', { name: 'Skip step' });
    expect(confirm).toHaveProperty('disabled', true);
    await user.type(within(dialog).getByRole('textbox'), 'ab');
    expect(confirm).toHaveProperty('disabled', true);
    expect(within(dialog).getByText('Type at least 3 characters.')).toBeTruthy();
    await user.type(within(dialog).getByRole('textbox'), 'c');
    expect(confirm).toHaveProperty('disabled', false);
    await user.clear(within(dialog).getByRole('textbox'));
    await user.type(within(dialog).getByRole('textbox'), 'patient in pain');
    await user.click(confirm);
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Positioning'));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect((await stored()).state.context.skips).toMatchObject([{ stepId: 'preparation', reason: 'patient in pain' }]);
    // The step list says it in words (screen readers too), not only with a strike-through.
    const steps = screen.getByRole('list', { name: 'Progress through the card' });
    expect(within(steps).getByText('Preparation').closest('li')!.textContent).toContain('skipped: patient in pain');
  });

  // Issue 17 usability 7: "Cancel" next to "Cancel exam" in one dialog left the technologist guessing.
  it('the cancel dialog offers "Cancel exam" and "Keep going", never a bare "Cancel"', async () => {
    const { user, stored } = await openRun();
    await heading();
    await user.click(screen.getByRole('button', { name: 'Cancel exam' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel this exam?' });
    const labels = within(dialog)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(labels.sort()).toEqual(['Cancel exam', 'Keep going']);
    await user.click(within(dialog).getByRole('button', { name: 'Keep going' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect((await stored()).status).toBe('active');
  });

  it('the step list shows the route taken: a branch already passed is "not needed", not left unticked', async () => {
    await openRun('routine', SCREENED);
    await heading();
    const item = (title: string) =>
      within(screen.getByRole('list', { name: 'Progress through the card' }))
        .getByText(title)
        .closest('li')!;
    expect(item('Radiologist consult: pregnancy').textContent).toContain('not needed');
    expect(item('Safety screening').textContent).toContain('done');
    expect(item('Preparation').getAttribute('aria-current')).toBe('step');
  });

  it('the emergency fast path from screening is logged and lands on positioning', async () => {
    const { user, stored } = await openRun('emergency', IDENTITY);
    expect((await heading()).textContent).toBe('Safety screening');
    await user.click(screen.getByRole('button', { name: /Emergency fast path/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Emergency fast path' });
    await user.type(within(dialog).getByRole('textbox'), 'trauma, unstable');
    await user.click(within(dialog).getByRole('button', { name: 'Emergency fast path' }));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Positioning'));
    const ctx = (await stored()).state.context;
    expect(ctx.fastPaths).toMatchObject([
      { fromStep: 'screening', to: 'positioning', skipped: ['screening', 'preparation'], reason: 'trauma, unstable' },
    ]);
  });

  it('after a reload the same step and answers show', async () => {
    const { user, view, services, id } = await openRun('routine', IDENTITY);
    await heading();
    const group = () => screen.getByRole('group', { name: /Could the patient be pregnant/ });
    await user.click(within(group()).getByRole('radio', { name: 'No' }));
    await waitFor(() => expect(within(group()).getByRole('radio', { name: 'No' })).toHaveProperty('checked', true));
    view.unmount();
    expect(screen.queryByRole('heading', { level: 1 })).toBeNull();
    renderWith(<RunPage id={id} />, services, `/run/${id}`);
    expect((await heading()).textContent).toBe('Safety screening');
    expect(within(group()).getByRole('radio', { name: 'No' })).toHaveProperty('checked', true);
    expect(within(group()).getByRole('radio', { name: 'Unsure' })).toHaveProperty('checked', false);
    expect(screen.getByRole('list', { name: 'Progress through the card' }).textContent).toContain(
      '✓Patient identitydone',
    );
  });

  it('shows Chinese step titles in Chinese', async () => {
    await initTestI18n('zh-CN');
    await openRun();
    expect((await heading()).textContent).toBe('患者身份核对');
    expect(screen.getByText(/胸部 CT（平扫）/)).toBeTruthy();
  });

  it('a number outside its range shows an error and is not stored', async () => {
    const { user, stored } = await openRun('routine', TO_SCAN);
    expect((await heading()).textContent).toBe('Scan');
    expect(screen.getByText(/^Pass:/).textContent).toBe('Pass: ≤ 700 mGy·cm'); // not "… – 700"
    const dlp = screen.getByLabelText('Dose-length product (DLP)');
    await user.type(dlp, '6000');
    await user.tab();
    expect((await screen.findByRole('alert')).textContent).toBe('Not saved: enter a number from 0 to 5000 mGy·cm.');
    expect(dlp.getAttribute('aria-invalid')).toBe('true');
    expect((await stored()).state.context.answers).not.toHaveProperty('dlp');
    await user.clear(dlp);
    await user.type(dlp, '320');
    await user.tab();
    await waitFor(async () => expect((await stored()).state.context.answers.dlp).toBe(320));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('the emergency response badge counts down from the clock and is due after 5 minutes', async () => {
    const { services } = await openRun('emergency');
    await heading();
    const badge = () => screen.getByRole('timer');
    expect(badge().getAttribute('data-timer')).toBe('emergencyResponse');
    expect(badge().textContent).toBe('Emergency response5:00');
    expect(badge().hasAttribute('data-due')).toBe(false);
    expect(badge().getAttribute('data-level')).toBe('soon'); // never the calm colour of a routine timer
    services.clock.now += 90_000;
    await waitFor(() => expect(badge().textContent).toBe('Emergency response3:30'));
    services.clock.now += 3.5 * 60_000 + 12_000;
    await waitFor(() => expect(badge().getAttribute('data-due')).toBe('true'));
    expect(badge().textContent).toBe('Emergency responseoverdue 0:12');
  });
});
