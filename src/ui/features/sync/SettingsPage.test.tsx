// What the sync screen and badge say when the server speaks another protocol: which side to update,
// and that nothing recorded on the tablet is lost (the controller here reports a status the real one
// reaches against such a server: test/sync/protocol-version.test.ts). Issue 11 item 10: Settings says
// which tablet this is; issue 9: the clock offset and refused events.
import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScanCardDb } from '../../../db/db';
import { quarantined, retryQuarantined } from '../../../db/outbox.repo';
import type { SyncController, SyncStatus } from '../../../sync/sync-controller';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import SettingsPage from './SettingsPage';
import { SyncIndicator } from './SyncIndicator';

/** A controller showing a fixed status; refused events come from the tablet's real database. */
const controllerShowing = (status: SyncStatus, db?: ScanCardDb): SyncController => ({
  getStatus: () => status,
  subscribe: () => () => undefined,
  syncNow: async () => undefined,
  enroll: async () => undefined,
  skewMs: () => status.skewMs ?? 0,
  refusedEvents: async () => (db ? quarantined(db) : []),
  retryRefused: async (id) => db && retryQuarantined(db, id),
  stop: () => undefined,
});

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('sync status after a protocol refusal', () => {
  it.each([
    ['server', 'Update the server', /Ask IT to update the server\. Nothing is lost/],
    ['app', 'Update the app', /Reload the app to update it .* Nothing is lost/],
  ] as const)('update the %s', (update, label, detail) => {
    const sync = controllerShowing({ state: 'error', pending: 3, online: true, error: 'refused (426)', update });
    renderWith(
      <>
        <SyncIndicator />
        <SettingsPage />
      </>,
      { ...testServices(), sync },
    );
    expect(screen.getByRole('link', { name: `Sync: ${label}. Open sync settings` })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(detail);
  });
});

describe('SettingsPage', () => {
  it('names this tablet as it was enrolled, with the start of its id', async () => {
    const services = testServices();
    // As enrolment leaves it: the id the server assigned and the label, beside the device key.
    const deviceId = '3f2a9c41-7d1e-4b6a-9c3e-2b1d5e8f7a60';
    const keys = {} as CryptoKeyPair; // not used by Settings
    await services.db.meta.put({ key: 'identity', keys, deviceId, label: 'CT 1 console', enrolledAt: 1 });
    renderWith(<SettingsPage />, services, '/settings');
    const section = (await screen.findByRole('heading', { name: 'This tablet' })).closest('section')!;
    await screen.findByText('CT 1 console');
    expect(section.textContent).toContain(`Tablet id ${deviceId.slice(0, 8)}…`);
  });
});

describe('what Settings shows about the clock and refused events', () => {
  it.each([
    [400, "This tablet's clock matches the server's."],
    [-7 * 60_000, "This tablet's clock is 7 minutes ahead of the server's; new records use the server's time."],
    [45_000, "This tablet's clock is 45 seconds behind the server's; new records use the server's time."],
    [-3 * 86_400_000, "This tablet's clock is 72 hours ahead of the server's; new records use the server's time."],
  ])('a clock offset of %i ms', (skewMs, text) => {
    renderWith(<SettingsPage />, {
      ...testServices(),
      sync: controllerShowing({ state: 'idle', pending: 0, online: true, skewMs }),
    });
    expect(document.querySelector('[data-clock-offset]')?.textContent).toBe(text);
  });

  it('lists refused events with the server’s reason under "needs attention", and sends one again on request', async () => {
    const services = testServices();
    const row = (id: string, retry: boolean, error: string) => ({
      id,
      deviceSeq: id === 'a' ? 4 : 9,
      type: 'run.created',
      streamId: `run-${id}`,
      at: services.clock.now,
      code: retry ? ('runUnknown' as const) : ('sopConflict' as const),
      error,
      retry,
      firstRefusedAt: services.clock.now,
      lastTriedAt: services.clock.now,
      tries: 1,
    });
    await services.db.quarantine.bulkPut([
      row('a', false, 'site-ct@2 was sent with content different from the server’s copy'),
      row('b', true, 'the server does not know run run-b yet'),
    ]);
    const sync = controllerShowing({ state: 'idle', pending: 1, attention: 1, online: true }, services.db);
    renderWith(
      <>
        <SyncIndicator />
        <SettingsPage />
      </>,
      { ...services, sync },
    );
    expect(screen.getByRole('link', { name: 'Sync: 1 needs attention. Open sync settings' })).toBeTruthy();
    const section = await screen.findByRole('region', { name: 'Needs attention' });
    expect(section.textContent).toMatch(/site-ct@2 was sent with content different/);
    expect(section.textContent).toMatch(/waiting, sent again by itself/);
    const buttons = screen.getAllByRole('button', { name: 'Send again' });
    expect(buttons).toHaveLength(1); // the waiting one is sent again by itself
    await userEvent.setup().click(buttons[0]!);
    await waitFor(async () => expect((await services.db.quarantine.get('a'))?.retry).toBe(true));
  });
});
