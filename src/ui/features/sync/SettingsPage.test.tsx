// What the sync screen and badge say when the server speaks another protocol: which side to update,
// and that nothing recorded on the tablet is lost (the controller here reports a status the real one
// reaches against such a server: test/sync/protocol-version.test.ts). And, issue 11 item 10:
// Settings says which tablet this is.
import { configure, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { deviceMeta } from '../../../db/device.repo';
import { updateSyncMeta } from '../../../db/sync-meta.repo';
import type { SyncController, SyncStatus } from '../../../sync/sync-controller';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import SettingsPage from './SettingsPage';
import { SyncIndicator } from './SyncIndicator';

const controllerShowing = (status: SyncStatus): SyncController => ({
  getStatus: () => status,
  subscribe: () => () => undefined,
  syncNow: async () => undefined,
  enroll: async () => undefined,
  skewMs: () => 0,
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
    await updateSyncMeta(services.db, { label: 'CT 1 console' });
    const { deviceId } = await deviceMeta(services.db);
    renderWith(<SettingsPage />, services, '/settings');
    const section = (await screen.findByRole('heading', { name: 'This tablet' })).closest('section')!;
    await screen.findByText('CT 1 console');
    expect(section.textContent).toContain(`Tablet id ${deviceId.slice(0, 8)}…`);
  });
});
