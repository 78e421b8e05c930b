// Issue 17 usability 8: the persistent-storage warning can be acknowledged; afterwards it stays only
// on the worklist (one line) and in Settings instead of taking 60 px of every screen.
import { configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWith, testServices } from '../../test/setup/render';
import { initTestI18n } from '../../test/setup/test-i18n';
import { StorageBanner } from './StorageBanner';

const notPersistent = () => document.querySelector('[data-storage="not-persistent"]');

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});
beforeEach(() => {
  localStorage.clear();
  vi.stubGlobal('navigator', {
    ...navigator,
    storage: { persisted: async () => false, persist: async () => false, estimate: async () => ({}) },
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('StorageBanner', () => {
  it('shows on any screen until acknowledged, then only on the worklist and in Settings', async () => {
    const { unmount } = renderWith(<StorageBanner />, testServices(), '/run/r1');
    await waitFor(() => expect(notPersistent()).not.toBeNull());
    await userEvent.setup().click(screen.getByRole('button', { name: 'Got it' }));
    expect(notPersistent()).toBeNull();
    unmount();

    for (const [path, shown] of [
      ['/run/r1', false],
      ['/new', false],
      ['/', true],
      ['/settings', true],
    ] as const) {
      const view = renderWith(<StorageBanner />, testServices(), path);
      await new Promise((r) => setTimeout(r, 50));
      expect(Boolean(notPersistent()), path).toBe(shown);
      expect(screen.queryByRole('button', { name: 'Got it' })).toBeNull();
      view.unmount();
    }
  });
});
