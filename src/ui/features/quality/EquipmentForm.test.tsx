// Registering a scanner: only administrators see the form; every missing or bad field is named and
// nothing is stored; a registered scanner is out of service until its acceptance test passes.
import { configure, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import type { Role } from '../../../domain/auth/roles';
import { openEvents } from '../../../db/run-codec';
import QualityPage from './QualityPage';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

async function open(role: Role) {
  const account = testAccount({ displayName: 'Test', role });
  const services = testServices({ account });
  renderWith(<QualityPage />, services, '/quality');
  await screen.findByRole('heading', { name: 'Scanners and QC schedule' });
  return { services, user: userEvent.setup() };
}

describe('equipment register form', { timeout: 20_000 }, () => {
  it('is not offered to a technologist', async () => {
    await open('technologist');
    expect(screen.queryByRole('button', { name: 'Equipment register' })).toBeNull();
  });

  it('names every missing and bad field, stores nothing, then registers the scanner out of service', async () => {
    const { services, user } = await open('admin');
    await user.click(screen.getByRole('button', { name: 'Equipment register' }));
    await user.type(screen.getByLabelText(/^Scanner ID/), 'CT 3');
    await user.click(screen.getByRole('button', { name: 'Register scanner' }));
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent)).toEqual([
      'Modality: choose CT or MR',
      'Scanner ID: must be lower-case letters, digits and dashes, starting with a letter',
      'Name: must not be empty',
      'Room: must not be empty',
      'Vendor: must not be empty',
      'Model: must not be empty',
      'Serial number: must not be empty',
      'Commissioning date: must be a date (YYYY-MM-DD)',
    ]);
    expect(await services.db.events.count()).toBe(0);

    await user.click(screen.getByRole('radio', { name: 'CT' }));
    await user.clear(screen.getByLabelText(/^Scanner ID/));
    await user.type(screen.getByLabelText(/^Scanner ID/), 'ct-3');
    const typed: [RegExp, string][] = [
      [/^Name/, 'CT 3'],
      [/^Room/, 'Room 1.14'],
      [/^Vendor/, 'Siemens Healthineers'],
      [/^Model/, 'SOMATOM go.Top'],
      [/^Serial number/, '108734'],
      [/^Commissioning date/, '2026-11-02'],
    ];
    for (const [label, value] of typed) await user.type(screen.getByLabelText(label), value);
    await user.click(screen.getByRole('button', { name: 'Register scanner' }));
    await screen.findByText('CT 3 registered: out of service until its acceptance test passes.');
    const [e] = await openEvents(services.vault, await services.db.events.toArray());
    expect(e).toMatchObject({
      type: 'equipment.registered',
      payload: { scannerId: 'ct-3', name: 'CT 3', modality: 'CT', serial: '108734', commissionedOn: '2026-11-02' },
    });
    await user.click(screen.getByRole('button', { name: 'Scanners & QC due' }));
    const row = (await screen.findByRole('rowheader', { name: 'CT 3 · CT · Room 1.14' })).closest('tr')!;
    expect(row.textContent).toContain('Out of service');
    expect(row.getAttribute('data-flagged')).toBe('true');
  });
});
