// The trainer figures screen: what the server's figures say, in words (per trainee and card, the
// steps gone wrong most first, lapsed and due sign-offs); a technologist gets no figures, offline says so.
import { configure, screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import type { Role } from '../../../domain/auth/roles';
import type { TrainingFigures } from '../../../domain/training/figures';
import TrainerFiguresPage from './TrainerFiguresPage';

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 5000 });
});

const standing = {
  sopId: 'chest-ct',
  version: 2,
  assessor: 'u-trainer',
  assessedOn: '2023-11-01',
  revalidateBy: '2026-11-01',
};
const FIGURES: TrainingFigures & { today: string } = {
  today: '2026-11-23',
  trainees: [
    {
      trainee: 'u-wang',
      attempts: 3,
      passed: 1,
      meanScore: 71,
      cards: [{ sopId: 'chest-ct', attempts: 3, passed: 1, meanScore: 71, bestScore: 88, lastScore: 88 }],
    },
  ],
  mistakes: [
    { sopId: 'chest-ct', stepId: 'identity', seen: 3, errors: 0, refused: 0, missed: 0, wrong: 0 },
    { sopId: 'chest-ct', stepId: 'positioning', seen: 3, errors: 1, refused: 1, missed: 0, wrong: 0 },
    { sopId: 'chest-ct', stepId: 'screening', seen: 3, errors: 2, refused: 2, missed: 3, wrong: 1 },
  ],
  signOffs: [],
  due: [
    { ...standing, trainee: 'u-wang', state: 'lapsed', reasons: ['revalidationDue'], daysLeft: -22 },
    { ...standing, trainee: 'u-chen', state: 'valid', reasons: [], daysLeft: 17, revalidateBy: '2026-12-10' },
  ],
};

function open(role: Role, fetchJson: (path: string) => Promise<unknown>) {
  const asked: string[] = [];
  const services = testServices({
    account: testAccount({
      role,
      fetchJson: <T,>(path: string) => (asked.push(path), fetchJson(path) as Promise<T>),
    }),
  });
  void services.db.directory.bulkPut([
    { id: 'u-wang', username: 'wang', displayName: 'Wang Li', role: 'technologist', active: true },
    { id: 'u-chen', username: 'chen', displayName: 'Chen Jing', role: 'technologist', active: true },
  ]);
  renderWith(<TrainerFiguresPage />, services, '/training/figures');
  return asked;
}

describe('trainer figures screen', { timeout: 20_000 }, () => {
  it.each(['trainer', 'qaLead', 'admin'] as const)('%s: attempts per trainee and card, mistakes, due', async (role) => {
    const asked = open(role, async () => FIGURES);
    const trainees = await screen.findByRole('table', { name: 'Practice attempts per trainee and card' });
    const row = within(trainees).getAllByRole('row')[1]!;
    expect(await within(row).findByText('Wang Li')).toBeTruthy();
    expect(row.textContent).toContain('Chest CT');
    expect(row.textContent).toContain('mean 71 · best 88 · last 88');
    // Steps with mistakes only, the most errors first.
    const mistakes = screen.getByRole('table', { name: 'Common mistakes per step' });
    expect([...mistakes.querySelectorAll('[data-mistake]')].map((r) => r.getAttribute('data-mistake'))).toEqual([
      'chest-ct.screening',
      'chest-ct.positioning',
    ]);
    expect(mistakes.querySelector('[data-mistake="chest-ct.screening"]')!.textContent).toContain('2 of 3 attempts');
    const due = document.querySelectorAll('[data-due]');
    expect([...due].map((d) => d.textContent)).toEqual([
      expect.stringMatching(/Wang Li · .* v2 · lapsed \(re-validation date passed\)/),
      expect.stringMatching(/Chen Jing · .* v2 · re-validate within 17 days \(2026-12-10\)/),
    ]);
    expect(asked).toEqual(['/api/training/figures']);
  });

  it('a technologist is told the figures are not theirs to see, and nothing is asked of the server', async () => {
    const asked = open('technologist', async () => FIGURES);
    expect(await screen.findByText(/for trainers, QA leads and administrators/)).toBeTruthy();
    expect(asked).toEqual([]);
  });

  it('offline: says the figures need the server', async () => {
    open('trainer', () => Promise.reject(new Error('offline')));
    expect((await screen.findByRole('alert')).textContent).toMatch(/cannot be reached now/);
  });
});
