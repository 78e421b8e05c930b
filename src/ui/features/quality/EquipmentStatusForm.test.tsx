// Changing a scanner's status: every missing field is named and nothing is stored; a scanner whose
// acceptance test has not passed is refused "in service" with the register's reason; a change is
// stored with its reason and shows in the scanner's history with who made it.
import { configure, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { openEvents } from '../../../db/run-codec';
import QualityPage from './QualityPage';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

async function openAsAdmin() {
  const account = testAccount({ displayName: 'Ada Admin', role: 'admin' });
  const services = testServices({ account });
  await services.runs.recordEvent('equipment.registered', {
    scannerId: 'ct-3',
    name: 'CT 3',
    modality: 'CT',
    room: 'Room 1.14',
    vendor: 'Siemens Healthineers',
    model: 'SOMATOM go.Top',
    serial: '108734',
    commissionedOn: '2026-11-02',
  });
  renderWith(<QualityPage />, services, '/quality');
  await screen.findByRole('heading', { name: 'Scanners and QC schedule' });
  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: 'Equipment register' }));
  await screen.findByRole('heading', { name: "Change a scanner's status" });
  return { services, user };
}

const stored = async (s: Awaited<ReturnType<typeof openAsAdmin>>['services']) =>
  (await openEvents(s.vault, await s.db.events.toArray())).filter((e) => e.type === 'equipment.statusSet');

describe('equipment status form', { timeout: 20_000 }, () => {
  it('names what is missing, refuses in service before the acceptance test, and stores nothing', async () => {
    const { services, user } = await openAsAdmin();
    await user.click(screen.getByRole('button', { name: 'Change status' }));
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent)).toEqual([
      'Scanner: choose a scanner',
      'New status: choose a status',
      'Reason: give the reason (at least 3 characters)',
    ]);
    await user.selectOptions(screen.getByLabelText(/^Scanner \*/), 'ct-3');
    expect(screen.getByText(/^Now: Out of service \(awaiting acceptance test\)/)).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'In service' }));
    await user.type(screen.getByLabelText(/^Reason \*/), 'Vendor handed over');
    await user.click(screen.getByRole('button', { name: 'Change status' }));
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent)).toEqual([
      'New status: not in service before its acceptance test is completed and passed',
    ]);
    expect(await stored(services)).toEqual([]);
  });

  it('stores a change with its reason and lists it in the history with who and when', async () => {
    const { services, user } = await openAsAdmin();
    await user.selectOptions(screen.getByLabelText(/^Scanner \*/), 'ct-1');
    await user.click(screen.getByRole('radio', { name: 'Restricted' }));
    await user.type(screen.getByLabelText(/^Reason \*/), 'Table motor noisy: no bariatric patients');
    await user.click(screen.getByRole('button', { name: 'Change status' }));
    await screen.findByText('CT 1 is now Restricted.');
    expect((await stored(services)).map((e) => e.payload)).toEqual([
      { scannerId: 'ct-1', status: 'restricted', reason: 'Table motor noisy: no bariatric patients' },
    ]);
    const history = await screen.findByRole('region', { name: 'Status history' });
    expect(within(history).getByRole('listitem').textContent).toMatch(
      /Restricted · Ada Admin: Table motor noisy: no bariatric patients$/,
    );
    expect(screen.getByText(/^Now: Restricted/)).toBeTruthy();
  });
});
