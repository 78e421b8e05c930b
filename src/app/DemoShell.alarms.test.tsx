// Demo timers never sound; real runs' alarms keep sounding while a demo is open. The real App's
// routes: an overdue real emergency and an overdue demo emergency, with the demo run on screen.
import 'fake-indexeddb/auto';
import { configure, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDb } from '../db/db';
import { createRun, type SopLookup } from '../db/runs.repo';
import type { NewRunHeader } from '../domain/run/run.header';
import { BUILT_IN_SOPS } from '../sops/library';
import { renderWith, testAccount, testServices } from '../../test/setup/render';
import { initTestI18n } from '../../test/setup/test-i18n';
import { App } from './App';

const sounds = vi.hoisted(() => ({ count: 0 }));
vi.mock('../ui/alarm-sound', () => ({ playAlarm: () => void (sounds.count += 1) }));

const lookup: SopLookup = (id, v) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);
const sop = BUILT_IN_SOPS.find((s) => s.id === 'emergency-head-ct')!;
const emergency = (patientId: string, timerRules: NewRunHeader['timerRules']): NewRunHeader => ({
  kind: 'exam',
  sop: { id: sop.id, version: sop.version },
  priority: 'emergency',
  scanner: 'CT 1',
  timerRules,
  patient: { patientId, sex: 'male', language: 'en', ageYears: 70 },
});

beforeAll(async () => {
  await initTestI18n();
  configure({ asyncUtilTimeout: 5000 });
});
afterEach(() => openDb('demo').delete());

describe('alarms in demo mode', { timeout: 20_000 }, () => {
  it('an overdue demo emergency is silent and shows no alarm; the overdue real one sounds on the demo screen', async () => {
    const services = testServices({ account: testAccount() });
    const by = { user: 'tester', now: services.clock.now - 10 * 60_000 }; // both arrived 10 minutes ago
    const real = await createRun(services.db, services.vault, lookup, emergency('P-1', services.timerRules), by);
    const demo = await createRun(
      openDb('demo'),
      services.vault,
      lookup,
      emergency('DEMO-0003', services.timerRules),
      by,
    );
    renderWith(<App services={services} />, services, `/demo/run/${demo}`);
    expect(await screen.findByText('DEMO')).toBeTruthy();
    await screen.findByRole('heading', { level: 1, name: /identity/i });
    const alarm = await screen.findByRole('alert');
    await waitFor(() => expect(sounds.count).toBeGreaterThan(0));
    const keys = [...document.querySelectorAll('[data-alarm-key]')].map((e) => e.getAttribute('data-alarm-key'));
    expect(keys).toEqual([`${real}:emergencyResponse`]);
    expect(alarm.getAttribute('data-alarm-key')).not.toContain(demo);
  });
});
