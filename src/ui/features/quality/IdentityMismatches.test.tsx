// The QA list of identity mismatches: read from the server by a fixed path (no identifier in the
// URL), newest first as the server gives them, each with its fields and both sides.
import { configure, screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { IdentityMismatches } from './IdentityMismatches';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('IdentityMismatches', () => {
  it('lists each mismatch with what differs, the booking and the bedside', async () => {
    const asked: string[] = [];
    const account = testAccount({
      role: 'qaLead',
      fetchJson: async <T,>(path: string) => {
        asked.push(path);
        return {
          mismatches: [
            {
              mismatchId: 'm-1',
              runId: '0b7c2a9e-3f1d-4c55-9a8e-2d6f1b4e7a10',
              accessionNumber: 'ACC-2026-0042',
              fields: ['birthDate'],
              booked: { patientId: 'MRN-778812', birthDate: '1961-02-03' },
              confirmed: { patientId: 'MRN-778812', birthDate: '1961-03-02' },
              at: Date.UTC(2026, 10, 23, 9, 0),
              user: 'u-1',
              device: 'd-1',
            },
          ],
        } as T;
      },
    });
    renderWith(<IdentityMismatches />, testServices({ account }));
    const row = (await screen.findByText('ACC-2026-0042')).closest('tr')!;
    expect(row.getAttribute('data-mismatch-row')).toBe('birthDate');
    expect(within(row).getByText('date of birth')).toBeTruthy();
    expect(within(row).getByText('MRN-778812 · 1961-02-03')).toBeTruthy();
    expect(within(row).getByText('MRN-778812 · 1961-03-02')).toBeTruthy();
    expect(asked).toEqual(['/api/integration/identity-mismatches']);
  });

  it('says when there are none', async () => {
    const account = testAccount({ fetchJson: async <T,>() => ({ mismatches: [] }) as T });
    renderWith(<IdentityMismatches />, testServices({ account }));
    expect(await screen.findByText('No identity mismatches recorded.')).toBeTruthy();
  });
});
