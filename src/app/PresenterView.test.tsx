// The presenter view: the demo run's step card and its patient view side by side, both following the
// run through a branch and back (the allergy branch, Back, the other branch), with the demo speed
// control; everything on the demo database, the clinical one untouched.
import 'fake-indexeddb/auto';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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
afterEach(async () => {
  vi.restoreAllMocks();
  await openDb('demo').delete();
});

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

  it('moves the patient view to a second window that follows the run, and takes it back when that window closes', async () => {
    const doc = document.implementation.createHTMLDocument('');
    const popup = { document: doc, closed: false, close: vi.fn(() => void (popup.closed = true)) };
    const open = vi.spyOn(window, 'open').mockReturnValue(popup as unknown as Window);
    const { view, user } = await openPresenter();
    await waitFor(() => expect(stepShown()).toBe('screening'));
    await waitFor(() => expect(patientPane().querySelector('.patient-embedded h1')).not.toBeNull());

    await user.click(screen.getByRole('button', { name: 'Patient view in a second window' }));
    expect(open).toHaveBeenCalledWith('', 'scancard-demo-patient', expect.stringContaining('popup'));
    // The pane says where the view went; the window holds it, framed and marked DEMO, with the page's styles.
    await waitFor(() => expect(patientPane().querySelector('[data-patient-elsewhere]')).not.toBeNull());
    expect(patientPane().querySelector('.patient')).toBeNull();
    const shown = () => doc.querySelector('.patient-window .patient-embedded h1')?.textContent;
    await waitFor(() => expect(shown()).toBeTruthy());
    const before = shown();
    expect(doc.querySelector('.demo-frame')).not.toBeNull();
    expect(within(doc.body).getByText('DEMO')).toBeTruthy();
    expect(doc.title).toBe('ScanCard DEMO · patient view');

    // It follows the run: Next on the step card (prior reaction: yes) changes what the window shows.
    await user.click(stepCard().getByRole('button', { name: /^Next/ }));
    await waitFor(() => expect(stepShown()).toBe('reactionConsult'));
    await waitFor(() => expect(shown()).not.toBe(before));

    // The trainer closes the window from its title bar: the pane shows the patient view again.
    popup.closed = true;
    await waitFor(() => expect(patientPane().querySelector('.patient-embedded h1')).not.toBeNull(), { timeout: 5000 });
    expect(screen.getByRole('button', { name: 'Patient view in a second window' })).toBeTruthy();

    // Opened again, it closes with the presenter view: it never outlives the screen (or session) that opened it.
    popup.closed = false;
    await user.click(screen.getByRole('button', { name: 'Patient view in a second window' }));
    await waitFor(() => expect(shown()).toBeTruthy());
    popup.close.mockClear();
    view.unmount();
    await waitFor(() => expect(popup.close).toHaveBeenCalled());
  });

  it('keeps the patient view in its pane and says so when the browser blocks the window', async () => {
    vi.spyOn(window, 'open').mockReturnValue(null);
    const { user } = await openPresenter();
    await waitFor(() => expect(patientPane().querySelector('.patient-embedded h1')).not.toBeNull());
    await user.click(screen.getByRole('button', { name: 'Patient view in a second window' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/blocked the second window/);
    expect(patientPane().querySelector('.patient-embedded h1')).not.toBeNull();
  });
});
