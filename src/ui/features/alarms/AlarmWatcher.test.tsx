// Alarms on a real (fake-indexeddb) database: a due timer is a large alarm that names the timer,
// the scanner and the card, can be acknowledged (recorded in the audit trail: who, when, which
// timer of which run) and sounds again until someone does.
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRun, type SopLookup } from '../../../db/runs.repo';
import { ALARM_REPEAT_MS } from '../../../domain/timers/alarm-policy';
import { BUILT_IN_SOPS } from '../../../sops/library';
import { renderWith, testAccount, testServices } from '../../../../test/setup/render';
import { initTestI18n } from '../../../../test/setup/test-i18n';
import { AlarmWatcher } from './AlarmWatcher';

const sounds = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../alarm-sound', () => ({ playAlarm: () => void (sounds.count += 1) }));

const lookup: SopLookup = (id, v) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);
const account = testAccount({ displayName: 'Chen Jing' });

async function emergencyRun() {
  const services = testServices({ account, user: 'user-chen' });
  const sop = BUILT_IN_SOPS.find((s) => s.id === 'emergency-head-ct')!;
  const id = await createRun(
    services.db,
    services.vault,
    lookup,
    {
      kind: 'exam',
      sop: { id: sop.id, version: sop.version },
      priority: 'emergency',
      scanner: 'CT 1',
      timerRules: services.timerRules,
      patient: { patientId: 'P-1', sex: 'male', language: 'en', ageYears: 70 },
    },
    { user: 'user-chen', now: services.clock.now },
  );
  // As the app shows them: alarms to acknowledge at the top, acknowledged ones in the page.
  renderWith(
    <>
      <AlarmWatcher />
      <AlarmWatcher show="acknowledged" />
    </>,
    services,
  );
  return { services, id, user: userEvent.setup() };
}

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 4000 });
});
beforeEach(() => void (sounds.count = 0));

describe('AlarmWatcher', { timeout: 20_000 }, () => {
  it('shows nothing while no timer is due', async () => {
    await emergencyRun();
    await new Promise((r) => setTimeout(r, 300));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(sounds.count).toBe(0);
  });

  it('an overdue emergency is a large alarm with the timer, how far over, the scanner and the card', async () => {
    const { services, id } = await emergencyRun();
    services.clock.now += 5 * 60_000 + 12_000;
    const alarm = await screen.findByRole('alert');
    expect(alarm.getAttribute('data-alarm-key')).toBe(`${id}:emergencyResponse`);
    expect(alarm.textContent).toContain('Emergency response overdue by 0:12');
    await waitFor(() => expect(alarm.textContent).toContain('CT 1 · Emergency head CT'));
    expect(within(alarm).getByRole('button', { name: 'Acknowledge' })).toBeTruthy();
    expect(within(alarm).getByRole('link', { name: 'Open exam' }).getAttribute('href')).toBe(`/run/${id}`);
    await waitFor(() => expect(sounds.count).toBe(1));
  });

  it('repeats the sound while nobody acknowledges, and stops once acknowledged', async () => {
    const { services } = await emergencyRun();
    services.clock.now += 5 * 60_000 + 1000;
    await screen.findByRole('alert');
    await waitFor(() => expect(sounds.count).toBe(1));
    services.clock.now += ALARM_REPEAT_MS;
    await waitFor(() => expect(sounds.count).toBe(2));
    await userEvent.setup().click(screen.getByRole('button', { name: 'Acknowledge' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    services.clock.now += 3 * ALARM_REPEAT_MS;
    await new Promise((r) => setTimeout(r, 1500));
    expect(sounds.count).toBe(2);
  });

  it('acknowledging records who, when and which timer of which run, and says so on screen', async () => {
    const { services, id, user } = await emergencyRun();
    services.clock.now += 6 * 60_000;
    const ackAt = services.clock.now;
    await user.click(await screen.findByRole('button', { name: 'Acknowledge' }));
    const row = await waitFor(() => {
      const el = document.querySelector('[data-acknowledged]');
      if (!el) throw new Error('not acknowledged yet');
      return el;
    });
    expect(row.textContent).toMatch(/acknowledged by Chen Jing at/);
    const entries = (await services.db.events.toArray()).filter((e) => e.type === 'audit.entry');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      user: 'user-chen',
      at: ackAt,
      payload: { action: 'alarm.ack', subject: id },
    });
    const sop = BUILT_IN_SOPS.find((s) => s.id === 'emergency-head-ct')!;
    expect((entries[0]!.payload as { detail: string }).detail).toBe(
      `emergencyResponse · CT 1 · emergency-head-ct@${sop.version} · over 1:00`,
    );
  });
});
