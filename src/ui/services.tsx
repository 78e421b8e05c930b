// What every feature needs from the app: the database, a clock, the acting user and the site's
// standards. Provided once here so features never reach for globals (and tests can swap them).
import { createContext, useContext, type ReactNode } from 'react';
import type { ScanCardDb } from '../db/db';
import type { SyncController } from '../sync/sync-controller';
import { DEFAULT_SCANNERS, type Scanner } from '../domain/scanners/scanner';
import { DEFAULT_TIMER_RULES, type TimerRules } from '../domain/timers/timers';

export type Services = {
  readonly db: ScanCardDb;
  readonly now: () => number;
  /** Until logins exist (issue 5) events are attributed to this device's local user. */
  readonly user: string;
  readonly timerRules: TimerRules;
  readonly scanners: readonly Scanner[];
  /** Department-server sync; absent in tests and demo mode. */
  readonly sync?: SyncController;
};

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside ServicesProvider');
  return s;
}

export function defaultServices(db: ScanCardDb): Services {
  return { db, now: () => Date.now(), user: 'local', timerRules: DEFAULT_TIMER_RULES, scanners: DEFAULT_SCANNERS };
}
