// Reports after an offline sign-in (issue 17, bug 2): the download is not offered as if it worked;
// the screen says in words what happens next, and it works once the session is renewed.
import { configure, screen, waitFor } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import ReportsPage from './ReportsPage';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('ReportsPage and the server session', { timeout: 15_000 }, () => {
  it('signed in offline: Download is disabled and the screen says the tablet reconnects by itself', async () => {
    let state: 'ok' | 'waiting' | 'needsPin' = 'waiting';
    renderWith(<ReportsPage />, testServices({ account: testAccount({ role: 'qaLead', serverSession: () => state }) }));
    const download = await screen.findByRole('button', { name: 'Download (spreadsheet)' });
    expect(download).toHaveProperty('disabled', true);
    expect(document.querySelector('[data-server-session]')!.textContent).toContain(
      'The tablet connects by itself as soon as the server answers',
    );
    state = 'ok'; // the session renewed itself
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Download (spreadsheet)' })).toHaveProperty('disabled', false),
    );
    expect(document.querySelector('[data-server-session]')).toBeNull();
  });

  it('a session that ended says to unlock with the PIN, with a button to lock', async () => {
    renderWith(
      <ReportsPage />,
      testServices({ account: testAccount({ role: 'qaLead', serverSession: () => 'needsPin' }) }),
    );
    const notice = await waitFor(() => document.querySelector('[data-server-session="needsPin"]')!);
    expect(notice.textContent).toContain('Lock the tablet and unlock it with your PIN');
    expect(screen.getByRole('button', { name: 'Lock now' })).toBeTruthy();
  });
});
