// Issue 11 item 10: Settings says which tablet this is.
import { configure, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { deviceMeta } from '../../../db/device.repo';
import { updateSyncMeta } from '../../../db/sync-meta.repo';
import { renderWith, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import SettingsPage from './SettingsPage';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
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
