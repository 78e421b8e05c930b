// The image-QC step of an exam card: Next stays refused, with the reason on screen, until this exam's
// image-QC decision (accepted / repeated / rejected, with its CID 7011 reason) is recorded.
import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRun, runCommand, type SopLookup } from '../../../db/runs.repo';
import type { RunCommand } from '../../../domain/run/run.types';
import { chestCt } from '../../../sops/chest-ct.sop';
import { step } from '../../../sops/scenario';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import RunPage from './RunPage';

const lookup: SopLookup = (id, v) => (id === chestCt.id && v === chestCt.version ? chestCt : undefined);
const TO_IMAGE_QC = [
  step({ twoIdentifiers: true, requestMatches: true }),
  step({ pregnancy: 'notApplicable' }),
  step({ metalRemoved: true, procedureExplained: true }),
  step({ supineArmsUp: true, centred: true }),
  step({ breathHoldPractised: true }),
  step({ protocol: 'routine', scanDone: true }),
  step({ fullCoverage: true, motionArtefact: false, reconstructions: true }).slice(0, -1),
].flat() as RunCommand[];

async function openAtImageQc() {
  const services = testServices();
  const actor = { user: 'tester', now: services.clock.now };
  const id = await createRun(
    services.db,
    services.vault,
    lookup,
    {
      kind: 'exam',
      sop: { id: chestCt.id, version: chestCt.version },
      priority: 'routine',
      scanner: 'CT 1',
      timerRules: services.timerRules,
      patient: { patientId: 'P-40', sex: 'female', language: 'en', ageYears: 40 },
    },
    actor,
    { ageYears: 40, sex: 'female', staffName: 'Wang Li' },
  );
  for (const c of TO_IMAGE_QC) await runCommand(services.db, services.vault, lookup, id, c, actor);
  renderWith(<RunPage id={id} />, services, `/run/${id}`);
  return { services, user: userEvent.setup() };
}

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('image QC before Next', { timeout: 20_000 }, () => {
  it('refuses Next with the reason on screen until the decision is recorded', async () => {
    const { user } = await openAtImageQc();
    await screen.findByRole('heading', { level: 1, name: 'Image quality check' });
    const next = await screen.findByRole('button', { name: 'Next →' });
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Image QC decision not recorded'));
    expect(next).toHaveProperty('disabled', true);
    await user.click(await screen.findByRole('radio', { name: 'Accepted' }));
    await user.type(screen.getByLabelText('Number of images *'), '412');
    await user.click(screen.getByRole('button', { name: 'Record image QC' }));
    await screen.findByRole('list', { name: 'Recorded for this exam' });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Next →' })).toHaveProperty('disabled', false));
    expect(screen.queryByText(/Image QC decision not recorded/)).toBeNull();
  });
});
