// Starting an exam on a scanner the QC flags: the override dialog, its reason, what is stored; and the
// scanner list from the equipment register.
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { openEvents, openRuns } from '../../../db/run-codec';
import { QUALITY_EVENT_TYPES } from '../../../domain/events/registry';
import NewRunPage from './NewRunPage';

const CHEST_CT = 'Chest CT (non-contrast) (v2)';
const example = (type: string) => QUALITY_EVENT_TYPES.find((e) => e.type === type)!.example;

async function open(kind = '') {
  const services = testServices();
  const view = renderWith(<NewRunPage />, services, `/new${kind}`);
  await screen.findByRole('heading', { level: 1 });
  return { services, view, user: userEvent.setup() };
}

async function fillExam(user: ReturnType<typeof userEvent.setup>, scanner: string) {
  await user.click(screen.getByRole('radio', { name: CHEST_CT }));
  await user.type(screen.getByLabelText('Patient ID *'), 'MRN-4711');
  await user.type(screen.getByLabelText('Age (years)'), '62');
  await user.click(await screen.findByRole('radio', { name: scanner }));
}

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('NewRunPage on a flagged scanner', { timeout: 15_000 }, () => {
  it('asks for an override reason; cancelling stores nothing; the reason is recorded with the run', async () => {
    const { services, view, user } = await open();
    await services.runs.recordEvent('qc.resultRecorded', example('qc.resultRecorded')); // CT 1: water +9 HU, action
    await fillExam(user, 'CT 1');
    expect((await screen.findByRole('status')).textContent).toContain('CT 1 is flagged (Last QC at action level)');
    await user.click(screen.getByRole('button', { name: /^Start/ }));

    const dialog = await screen.findByRole('dialog', { name: 'Start on flagged scanner CT 1?' });
    expect(dialog.textContent).toContain('Flagged: Last QC at action level.');
    const confirm = within(dialog).getByRole('button', { name: 'Start with override' });
    expect(confirm.hasAttribute('disabled')).toBe(true);
    await user.type(within(dialog).getByRole('textbox'), 'ok'); // too short
    expect(confirm.hasAttribute('disabled')).toBe(true);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await services.db.runs.count()).toBe(0);
    expect(await services.db.events.count()).toBe(1); // only the QC result

    await user.click(screen.getByRole('button', { name: /^Start/ }));
    const again = await screen.findByRole('dialog');
    await user.type(within(again).getByRole('textbox'), 'Stroke code, CT 2 occupied; physicist called');
    await user.click(within(again).getByRole('button', { name: 'Start with override' }));
    await waitFor(() => expect(view.location.history).toHaveLength(2));

    const [run] = await openRuns(services.vault, await services.db.runs.toArray());
    const raw = (await services.db.events.toArray()).find((e) => e.type === 'scanner.overrideRecorded');
    expect(JSON.stringify(raw)).not.toContain('Stroke code'); // sealed at rest
    const [override] = await openEvents(services.vault, [raw!]);
    expect(override?.payload).toMatchObject({
      scannerId: 'ct-1',
      runId: run!.id,
      flags: ['lastQcAction'],
      reason: 'Stroke code, CT 2 occupied; physicist called',
    });
  });

  it('an unflagged scanner starts without a dialog, and a QC run on a flagged one needs none', async () => {
    const { services, view, user } = await open();
    await services.runs.recordEvent('qc.resultRecorded', example('qc.resultRecorded'));
    await fillExam(user, 'CT 2');
    expect(screen.queryByRole('status')).toBeNull();
    await user.click(screen.getByRole('button', { name: /^Start/ }));
    await waitFor(() => expect(view.location.history).toHaveLength(2));
    expect(screen.queryByRole('dialog')).toBeNull();
    view.unmount();

    const qc = await open('?kind=qc');
    await qc.services.runs.recordEvent('qc.resultRecorded', example('qc.resultRecorded'));
    await qc.user.click(screen.getAllByRole('radio')[0]!);
    await qc.user.click(await screen.findByRole('radio', { name: 'CT 1' }));
    await qc.user.click(screen.getByRole('button', { name: /^Start/ }));
    await waitFor(() => expect(qc.view.location.history).toHaveLength(2));
    expect((await qc.services.db.events.toArray()).some((e) => e.type === 'scanner.overrideRecorded')).toBe(false);
  });

  it("offers the register's scanners once it has entries, else the built-in list", async () => {
    const { services } = await open();
    expect(within(screen.getByRole('group', { name: /Scanner/ })).getAllByRole('radio')).toHaveLength(3);
    const ct3 = example('equipment.registered');
    await services.db.directory.put({
      id: 'tester',
      username: 'tester',
      displayName: 'Admin',
      role: 'admin',
      active: true,
    });
    await services.runs.recordEvent('equipment.registered', ct3);
    await waitFor(() =>
      expect(
        within(screen.getByRole('group', { name: /Scanner/ }))
          .getAllByRole('radio')
          .map((r) => r.closest('label')!.textContent),
      ).toEqual(['CT 3']),
    );
  });
});
