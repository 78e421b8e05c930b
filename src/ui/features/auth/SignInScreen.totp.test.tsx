// An administrator with TOTP on: the server asks for the code after the PIN, and the sign-in screen
// asks for it without making them type the PIN again; a wrong code asks again.
import { configure, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuthApi } from '../../../auth/auth-api';
import type { Session, SessionState } from '../../../auth/session';
import { ScanCardDb } from '../../../db/db';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { SignInScreen } from './SignInScreen';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('sign-in with a one-time code', () => {
  it('asks for the code after the PIN, sends both, and asks again after a wrong code', async () => {
    const db = new ScanCardDb(`totp-${crypto.randomUUID()}`);
    const api = {
      config: async () => ({ idleLockMs: 120_000, maxOfflineMs: 12 * 3600_000, setupOpen: false }),
    } as unknown as AuthApi;
    const signIn = vi.fn(async () => undefined);
    const session = { signIn } as unknown as Session;
    const view = (state: Extract<SessionState, { phase: 'signedOut' }>) => (
      <SignInScreen db={db} session={session} api={api} state={state} />
    );
    const { rerender } = render(view({ phase: 'signedOut' }));
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('User name'), 'chen');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    await user.type(screen.getByLabelText(/^PIN/, { selector: 'input' }), '482913{Enter}');
    expect(signIn).toHaveBeenLastCalledWith('chen', '482913');
    expect(screen.queryByLabelText(/authenticator app/)).toBeNull();

    rerender(view({ phase: 'signedOut', error: { kind: 'totpNeeded' } }));
    expect(screen.getByRole('alert').textContent).toBe(
      'This account also needs the 6-digit code from its authenticator app.',
    );
    const code = screen.getByLabelText('Code from your authenticator app (6 digits)');
    await user.type(code, '12a345');
    expect(screen.getByRole('button', { name: 'Continue' })).toHaveProperty('disabled', true);
    await user.type(code, '6{Enter}');
    expect(signIn).toHaveBeenLastCalledWith('chen', '482913', '123456');

    rerender(view({ phase: 'signedOut', error: { kind: 'totpNeeded', wrongCode: true } }));
    expect(screen.getByRole('alert').textContent).toBe('That code was wrong or already used: enter the current code.');
    expect(screen.getByLabelText('Code from your authenticator app (6 digits)')).toHaveProperty('value', '');
  });
});
