// Starting an exam from a hospital booking: the form is filled in from the booking the URL names by
// the tablet's local id, and the run's creation names the booking's accession number.
import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { openBookings, replaceBookings } from '../../../db/bookings.repo';
import { openEvents, openRuns } from '../../../db/run-codec';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { booking } from '../../../../test/setup/sample-booking';
import NewRunPage from './NewRunPage';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('NewRunPage from a booking', { timeout: 15_000 }, () => {
  it('prefills patient, card and scanner, and run.created names the accession', async () => {
    const services = testServices();
    await replaceBookings(services.db, services.vault, [booking({ priority: 'urgent' })], services.clock.now);
    const [b] = await openBookings(services.vault, await services.db.bookings.toArray());
    const view = renderWith(<NewRunPage />, services, `/new?booking=${b!.localId}`);
    expect((await screen.findByText(/From the hospital booking/)).textContent).toBe(
      'From the hospital booking, accession ACC-2026-0042. Check identity at the identity step.',
    );
    await waitFor(() => expect(screen.getByLabelText<HTMLInputElement>('Patient ID *').value).toBe('MRN-778812'));
    expect(screen.getByLabelText<HTMLInputElement>('Name').value).toBe('张伟');
    expect(screen.getByLabelText<HTMLInputElement>('Date of birth').value).toBe('1961-02-03');
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Chest CT (non-contrast) (v2)' }).checked).toBe(true);
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Male' }).checked).toBe(true);
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Urgent' }).checked).toBe(true);
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'CT 1' }).checked).toBe(true);

    await userEvent.setup().click(screen.getByRole('button', { name: /^Start/ }));
    await waitFor(() => expect(view.location.history).toHaveLength(2));
    const [run] = await openRuns(services.vault, await services.db.runs.toArray());
    expect(run!.header).toMatchObject({
      booking: { accessionNumber: 'ACC-2026-0042' },
      patient: { patientId: 'MRN-778812', name: '张伟', birthDate: '1961-02-03', sex: 'male' },
      priority: 'urgent',
      scanner: 'CT 1',
    });
    const events = await openEvents(services.vault, await services.db.events.toArray());
    const created = events.find((e) => e.type === 'run.created')!;
    expect(created.payload).toMatchObject({ booking: { accessionNumber: 'ACC-2026-0042' } });
    expect(view.location.history[1]).toBe(`/run/${run!.id}`);
  });

  it('a booking no longer on the tablet says so and leaves the form empty', async () => {
    const services = testServices();
    renderWith(<NewRunPage />, services, `/new?booking=${crypto.randomUUID()}`);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This booking is no longer on the tablet (refreshed or already started).',
    );
    expect(screen.getByLabelText<HTMLInputElement>('Patient ID *').value).toBe('');
  });
});
