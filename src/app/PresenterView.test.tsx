// The presenter view: the demo run's step card and its patient view side by side, both following the
// run through a branch and back (the allergy branch, Back, the other branch), with the demo speed
// control; everything on the demo database, the clinical one untouched.
import 'fake-indexeddb/auto';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Route, Switch } from 'wouter';
import patientEn from '../../locales/en/patient.json';
import { renderWith, testAccount, testServices } from '../../test/setup/render';
import { initTestI18n } from '../../test/setup/test-i18n';
import { openDb } from '../db/db';
import { createRun, runCommand, type SopLookup } from '../db/runs.repo';
import { SAMPLE_PATIENTS } from '../domain/training/sample-patients';
import { step } from '../sops/scenario';
import { BUILT_IN_SOPS } from '../sops/library';
import type { RunCommand } from '../domain/run/run.types';
import { DemoShell } from './DemoShell';
import PresenterView from './PresenterView';

beforeAll(async () => {
  await initTestI18n();
  i18next.addResourceBundle('en', 'patient', patientEn, true, true); // as the loader would fetch it
  configure({ asyncUtilTimeout: 5000 });
});
afterEach(() => openDb('demo').delete());

const card = BUILT_IN_SOPS.filter((s) => s.id === 'contrast-abdomen-ct').at(-1)!;
const lookup: SopLookup = (id, v) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);
const screeningAnswers = {
  priorReaction: true,
  asthma: false,
  allergy: false,
  ageOver60: false,
  kidneyDisease: false,
  hypertension: false,
  diabetes: false,
  metformin: false,
  pregnancy: 'no',
};

async function openPresenter() {
  const services = testServices({ account: testAccount() });
  const demo = openDb('demo');
  const sample = SAMPLE_PATIENTS.find((p) => p.id === 'contrastAllergy')!;
  const by = { user: services.user, now: services.clock.now };
  const id = await createRun(
    demo,
    services.vault,
    lookup,
    {
      kind: 'exam',
      sop: { id: card.id, version: card.version },
      priority: 'routine',
      scanner: 'CT 1',
      timerRules: services.timerRules,
      patient: sample.patient,
    },
    by,
  );
  const moves = [
    ...step({ twoIdentifiers: true, requestMatches: true }),
    ...step(screeningAnswers, { type: 'answer', itemId: 'asthma', value: false }),
  ];
  for (const c of moves.filter((a): a is RunCommand => a.type !== 'wait'))
    await runCommand(demo, services.vault, lookup, id, c, by);
  const view = renderWith(
    <Route path="/demo" nest>
      <DemoShell>
        <Switch>
          <Route path="/run/:id/present">{(p) => <PresenterView id={p.id} />}</Route>
        </Switch>
      </DemoShell>
    </Route>,
    services,
    `/demo/run/${id}/present`,
  );
  return { services, id, view, user: userEvent.setup() };
}

const stepCard = () => within(screen.getByRole('region', { name: 'Step card' }));
const patientPane = () => screen.getByRole('region', { name: 'Patient view' });
const stepShown = () => document.querySelector('[data-step]')?.getAttribute('data-step');

describe('presenter view', { timeout: 30_000 }, () => {
  it('step card and patient view side by side, through the allergy branch, back, and the other branch', async () => {
    const { services, user } = await openPresenter();
    expect(await screen.findByRole('heading', { name: 'Presenter view' })).toBeTruthy();
    await waitFor(() => expect(stepShown()).toBe('screening'));
    expect(screen.getByText('DEMO')).toBeTruthy();
    // The patient pane is the patient's own view, embedded: no hold-to-exit, no staff record.
    await waitFor(() => expect(patientPane().querySelector('.patient-embedded h1')).not.toBeNull());
    const patientBefore = patientPane().querySelector('h1')!.textContent;
    expect(within(patientPane()).queryByRole('button', { name: /press and hold/i })).toBeNull();

    // Prior reaction: yes → the reaction consult branch.
    await user.click(stepCard().getByRole('button', { name: /^Next/ }));
    await waitFor(() => expect(stepShown()).toBe('reactionConsult'));
    await waitFor(() => expect(patientPane().querySelector('h1')!.textContent).not.toBe(patientBefore));

    // Back, change the answer, and the other branch.
    await user.click(stepCard().getByRole('button', { name: /Back/ }));
    await waitFor(() => expect(stepShown()).toBe('screening'));
    await waitFor(() => expect(patientPane().querySelector('h1')!.textContent).toBe(patientBefore));
    const prior = document.querySelector('[data-item="priorReaction"]') as HTMLElement;
    await user.click(within(prior).getByRole('radio', { name: 'No' }));
    await waitFor(() => expect(stepCard().getByRole('button', { name: /^Next/ })).toHaveProperty('disabled', false));
    await user.click(stepCard().getByRole('button', { name: /^Next/ }));
    await waitFor(() => expect(stepShown()).toBe('ivAccess'));

    // Timer speed for the demo only.
    await user.click(screen.getByRole('button', { name: '10×' }));
    expect(screen.getByRole('button', { name: '10×' }).getAttribute('aria-pressed')).toBe('true');
    expect(services.now()).toBe(services.clock.now); // the session's own clock is untouched

    // All of it in the demo database; the clinical one holds nothing.
    expect(await services.db.runs.count()).toBe(0);
    expect(await services.db.events.count()).toBe(0);
  });
});
