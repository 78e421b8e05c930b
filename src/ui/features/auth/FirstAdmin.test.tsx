// Issue 17 bug 5: the first-administrator form said nothing when it refused (a 4-digit PIN, a
// different repeat): every refusal now has a message next to its field.
import { configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuthApi } from '../../../auth/auth-api';
import type { Session } from '../../../auth/session';
import { ScanCardDb } from '../../../db/db';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { SignInScreen } from './SignInScreen';

async function openFirstAdmin() {
  const db = new ScanCardDb(`first-${crypto.randomUUID()}`);
  // A server still waiting for its first administrator.
  const api = {
    directory: async () => ({ users: [] }),
    config: async () => ({ idleLockMs: 120_000, maxOfflineMs: 12 * 3600_000, setupOpen: true }),
  } as unknown as AuthApi;
  const createFirstAdmin = vi.fn(async () => undefined);
  const session = { createFirstAdmin } as unknown as Session;
  render(<SignInScreen db={db} session={session} api={api} state={{ phase: 'signedOut' }} />);
  await screen.findByRole('heading', { name: 'Create the first administrator' });
  return { createFirstAdmin, user: userEvent.setup() };
}

const fieldMessage = (label: RegExp) => {
  const input = screen.getByLabelText(label);
  const id = input.getAttribute('aria-describedby');
  return id ? document.getElementById(id)?.textContent : undefined;
};

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('first administrator form', () => {
  it('a 4-digit PIN says why, next to the PIN field, as soon as it is typed', async () => {
    const { user } = await openFirstAdmin();
    await user.type(screen.getByLabelText(/^PIN \(at least/), '1234');
    expect(fieldMessage(/^PIN \(at least/)).toBe(
      'Too short: at least 6 digits, or a password of at least 10 characters.',
    );
    expect(screen.getByLabelText(/^PIN \(at least/).getAttribute('aria-invalid')).toBe('true');
  });

  it('a different repeat says so next to the repeat field', async () => {
    const { user } = await openFirstAdmin();
    await user.type(screen.getByLabelText(/^PIN \(at least/), '246810');
    await user.type(screen.getByLabelText('Repeat it'), '246811');
    expect(fieldMessage(/Repeat it/)).toBe('The two entries differ: type the same PIN or password again.');
  });

  it('"Create" is never a silent grey button: pressed too early, it names every missing field', async () => {
    const { user, createFirstAdmin } = await openFirstAdmin();
    const create = screen.getByRole('button', { name: 'Create and sign in' });
    expect(create).toHaveProperty('disabled', false);
    await user.click(create);
    expect(fieldMessage(/^User name/)).toBe('Enter a user name (used to sign in).');
    expect(fieldMessage(/Name shown to colleagues/)).toBe('Enter the name colleagues will see.');
    expect(fieldMessage(/^PIN \(at least/)).toContain('Too short');
    expect(createFirstAdmin).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText(/^User name/), 'ada');
    await user.type(screen.getByLabelText(/Name shown to colleagues/), 'Ada Admin');
    await user.type(screen.getByLabelText(/^PIN \(at least/), '246810');
    await user.type(screen.getByLabelText('Repeat it'), '246810');
    expect(within(document.body).queryAllByRole('alert')).toEqual([]);
    await user.click(create);
    expect(createFirstAdmin).toHaveBeenCalledWith('ada', 'Ada Admin', '246810');
  });
});
