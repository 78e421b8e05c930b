// The start warning on the new-run form: a technologist without a valid sign-off is warned (or, where
// the site says so, blocked), and Start waits until the check is known. The training records are
// held back at first, as on a busy tablet, so a fast tap cannot start a card the site blocks.
import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import type * as trainingRepo from '../../../db/training.repo';
import NewRunPage from './NewRunPage';

// A gate in front of the training records: released by the test (everything else is real).
let release: () => void = () => undefined;
let gate: Promise<void> = Promise.resolve();
vi.mock('../../../db/training.repo', async (original) => {
  const real = await original<typeof trainingRepo>();
  return {
    ...real,
    openTraining: async (...args: Parameters<typeof real.openTraining>) => {
      await gate;
      return real.openTraining(...args);
    },
  };
});

const CHEST_CT = 'Chest CT (non-contrast) (v2)';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 5000 });
});
beforeEach(() => {
  gate = new Promise((r) => (release = r));
});

async function fillAndStart(blockUnsignedCards: boolean) {
  const services = testServices({ account: testAccount({ role: 'technologist' }), site: { blockUnsignedCards } });
  const view = renderWith(<NewRunPage />, services, '/new');
  const user = userEvent.setup();
  await user.click(await screen.findByRole('radio', { name: CHEST_CT }));
  await user.type(screen.getByLabelText('Patient ID *'), 'MRN-4711');
  await user.type(screen.getByLabelText('Age (years)'), '62');
  await user.click(screen.getByRole('radio', { name: 'CT 2' }));
  await user.click(screen.getByRole('button', { name: /^Start/ })); // before the check is known
  return { services, view, user };
}

const competencyAudits = async (services: ReturnType<typeof testServices>) =>
  (await services.db.events.toArray()).filter(
    (e) => e.type === 'audit.entry' && (e.payload as { action?: string }).action === 'competency.warned',
  );

describe('start warning (sign-off check)', { timeout: 20_000 }, () => {
  it('blocked site: a tap before the check is known does not start the card; once known, it is blocked', async () => {
    const { services, view, user } = await fillAndStart(true);
    await new Promise((r) => setTimeout(r, 500));
    release();
    expect((await screen.findByText(/You are not signed off on this card/)).textContent).toMatch(/does not allow/);
    await new Promise((r) => setTimeout(r, 500)); // time for a start the early tap began to land
    expect(await services.db.runs.count()).toBe(0);
    expect(view.location.history).toEqual(['/new']);
    await user.click(screen.getByRole('button', { name: /^Start/ }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(await services.db.runs.count()).toBe(0);
    expect(view.location.history).toEqual(['/new']);
    expect(await competencyAudits(services)).toHaveLength(1);
  });

  it('warn-only site: the early tap waits; once known the warning shows and the start is recorded', async () => {
    const { services, view, user } = await fillAndStart(false);
    await new Promise((r) => setTimeout(r, 500));
    release();
    expect((await screen.findByText(/You are not signed off on this card/)).textContent).toMatch(/You may start/);
    await new Promise((r) => setTimeout(r, 500));
    expect(await services.db.runs.count()).toBe(0); // the warning is seen before anything starts
    expect(view.location.history).toEqual(['/new']);
    await user.click(screen.getByRole('button', { name: /^Start/ }));
    await waitFor(() => expect(view.location.history).toHaveLength(2));
    expect(await services.db.runs.count()).toBe(1);
    expect(await competencyAudits(services)).toHaveLength(1);
  });

  it('a valid sign-off: no warning, no audit, the run starts', async () => {
    release();
    const services = testServices({
      account: testAccount({ role: 'technologist' }),
      site: { blockUnsignedCards: true },
    });
    await services.runs.recordEvent('training.signOff', {
      signOffId: crypto.randomUUID(),
      trainee: services.user,
      assessor: 'trainer-1',
      sop: { id: 'chest-ct', version: 2 },
      method: 'observed',
      assessedOn: '2026-06-01',
      device: 'CT 2',
      result: 'competent',
      attempt: 1,
      revalidateBy: '2029-06-01',
    });
    const view = renderWith(<NewRunPage />, services, '/new');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('radio', { name: CHEST_CT }));
    await user.type(screen.getByLabelText('Patient ID *'), 'MRN-4711');
    await user.type(screen.getByLabelText('Age (years)'), '62');
    await user.click(screen.getByRole('radio', { name: 'CT 2' }));
    await waitFor(() => expect(screen.getByRole('button', { name: /^Start/ })).toHaveProperty('disabled', false));
    await user.click(screen.getByRole('button', { name: /^Start/ }));
    await waitFor(() => expect(view.location.history).toHaveLength(2));
    expect(document.querySelector('[data-competency-warning]')).toBeNull();
    expect(await competencyAudits(services)).toHaveLength(0);
  });
});
