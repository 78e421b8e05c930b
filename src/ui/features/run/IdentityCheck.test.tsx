// The identity check on a booked run's identity step, on a real (fake-indexeddb) database: a match
// stores nothing; a mismatch is recorded (sealed) as identity.mismatch naming the fields; a mismatch
// the registry refuses is shown as an error, never dropped silently.
import { configure, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { replaceBookings } from '../../../db/bookings.repo';
import { openEvents } from '../../../db/run-codec';
import type { RunHeader } from '../../../domain/run/run.header';
import { renderWith, testServices } from '../../../../test/setup/render';
import { booking } from '../../../../test/setup/sample-booking';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { IdentityCheck } from './IdentityCheck';

const RUN = '0b7c2a9e-3f1d-4c55-9a8e-2d6f1b4e7a10';

async function open(kept = true) {
  const services = testServices();
  if (kept) await replaceBookings(services.db, services.vault, [booking()], services.clock.now);
  const header = {
    runId: RUN,
    kind: 'exam',
    booking: { accessionNumber: 'ACC-2026-0042' },
    patient: { patientId: 'MRN-778812', sex: 'male', language: 'zh-CN', name: '张伟', birthDate: '1961-02-03' },
  } as unknown as RunHeader;
  renderWith(<IdentityCheck runId={RUN} header={header} />, services);
  await screen.findByText(
    kept
      ? 'Booked: ID MRN-778812 · 张伟 · born 1961-02-03'
      : 'Exam started with: ID MRN-778812 · 张伟 · born 1961-02-03',
  );
  const mismatches = async () =>
    (await openEvents(services.vault, await services.db.events.toArray())).filter(
      (e) => e.type === 'identity.mismatch',
    );
  return { services, mismatches, user: userEvent.setup() };
}

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('IdentityCheck', { timeout: 15_000 }, () => {
  it('the booked patient matches, and nothing is recorded', async () => {
    const { mismatches, user } = await open();
    await user.type(screen.getByLabelText('Patient ID on the ID band'), 'MRN-778812');
    fireEvent.change(screen.getByLabelText('Date of birth the patient gives'), { target: { value: '1961-02-03' } });
    await user.click(screen.getByRole('button', { name: 'Compare with the booking' }));
    expect((await screen.findByRole('status')).textContent).toBe('Matches the booking.');
    expect(await mismatches()).toEqual([]);
  });

  it('a different date of birth is recorded as identity.mismatch, sealed, and said', async () => {
    const { services, mismatches, user } = await open();
    await user.type(screen.getByLabelText('Patient ID on the ID band'), 'MRN-778812');
    fireEvent.change(screen.getByLabelText('Date of birth the patient gives'), { target: { value: '1961-03-02' } });
    await user.click(screen.getByRole('button', { name: 'Compare with the booking' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Does not match the booking: date of birth. Recorded. Do not scan until it is resolved with the RIS.',
    );
    const [e] = await mismatches();
    expect(e!.payload).toMatchObject({
      runId: RUN,
      accessionNumber: 'ACC-2026-0042',
      fields: ['birthDate'],
      booked: { patientId: 'MRN-778812', name: '张伟', birthDate: '1961-02-03', sex: 'male' },
      confirmed: { patientId: 'MRN-778812', birthDate: '1961-03-02' },
    });
    const stored = JSON.stringify(await services.db.events.toArray());
    expect(stored).not.toContain('MRN-778812');
  });

  it('a mismatch the registry refuses (an invisible character in the name) is an error on screen, not dropped', async () => {
    const { mismatches, user } = await open();
    fireEvent.change(screen.getByLabelText('Name the patient gives'), { target: { value: '张\u200b伟' } });
    await user.click(screen.getByRole('button', { name: 'Compare with the booking' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(
      /^Does not match the booking, and the mismatch could not be recorded: .*confirmed\.name/,
    );
    expect(await mismatches()).toEqual([]);
  });

  it('a booking no longer on the tablet: says so, and compares with what the exam was started with', async () => {
    const { mismatches, user } = await open(false);
    expect(screen.getByRole('note').textContent).toMatch(/^The booking is no longer on this tablet/);
    await user.type(screen.getByLabelText('Patient ID on the ID band'), 'MRN-000001');
    await user.click(screen.getByRole('button', { name: 'Compare with the booking' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Does not match the booking: patient ID.');
    const [e] = await mismatches();
    expect(e!.payload).toMatchObject({ fields: ['patientId'], booked: { patientId: 'MRN-778812', name: '张伟' } });
  });

  it('with the booking kept, no such note', async () => {
    await open();
    expect(screen.queryByRole('note')).toBeNull();
  });
});
