// The service log on a real (fake-indexeddb) database: required fields and bad downtimes get a message at
// the field and store nothing; a repair takes the scanner out of service; only a QA lead approves its
// return, and only on a passed return-to-service QC recorded after the repair.
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import type { Role } from '../../../domain/auth/roles';
import { openEvents } from '../../../db/run-codec';
import { evaluateResult } from '../../../domain/quality/qc-result';
import { defaultTestSets } from '../../../domain/quality/qc-sets';
import QualityPage from './QualityPage';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

async function open(role: Role) {
  const account = testAccount({ displayName: 'Test', role });
  const services = testServices({ account });
  renderWith(<QualityPage initialTab="service" />, services, '/quality');
  await screen.findByRole('heading', { name: 'Record service' });
  return { services, user: userEvent.setup() };
}
type S = Awaited<ReturnType<typeof open>>['services'];
const stored = async (s: S) => openEvents(s.vault, await s.db.events.toArray());
const status = async (s: S) => (await stored(s)).map((e) => e.type);

const REPAIR = {
  entryId: '3f0e2b8c-1d4a-4e6b-9c7d-8a5f4b3e2d1c',
  scannerId: 'ct-1',
  kind: 'repair',
  problem: 'Tube arcing during warm-up',
  workDone: 'X-ray tube replaced, air calibration done',
  by: 'Vendor engineer',
};
async function rtsQc(s: S, waterHu: string) {
  const set = defaultTestSets('CT').find((x) => x.purpose === 'returnToService')!;
  const inputs = {
    waterHu: { text: waterHu },
    noiseSd: { text: '5' },
    artefacts: { passed: true },
    vendorQc: { passed: true },
  };
  const r = evaluateResult(set, 'ct-1', crypto.randomUUID(), inputs);
  if (!('result' in r)) throw new Error('bad inputs');
  await s.runs.recordEvent('qc.resultRecorded', r.result);
}

describe('service log', { timeout: 20_000 }, () => {
  it('names every missing field and a downtime ending before it starts, stores nothing, then stores the entry', async () => {
    const { services, user } = await open('technologist');
    await user.click(screen.getByRole('button', { name: 'Save service entry' }));
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent)).toEqual([
      'Kind of service: choose maintenance, calibration, repair or inspection',
      'Work done: must be at least 3 characters',
      'Done by: must not be empty',
    ]);
    await user.click(screen.getByRole('radio', { name: 'Repair' }));
    await user.type(screen.getByLabelText(/^Work done \*/), 'Tube replaced');
    await user.type(screen.getByLabelText(/^Done by \*/), 'J. Park (vendor)');
    await user.type(screen.getByLabelText(/^Downtime start/), '2026-11-23T07:00');
    await user.type(screen.getByLabelText(/^Downtime end/), '2026-11-23T06:00');
    await user.click(screen.getByRole('button', { name: 'Save service entry' }));
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent)).toEqual([
      'What was wrong: must be at least 3 characters',
      'Downtime end: must not be before the downtime start',
    ]);
    expect(await services.db.events.count()).toBe(0);

    await user.type(screen.getByLabelText(/^What was wrong \*/), 'Tube arcing');
    await user.clear(screen.getByLabelText(/^Downtime end/));
    await user.type(screen.getByLabelText(/^Downtime end/), '2026-11-23T15:00');
    await user.click(screen.getByRole('button', { name: 'Save service entry' }));
    await screen.findByText('Service entry saved.');
    const [e] = await stored(services);
    expect(e).toMatchObject({
      type: 'service.entryRecorded',
      payload: { scannerId: 'ct-1', kind: 'repair', problem: 'Tube arcing', by: 'J. Park (vendor)' },
    });
    const p = e!.payload as { downtimeStart: number; downtimeEnd: number };
    expect(p.downtimeEnd - p.downtimeStart).toBe(8 * 3600_000);
    const entry = await screen.findByText(/Out of service: awaiting/);
    expect(within(entry.closest('li')!).queryByRole('button', { name: 'Approve return to service' })).toBeNull();
  });

  it('a QA lead approves a return only on a passed return-to-service QC after the repair', async () => {
    const { services, user } = await open('qaLead');
    await services.runs.recordEvent('service.entryRecorded', REPAIR);
    expect(await screen.findByText(/No passed return-to-service QC after this repair/)).toBeTruthy();
    services.clock.now += 3600_000;
    await rtsQc(services, '8'); // action level: not a candidate
    await rtsQc(services, '1');
    const approve = await screen.findByRole('button', { name: 'Approve return to service' });
    expect(screen.getAllByRole('radio', { name: /CT return-to-service/ })).toHaveLength(1);
    await user.click(approve);
    expect((await screen.findByRole('alert')).textContent).toBe('Choose the return-to-service QC result.');
    expect(await status(services)).not.toContain('service.returnApproved');
    await user.click(screen.getByRole('radio', { name: /CT return-to-service/ }));
    await user.type(screen.getByLabelText('Review note'), 'RTS QC within limits');
    await user.click(approve);
    await screen.findByText(/Returned to service .* approved by Test/);
    expect(screen.queryByText(/Out of service: awaiting/)).toBeNull();
    await waitFor(async () => expect(await status(services)).toContain('service.returnApproved'));
  });
});
