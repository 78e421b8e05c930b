// The lock screen on a real (fake-indexeddb) database: running timers named the way staff know the
// scanners (labels, not ids), and a due timer that asks for the PIN to acknowledge it.
import { configure, render, screen } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuthApi } from '../../../auth/auth-api';
import { createSession } from '../../../auth/session';
import { ScanCardDb } from '../../../db/db';
import { scannerCommand } from '../../../db/scanners.repo';
import { DEFAULT_SCANNERS } from '../../../domain/scanners/scanner';
import { DEFAULT_TIMER_RULES } from '../../../domain/timers/timers';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { LockScreen } from './LockScreen';

vi.mock('../../alarm-sound', () => ({ playAlarm: () => undefined }));

const user = { id: 'u-wang', username: 'wang', displayName: 'Wang Li', role: 'technologist' as const };

async function lockedWithWarmup(startedAgoMs: number) {
  const db = new ScanCardDb(`lock-${crypto.randomUUID()}`);
  const session = createSession({ db, api: {} as AuthApi, now: () => Date.now() });
  const ct1 = DEFAULT_SCANNERS.find((s) => s.id === 'ct-1')!;
  await scannerCommand(db, ct1, { type: 'powerOn' }, DEFAULT_TIMER_RULES, {
    user: user.id,
    now: Date.now() - startedAgoMs,
  });
  render(<LockScreen db={db} session={session} state={{ phase: 'locked', user, reason: 'idle' }} />);
}

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});

describe('LockScreen', () => {
  it('names a warming-up scanner by its label ("CT 1"), not its id ("ct-1")', async () => {
    await lockedWithWarmup(30_000);
    const heading = await screen.findByRole('heading', { name: 'Running timers' });
    const section = heading.closest('section')!;
    expect(section.textContent).toContain('CT 1');
    expect(section.textContent).not.toContain('ct-1');
  });

  it('a due timer asks for the PIN to acknowledge the alarm', async () => {
    await lockedWithWarmup(4 * 60_000);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'A timer is due: unlock with your PIN to acknowledge the alarm.',
    );
  });
});
