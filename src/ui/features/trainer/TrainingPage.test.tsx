// The training records screen: the sign-off form (required fields named, nothing stored half-filled,
// the assessor is the signed-in trainer) and the sign-off lists per person and per card; a
// technologist sees only their own record and no form.
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import type { Role } from '../../../domain/auth/roles';
import type { SignOff } from '../../../domain/training/competency';
import { BUILT_IN_SOPS } from '../../../sops/library';
import TrainingPage from './TrainingPage';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 5000 });
});

const chestCt = BUILT_IN_SOPS.filter((s) => s.id === 'chest-ct').sort((a, b) => b.version - a.version)[0]!;
const signOffs = async (services: ReturnType<typeof testServices>) =>
  (await services.db.events.toArray()).filter((e) => e.type === 'training.signOff');

async function open(role: Role, user = 'u-trainer') {
  const services = testServices({ user, account: testAccount({ role, displayName: 'Trainer Tan' }) });
  const person = (id: string, displayName: string, r: Role) =>
    services.db.directory.put({ id, username: id, displayName, role: r, active: true });
  await person('u-trainer', 'Trainer Tan', 'trainer');
  await person('u-wang', 'Wang Li', 'technologist');
  await person('u-chen', 'Chen Jing', 'technologist');
  return { services, user: userEvent.setup() };
}

describe('training records screen', { timeout: 30_000 }, () => {
  it('a half-filled sign-off names every missing field and stores nothing; a full one is stored as the trainer', async () => {
    const { services, user } = await open('trainer');
    renderWith(<TrainingPage />, services, '/training');
    const form = within(await screen.findByRole('form', { name: 'Competency sign-off' }));
    await user.click(form.getByRole('button', { name: 'Sign off' }));
    const alert = await screen.findByRole('alert');
    expect([...alert.querySelectorAll('li')].map((l) => l.textContent)).toEqual([
      'Trainee: choose the person assessed',
      'Card: choose the card and version assessed',
      'Device: name the scanner or tablet used',
    ]);
    // Trainee and card, still no device: still nothing stored.
    await user.selectOptions(form.getByRole('combobox', { name: 'Trainee' }), 'Wang Li');
    await user.selectOptions(
      form.getByRole('combobox', { name: 'Card and version' }),
      `${chestCt.id}@${chestCt.version}`,
    );
    await user.click(form.getByRole('button', { name: 'Sign off' }));
    await waitFor(() =>
      expect([...screen.getByRole('alert').querySelectorAll('li')].map((l) => l.textContent)).toEqual([
        'Device: name the scanner or tablet used',
      ]),
    );
    expect(await signOffs(services)).toHaveLength(0);

    // The trainer cannot sign themselves off: they are not offered as a trainee.
    expect(form.queryByRole('option', { name: 'Trainer Tan' })).toBeNull();
    await user.type(form.getByRole('textbox', { name: 'Scanner or tablet used' }), 'CT 1 console');
    await user.selectOptions(form.getByRole('combobox', { name: 'Method' }), 'observed');
    await user.click(form.getByRole('button', { name: 'Sign off' }));
    expect(await screen.findByText('Sign-off recorded; it syncs with the next connection.')).toBeTruthy();
    const stored = await signOffs(services);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ user: 'u-trainer', streamId: 'training:u-wang' });
    expect(stored[0]!.payload).toMatchObject({
      trainee: 'u-wang',
      assessor: 'u-trainer',
      sop: { id: 'chest-ct', version: chestCt.version },
      method: 'observed',
      assessedOn: '2026-11-23',
      revalidateBy: '2029-11-23',
      device: 'CT 1 console',
      result: 'competent',
      attempt: 1,
    } satisfies Partial<SignOff>);

    // Listed per person, then per card.
    const wang = await waitFor(() => {
      const el = document.querySelector('[data-group="u-wang"]');
      if (!el) throw new Error('not listed yet');
      return el as HTMLElement;
    });
    expect(within(wang).getByRole('heading', { name: 'Wang Li' })).toBeTruthy();
    expect(wang.querySelector('[data-standing="valid"][data-sop="chest-ct"]')).not.toBeNull();
    await user.click(screen.getByRole('button', { name: 'Per card' }));
    const card = document.querySelector('[data-group="chest-ct"]') as HTMLElement;
    expect(card.querySelector('[data-trainee="u-wang"]')?.textContent).toMatch(/Wang Li.*signed off/);
    expect(card.textContent).toMatch(/assessed 2026-11-23 by Trainer Tan · re-validate by 2029-11-23/);
  });

  it('the re-validation date follows the assessment date until edited, and must come after it', async () => {
    const { services, user } = await open('trainer');
    renderWith(<TrainingPage />, services, '/training');
    const form = within(await screen.findByRole('form', { name: 'Competency sign-off' }));
    const assessed = form.getByLabelText('Date of assessment');
    const revalidate = form.getByLabelText('Re-validate by (default 3 years)') as HTMLInputElement;
    await user.clear(assessed);
    await user.type(assessed, '2026-02-01');
    expect(revalidate.value).toBe('2029-02-01');
    await user.clear(revalidate);
    await user.type(revalidate, '2026-01-01');
    await user.selectOptions(form.getByRole('combobox', { name: 'Trainee' }), 'Chen Jing');
    await user.selectOptions(
      form.getByRole('combobox', { name: 'Card and version' }),
      `${chestCt.id}@${chestCt.version}`,
    );
    await user.type(form.getByRole('textbox', { name: 'Scanner or tablet used' }), 'CT 2');
    await user.click(form.getByRole('button', { name: 'Sign off' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Re-validate by: must be after the date of assessment');
    expect(await signOffs(services)).toHaveLength(0);
  });

  it('warns when "competent" rests on a practice attempt that did not pass, and still lets the trainer sign', async () => {
    const { services, user } = await open('trainer');
    const attemptId = crypto.randomUUID();
    await services.runs.recordEvent('training.attempt', {
      attemptId,
      trainee: 'u-wang',
      scenarioId: 'chest-ct-unsure-pregnancy',
      sop: { id: 'chest-ct', version: chestCt.version },
      score: 35,
      passed: false,
      startedAt: services.clock.now - 300_000,
      finishedAt: services.clock.now - 60_000,
      steps: [{ stepId: 'screening', seconds: 20, refused: 0, missed: 0, wrong: 1, verdict: 'error' }],
    });
    renderWith(<TrainingPage />, services, '/training');
    const form = within(await screen.findByRole('form', { name: 'Competency sign-off' }));
    await form.findByRole('option', { name: 'Wang Li' });
    await user.selectOptions(form.getByRole('combobox', { name: 'Trainee' }), 'Wang Li');
    await user.selectOptions(
      form.getByRole('combobox', { name: 'Card and version' }),
      `${chestCt.id}@${chestCt.version}`,
    );
    expect(document.querySelector('[data-failed-practice]')).toBeNull();
    const practice = form.getByRole('combobox', { name: 'Practice attempt it rests on (optional)' });
    await waitFor(() => expect(within(practice).getByRole('option', { name: /35\/100 ✗/ })).toBeTruthy());
    await user.selectOptions(practice, attemptId);
    expect(document.querySelector('[data-failed-practice]')?.textContent).toMatch(/did not pass \(35 of 100\)/);
    // "Not yet competent" on the same attempt needs no warning.
    await user.selectOptions(form.getByRole('combobox', { name: 'Result' }), 'notYet');
    expect(document.querySelector('[data-failed-practice]')).toBeNull();
    await user.selectOptions(form.getByRole('combobox', { name: 'Result' }), 'competent');
    await user.type(form.getByRole('textbox', { name: 'Scanner or tablet used' }), 'CT 1 console');
    await user.click(form.getByRole('button', { name: 'Sign off' }));
    expect(await screen.findByText('Sign-off recorded; it syncs with the next connection.')).toBeTruthy();
    expect((await signOffs(services))[0]!.payload).toMatchObject({ practiceAttemptId: attemptId, result: 'competent' });
  });

  it('a technologist sees their own sign-offs only, and no form', async () => {
    const { services } = await open('technologist', 'u-wang');
    const record = (trainee: string) =>
      services.runs.recordEvent('training.signOff', {
        signOffId: crypto.randomUUID(),
        trainee,
        assessor: 'u-trainer',
        sop: { id: 'chest-ct', version: chestCt.version },
        method: 'simulated',
        assessedOn: '2026-10-01',
        device: 'CT 1',
        result: 'competent',
        attempt: 1,
        revalidateBy: '2029-10-01',
      } satisfies SignOff);
    await record('u-wang');
    await record('u-chen');
    renderWith(<TrainingPage />, services, '/training');
    expect(await screen.findByRole('heading', { name: 'My sign-offs' })).toBeTruthy();
    await waitFor(() => expect(document.querySelectorAll('[data-standing]')).toHaveLength(1));
    expect(document.querySelector('[data-trainee="u-wang"]')).not.toBeNull();
    expect(screen.queryByRole('form', { name: 'Competency sign-off' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Per card' })).toBeNull();
  });
});
