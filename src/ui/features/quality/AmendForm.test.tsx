// Amending an adverse-event report: both fields are required and nothing is stored half-filled; a saved
// amendment is kept with who and when, and the report in the list reads with the amended outcome.
import { configure, waitFor, within } from '@testing-library/react';
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

const REPORT = {
  reportId: '5d1c3b2a-9e8f-4a7b-8c6d-1e2f3a4b5c6d',
  kind: 'contrastReaction',
  occurredAt: Date.UTC(2026, 10, 23, 8, 12),
  scannerId: 'ct-1',
  contrast: { agent: 'Iohexol 350', volumeMl: 90, reactionType: 'allergicLike', severity: 'mild' },
  ahrqClass: 'incidentHarm',
  harm: 'mild',
  whatHappened: 'Urticaria on both forearms 4 minutes after injection',
  actionsTaken: 'Observed 30 minutes, radiologist informed',
};

describe('amending an adverse-event report', { timeout: 20_000 }, () => {
  it('needs the outcome and a reason, stores nothing half-filled, then shows the amended outcome', async () => {
    const services = testServices({ account: testAccount({ displayName: 'Test', role: 'technologist' }) });
    await services.runs.recordEvent('adverse.reported', REPORT);
    renderWith(<QualityPage initialTab="adverse" />, services, '/quality');
    const user = userEvent.setup();
    const item = () => document.querySelector<HTMLElement>(`[data-report="${REPORT.reportId}"]`)!;
    await waitFor(() => expect(item()).toBeTruthy());
    expect(item().querySelector('[data-outcome]')).toBeNull();

    await user.click(within(item()).getByText('Amend: add the outcome'));
    await user.click(within(item()).getByRole('button', { name: 'Save amendment' }));
    expect(
      within(item())
        .getAllByRole('alert')
        .map((a) => a.textContent),
    ).toEqual([
      'Outcome: describe the outcome as now known.',
      'Why (note): give the reason for the amendment (at least 3 characters).',
    ]);
    await user.type(within(item()).getByLabelText(/^Outcome/), 'Resolved without treatment, discharged 09:10');
    await user.click(within(item()).getByRole('button', { name: 'Save amendment' }));
    expect(
      within(item())
        .getAllByRole('alert')
        .map((a) => a.textContent),
    ).toEqual(['Why (note): give the reason for the amendment (at least 3 characters).']);
    expect((await openEvents(services.vault, await services.db.events.toArray())).map((e) => e.type)).toEqual([
      'adverse.reported',
    ]);

    await user.type(within(item()).getByLabelText(/^Why \(note\)/), 'Outcome known');
    await user.click(within(item()).getByRole('button', { name: 'Save amendment' }));
    await waitFor(() =>
      expect(item().querySelector('[data-outcome]')?.textContent).toBe(
        'Outcome: Resolved without treatment, discharged 09:10',
      ),
    );
    expect(within(item()).getByText(/^Amended .* by Test: Outcome known$/)).toBeTruthy();
    const events = await openEvents(services.vault, await services.db.events.toArray());
    expect(events.map((e) => e.type).sort()).toEqual(['adverse.amended', 'adverse.reported']);
    expect(events.find((e) => e.type === 'adverse.amended')!.payload).toEqual({
      reportId: REPORT.reportId,
      changes: { outcome: 'Resolved without treatment, discharged 09:10' },
      note: 'Outcome known',
    });
    // The original report is kept as filed: what happened still reads as reported.
    expect(within(item()).getByText(REPORT.whatHappened)).toBeTruthy();
  });
});
