// The approver's screen against a fake server answering with the real step-level diff: it shows
// exactly the added step (and the step that now leads to it), the card's history, refuses the draft's
// author before any tap, and publishes for a second person.
import { configure, fireEvent, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { AuthApiError } from '../../../auth/auth-api';
import { diffSops } from '../../../domain/sop/sop.diff';
import { chestCt } from '../../../sops/chest-ct.sop';
import ApprovePage from './ApprovePage';
import { insertStep } from './draft-edits';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 6000 });
});

const draft = insertStep(chestCt, 2);
const added = draft.steps[3]!.id;

function open(user: string, role: 'admin' | 'qaLead' = 'qaLead') {
  const calls: { method: string; path: string; body?: unknown }[] = [];
  const answers: Record<string, unknown> = {
    '/api/sops/chest-ct/draft': {
      sopId: 'chest-ct',
      definition: draft,
      changeNote: 'Adds an IV line check',
      baseVersion: chestCt.version,
      rollbackOf: null,
      editors: ['author-1'],
      updatedAt: 42,
      errors: [],
      blockers: [],
    },
    '/api/sops/chest-ct/history': {
      id: 'chest-ct',
      versions: [1, 2],
      approvals: [],
      retired: null,
    },
    [`/api/sops/chest-ct/diff?from=${chestCt.version}&to=draft`]: diffSops(chestCt, {
      ...draft,
      version: chestCt.version + 1,
    }),
  };
  const account = testAccount({
    role,
    fetchJson: <T,>(path: string): Promise<T> => {
      calls.push({ method: 'GET', path });
      return path in answers ? Promise.resolve(answers[path] as T) : Promise.reject(new AuthApiError(404, 'not found'));
    },
    sendJson: <T,>(method: string, path: string, body?: unknown): Promise<T> => {
      calls.push({ method, path, body });
      return Promise.resolve({ id: 'chest-ct', version: chestCt.version + 1 } as T);
    },
  });
  renderWith(<ApprovePage sopId="chest-ct" />, testServices({ account, user }), '/editor/chest-ct/approve');
  return { calls };
}

describe('ApprovePage', { timeout: 20_000 }, () => {
  it('shows exactly the added step, and the step that now leads to it', async () => {
    open('qa-1');
    await screen.findByText(`Step added: ${added}`);
    const rows = [...document.querySelectorAll<HTMLElement>('[data-diff-step]')].map(
      (r) => `${r.dataset.change} ${r.dataset.diffStep}`,
    );
    expect(rows).toEqual([`changed ${chestCt.steps[2]!.id}`, `added ${added}`]);
    const changed = document.querySelector(`[data-diff-step="${chestCt.steps[2]!.id}"]`)!;
    expect(changed.querySelectorAll('tr')).toHaveLength(1);
    expect(changed.textContent).toContain('next');
    expect(screen.getByText('Change note:').parentElement!.textContent).toContain('Adds an IV line check');
  });

  it("refuses the draft's author: Approve is off and the screen says why", async () => {
    const { calls } = open('author-1', 'admin');
    expect(await screen.findByText('You edited this draft: a second person must approve it.')).toBeTruthy();
    const approve = screen.getByRole('button', { name: 'Approve and publish' });
    expect(approve).toHaveProperty('disabled', true);
    fireEvent.click(approve);
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
  });

  it('publishes for a second person, sending the draft version they saw', async () => {
    const { calls } = open('qa-1');
    fireEvent.click(await screen.findByRole('button', { name: 'Approve and publish' }));
    expect(await screen.findByText(/Published as version 3/)).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toEqual([
      { method: 'POST', path: '/api/sops/chest-ct/draft/approve', body: { updatedAt: 42 } },
    ]);
  });
});
