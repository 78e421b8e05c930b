// Demo mode in the app's routes: started from a card with a sample patient, framed and marked DEMO,
// the trainer note beside the step, stored in the demo database only (the worklist's database gets
// nothing), and wiped in one tap.
import 'fake-indexeddb/auto';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/db';
import { Route, Switch } from 'wouter';
import { renderWith, testAccount, testServices } from '../../test/setup/render';
import { initTestI18n } from '../../test/setup/test-i18n';
import RunPage from '../ui/features/run/RunPage';
import DemoHome from '../ui/features/trainer/DemoHome';
import { DemoShell } from './DemoShell';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 5000 });
});
afterEach(() => openDb('demo').delete());

const demoRoutes = (
  <Route path="/demo" nest>
    <DemoShell>
      <Switch>
        <Route path="/run/:id">{(p) => <RunPage id={p.id} />}</Route>
        <Route>
          <DemoHome />
        </Route>
      </Switch>
    </DemoShell>
  </Route>
);

describe('demo mode', { timeout: 20_000 }, () => {
  it('a demo run from a sample patient is framed, shows the trainer note, stays out of the clinical database, and wipes', async () => {
    const services = testServices({ account: testAccount() });
    const { location } = renderWith(demoRoutes, services, '/demo');
    const user = userEvent.setup();
    expect(await screen.findByText('DEMO')).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: 'MRI with a pacemaker, 66' }));
    expect((screen.getByRole('combobox', { name: 'Card' }) as HTMLSelectElement).value).toBe('brain-mri');
    await user.click(screen.getByRole('button', { name: 'Start demo run' }));
    await waitFor(() => expect(location.history.at(-1)).toMatch(/^\/demo\/run\//));
    const note = await screen.findByRole('complementary', { name: 'Why this step:' });
    expect(note.textContent).toMatch(/Two identifiers/);
    expect(document.querySelector('[data-demo="true"] .demo-frame')).not.toBeNull();

    // The run is in the demo database, with the sample patient; the clinical one has nothing.
    const demo = openDb('demo');
    expect(await demo.runs.count()).toBe(1);
    expect(await services.db.runs.count()).toBe(0);
    expect(await services.db.events.count()).toBe(0);
    const before = await demo.events.count(); // the run's creation and the audited opening, both in the demo

    await user.click(
      within(screen.getByRole('region', { name: /Patient identity/ })).getByRole('checkbox', {
        name: /Two identifiers/,
      }),
    );
    await waitFor(async () => expect(await demo.events.count()).toBe(before + 1));
    expect(await services.db.events.count()).toBe(0);

    location.navigate('/demo');
    await user.click(await screen.findByRole('button', { name: 'Wipe all demo runs' }));
    expect(await screen.findByText('No demo runs yet.')).toBeTruthy();
    expect(await openDb('demo').runs.count()).toBe(0);
  });
});
