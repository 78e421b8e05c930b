// Rollback and retire against a fake server answering as the real routes do: each asks once more,
// Cancel sends nothing, the confirmed action sends what the route expects, and a refusal shows the
// server's own words.
import { configure, fireEvent, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { AuthApiError } from '../../../auth/auth-api';
import { CardActions } from './CardActions';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 6000 });
});

type Call = { method: string; path: string; body?: unknown };
function open(answer: (c: Call) => Promise<unknown>) {
  const calls: Call[] = [];
  let drafted = 0;
  const account = testAccount({
    role: 'admin',
    fetchJson: <T,>(path: string): Promise<T> =>
      path === '/api/sops/chest-ct/history'
        ? Promise.resolve({ id: 'chest-ct', versions: [1, 2, 3], approvals: [], retired: null } as T)
        : Promise.reject(new AuthApiError(404, 'not found')),
    sendJson: <T,>(method: string, path: string, body?: unknown): Promise<T> => {
      const c = { method, path, body };
      calls.push(c);
      return answer(c) as Promise<T>;
    },
  });
  renderWith(<CardActions sopId="chest-ct" onDrafted={() => drafted++} />, testServices({ account }));
  return { calls, drafted: () => drafted };
}
const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST');

describe('CardActions', { timeout: 20_000 }, () => {
  it('rolls back to a chosen earlier version only after a second yes', async () => {
    const { calls, drafted } = open(() => Promise.resolve({ sopId: 'chest-ct' }));
    const version = await screen.findByRole('combobox', { name: 'Earlier version' });
    expect([...(version as HTMLSelectElement).options].map((o) => o.value)).toEqual(['1', '2']); // not 3, the current
    fireEvent.change(version, { target: { value: '1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Roll back to this version' }));
    expect(screen.getByRole('alertdialog').textContent).toContain('Draft the content of version 1 of chest-ct');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(posts(calls)).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Roll back to this version' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, draft the rollback' }));
    expect((await screen.findByRole('status')).textContent).toContain('Rollback to version 1 drafted');
    expect(posts(calls)).toEqual([{ method: 'POST', path: '/api/sops/chest-ct/rollback', body: { version: 1 } }]);
    expect(drafted()).toBe(1);
  });

  it("shows the server's refusal of a rollback (a draft already waits)", async () => {
    const { drafted } = open(() =>
      Promise.reject(new AuthApiError(409, 'card "chest-ct" already has a draft: publish or discard it first')),
    );
    await screen.findByRole('option', { name: 'Version 2' });
    fireEvent.click(screen.getByRole('button', { name: 'Roll back to this version' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, draft the rollback' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'already has a draft: publish or discard it first',
    );
    expect(drafted()).toBe(0);
  });

  it('retires only with a reason and a second yes, and says the runs are kept', async () => {
    const { calls } = open(() => Promise.resolve({ retired: 'chest-ct', runs: 12 }));
    const retire = await screen.findByRole('button', { name: 'Retire card' });
    expect(retire).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByLabelText('Why retire it (required)'), {
      target: { value: 'Replaced by low-dose card' },
    });
    fireEvent.click(retire);
    expect(screen.getByRole('alertdialog').textContent).toContain('every run on it is kept');
    fireEvent.click(screen.getByRole('button', { name: 'Yes, retire it' }));
    expect((await screen.findByRole('status')).textContent).toBe('Retired: no new runs. 12 runs on it are kept.');
    expect(posts(calls)).toEqual([
      { method: 'POST', path: '/api/sops/chest-ct/retire', body: { reason: 'Replaced by low-dose card' } },
    ]);
  });

  it("shows the server's refusal of a retirement", async () => {
    open(() => Promise.reject(new AuthApiError(404, 'the server has no card "chest-ct"')));
    fireEvent.change(await screen.findByLabelText('Why retire it (required)'), { target: { value: 'Old' } });
    fireEvent.click(screen.getByRole('button', { name: 'Retire card' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, retire it' }));
    expect((await screen.findByRole('alert')).textContent).toContain('the server has no card "chest-ct"');
  });
});
