// The hospital's bookings on the worklist, through the real hook and a fake-indexeddb database: the
// server's answer is kept sealed, listed with patient, accession, procedure and card; unmapped
// bookings say so; offline shows the kept copy with the error; links carry a local id only.
import { configure, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { bookingSources, openBookings } from '../../../db/bookings.repo';
import type { ScheduledBooking } from '../../../domain/integration/scheduled-booking';
import { booking } from '../../../../test/setup/sample-booking';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import WorklistPage from './WorklistPage';

const answering = (bookings: ScheduledBooking[] | Error) =>
  testAccount({
    fetchJson: <T,>(path: string) =>
      path === '/api/worklist/scheduled'
        ? bookings instanceof Error
          ? Promise.reject(bookings)
          : Promise.resolve({ bookings } as T)
        : Promise.reject(new Error('offline')),
  });

const rows = () => Array.from(document.querySelectorAll<HTMLElement>('[data-booking]'));

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('ScheduledList on the worklist', { timeout: 15_000 }, () => {
  it('lists the server’s bookings with patient, accession, procedure and card; an unmapped one says so', async () => {
    const services = testServices({
      account: answering([
        booking(),
        booking({
          accessionNumber: 'ACC-2026-0043',
          cardId: null,
          unmappedReason: 'unknown code XR99',
          patient: { id: 'MRN-1', sex: 'female' },
          requestedProcedure: { code: 'XR99' },
          scheduledStart: '2026-11-23T11:00:00',
        }),
      ]),
    });
    renderWith(<WorklistPage />, services);
    await waitFor(() => expect(rows()).toHaveLength(2));
    const [first, second] = rows() as [HTMLElement, HTMLElement];
    expect(first.textContent).toContain('张伟');
    expect(first.textContent).toContain('MRN-778812');
    expect(first.textContent).toContain('Accession ACC-2026-0042 · CT chest without contrast · CT · CT 1');
    expect(within(first).getByText(/^Card: /).textContent).toBe('Card: Chest CT (non-contrast)');
    expect(first.querySelector('[data-unmapped]')).toBeNull();
    expect(second.textContent).toContain('MRN-1');
    expect(second.querySelector('[data-unmapped]')!.textContent).toBe(
      'No card for this procedure: choose one when starting',
    );
    // The link names the tablet's own id for the booking, never the accession or patient.
    const href = within(first).getByRole('link', { name: 'Start' }).getAttribute('href')!;
    expect(href).toMatch(/^\/new\?booking=[0-9a-f-]{36}$/);
    expect(href).not.toContain('ACC');
    // Kept sealed: nothing identifying in what IndexedDB stores.
    const stored = JSON.stringify(await bookingSources(services.db));
    expect(stored).not.toContain('ACC-2026');
    expect(stored).not.toContain('MRN');
  });

  it('keeps a booking’s local id across refreshes, and drops bookings the server no longer lists', async () => {
    const services = testServices({ account: answering([booking()]) });
    const first = renderWith(<WorklistPage />, services);
    await waitFor(() => expect(rows()).toHaveLength(1));
    const id = rows()[0]!.dataset.booking;
    first.unmount();
    renderWith(
      <WorklistPage />,
      testServices({ ...services, account: answering([booking({ accessionNumber: 'ACC-9' }), booking()]) }),
    );
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows().map((r) => r.dataset.booking)).toContain(id);
  });

  it('a booking a run was started from leaves the list, and stays on the tablet while the run is active', async () => {
    const services = testServices({ account: answering([booking(), booking({ accessionNumber: 'ACC-9' })]) });
    const first = renderWith(<WorklistPage />, services);
    await waitFor(() => expect(rows()).toHaveLength(2));
    first.unmount();
    await services.runs.createRun(
      {
        kind: 'exam',
        sop: { id: 'chest-ct', version: 2 },
        priority: 'routine',
        scanner: 'CT 1',
        timerRules: services.timerRules,
        booking: { accessionNumber: 'ACC-2026-0042' },
        patient: { patientId: 'MRN-778812', sex: 'male', language: 'zh-CN', ageYears: 65 },
      },
      {},
    );
    // The server no longer lists the started booking.
    renderWith(
      <WorklistPage />,
      testServices({ ...services, account: answering([booking({ accessionNumber: 'ACC-9' })]) }),
    );
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]!.textContent).toContain('ACC-9');
    await waitFor(async () =>
      expect(
        (await openBookings(services.vault, await bookingSources(services.db))).map((b) => b.accessionNumber).sort(),
      ).toEqual(['ACC-2026-0042', 'ACC-9']),
    );
  });

  it('says when there are none, and when they cannot be read (offline) shows the kept copy with the error', async () => {
    const none = renderWith(<WorklistPage />, testServices({ account: answering([]) }));
    expect((await screen.findByText('No bookings from the hospital today.')).className).toContain('muted');
    none.unmount();

    const offline = testServices({ account: answering(new Error('network down')) });
    const view = renderWith(<WorklistPage />, offline);
    expect((await screen.findByRole('alert')).textContent).toBe(
      "The hospital's bookings could not be read: network down",
    );
    expect(screen.queryByText('No bookings from the hospital today.')).toBeNull();
    view.unmount();

    const kept = testServices({ account: answering([booking()]) });
    const online = renderWith(<WorklistPage />, kept);
    await waitFor(() => expect(rows()).toHaveLength(1));
    online.unmount();
    renderWith(<WorklistPage />, testServices({ ...kept, account: answering(new Error('network down')) }));
    expect(
      (await screen.findByText('Showing the bookings last read; refreshing failed: network down')).getAttribute('role'),
    ).toBe('alert');
    expect(rows()).toHaveLength(1);
  });
});
