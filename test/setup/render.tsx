// Renders a component with real services: a fresh fake-indexeddb database per test and a clock
// the test controls.
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { importDek } from '../../src/db/crypto/keys';
import { createVault } from '../../src/db/crypto/vault';
import { ScanCardDb } from '../../src/db/db';
import { createRunStore } from '../../src/db/run-store';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { BUILT_IN_SOPS } from '../../src/sops/library';
import { ServicesProvider, type Account, type Services } from '../../src/ui/services';

/** A signed-in user's account controls, offline by default (fetchJson fails). */
export function testAccount(overrides: Partial<Account> = {}): Account {
  return {
    displayName: 'Wang Li',
    role: 'technologist',
    lock: () => undefined,
    signOut: () => undefined,
    serverSession: () => 'ok',
    fetchJson: () => Promise.reject(new Error('offline')),
    sendJson: () => Promise.reject(new Error('offline')),
    ...overrides,
  };
}

export function testServices(overrides: Partial<Omit<Services, 'runs'>> = {}): Services & { clock: { now: number } } {
  const clock = { now: Date.UTC(2026, 10, 23, 9, 0) };
  const parts = {
    db: new ScanCardDb(`test-${crypto.randomUUID()}`),
    vault: createVault(importDek(crypto.getRandomValues(new Uint8Array(32)))),
    now: () => clock.now,
    user: 'tester',
    timerRules: DEFAULT_TIMER_RULES,
    scanners: DEFAULT_SCANNERS,
    clock,
    ...overrides,
  };
  // The same session store the app makes at sign-in, over this test's database, key, clock and user.
  const runs = createRunStore({ ...parts, builtInSops: BUILT_IN_SOPS });
  return { ...parts, runs };
}

export function renderWith(ui: ReactNode, services: Services, path = '/') {
  const location = memoryLocation({ path, record: true });
  const result = render(
    <ServicesProvider services={services}>
      <Router hook={location.hook} searchHook={location.searchHook}>
        {ui}
      </Router>
    </ServicesProvider>,
  );
  return { ...result, location };
}
