// Reopening a run draws its step card from memory (the row this key last sealed or opened, the
// library last built) in the first render, and the live query confirms it; every opening is still
// in the audit trail, written after the first frame.
import { configure, screen, waitFor } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { localAudit } from '../../../db/audit.repo';
import { createRun, type SopLookup } from '../../../db/runs.repo';
import { chestCtV1 as chestCt } from '../../../sops/published';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import RunPage from './RunPage';

const lookup: SopLookup = (id, v) => (id === chestCt.id && v === chestCt.version ? chestCt : undefined);

async function newRun() {
  const services = testServices();
  const id = await createRun(
    services.db,
    services.vault,
    lookup,
    {
      kind: 'exam',
      sop: { id: 'chest-ct', version: 1 },
      priority: 'routine',
      scanner: 'CT 1',
      timerRules: services.timerRules,
      patient: { patientId: 'P-77', sex: 'female', language: 'en', ageYears: 34 },
    },
    { user: 'tester', now: services.clock.now },
  );
  return { services, id };
}

const views = async (services: ReturnType<typeof testServices>, id: string) =>
  (await localAudit(services.db)).filter((e) => {
    const p = e.payload as { action: string; subject?: string };
    return p.action === 'run.view' && p.subject === id;
  }).length;

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('RunPage reopened', { timeout: 15_000 }, () => {
  it('draws the step card in its first render, then keeps it when the live query answers', async () => {
    const { services, id } = await newRun();
    const first = renderWith(<RunPage id={id} />, services, `/run/${id}`);
    await screen.findByRole('heading', { level: 1, name: 'Patient identity' });
    first.unmount();

    renderWith(<RunPage id={id} />, services, `/run/${id}`);
    // No await: on screen before any database read has answered.
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Patient identity');
    expect(screen.queryByText('Loading…')).toBeNull();
    await waitFor(async () => expect(await views(services, id)).toBe(2));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Patient identity');
  });

  it('records one "run.view" per opening, after the first frame', async () => {
    const { services, id } = await newRun();
    renderWith(<RunPage id={id} />, services, `/run/${id}`);
    expect(await views(services, id)).toBe(0); // not on the first render's path
    await waitFor(async () => expect(await views(services, id)).toBe(1));
  });
});
