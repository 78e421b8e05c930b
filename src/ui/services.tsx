// What every feature needs from the app: the session's run store (every write goes through it),
// the database and key for live reads, a clock, the acting user and the site's standards. Provided
// once here so features never reach for globals (and tests can swap them).
import { createContext, useContext, type ComponentType, type ReactNode } from 'react';
import type { Vault } from '../db/crypto/vault';
import type { ScanCardDb } from '../db/db';
import type { RunStore } from '../db/run-store';
import type { SyncController } from '../sync/sync-controller';
import type { Role } from '../domain/auth/roles';
import type { Scanner } from '../domain/scanners/scanner';
import type { TimerRules } from '../domain/timers/timers';
import type { PracticeMove } from '../domain/training/scoring';

export type Services = {
  /** Records runs, commands, warm-ups and audit entries as the signed-in user (made at sign-in). */
  readonly runs: RunStore;
  readonly db: ScanCardDb;
  /** The tablet's data key, open while a user is signed in (the lock screen keeps it). */
  readonly vault: Vault;
  readonly now: () => number;
  /** The signed-in user's id: every event and audit entry names who did it. */
  readonly user: string;
  readonly timerRules: TimerRules;
  readonly scanners: readonly Scanner[];
  /** Department-server sync; absent in tests and demo mode. */
  readonly sync?: SyncController;
  /** The signed-in user's account controls; absent in tests. */
  readonly account?: Account;
  /** Site rules set by the department (site settings); absent: the built-in defaults. */
  readonly site?: {
    readonly blockUnsignedCards?: boolean;
    /** The site's IANA zone (QC due windows); absent: the tablet's own. */
    readonly timeZone?: string;
  };
  /** Present only inside trainer demo mode (its own database, no sync, no alarms). */
  readonly demo?: DemoMode;
};

export type DemoMode = {
  /** How fast the demo clock runs (1 = real time; 10 for a 30-minute observation in 3). */
  readonly speed: number;
  setSpeed(speed: number): void;
  /** Deletes every demo run at once. */
  wipe(): Promise<void>;
  /** Why a step exists, shown beside the step card in demo mode only (the trainer notes). */
  readonly StepNote: ComponentType<{ sopId: string; stepId: string }>;
  /** The scored practice run: the run screen reports every move of it, refused ones included. */
  readonly practice?: PracticeRecorder;
  /** Records a training event (an attempt's summary) on the clinical database, to be synced. */
  recordTraining(type: 'training.attempt', payload: unknown): Promise<void>;
};

export type PracticeRecorder = {
  isPractice(runId: string): boolean;
  record(runId: string, move: PracticeMove): void;
};

export type Account = {
  readonly displayName: string;
  readonly role: Role;
  lock(reason: 'button' | 'patientView'): void;
  signOut(): void;
  /** Whether online-only screens can reach the server as this user now (see session.ts). */
  serverSession(): 'ok' | 'waiting' | 'needsPin';
  /** GET from an online-only server route (exports, audit) as this user; fails when offline. */
  fetchJson<T>(path: string): Promise<T>;
  /** A change on an online-only server route (the admin console) as this user; fails when offline. */
  sendJson<T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown): Promise<T>;
};

/** No server session for this user: `state` says what to do about it (the screen says it in words). */
export class ServerSessionError extends Error {
  override name = 'ServerSessionError';
  constructor(readonly state: 'ok' | 'waiting' | 'needsPin') {
    super(`no server session (${state})`);
  }
}

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

/** For screens shown before sign-in (lock, sign-in): services may not exist yet. */
export function useOptionalServices(): Services | null {
  return useContext(ServicesContext);
}

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside ServicesProvider');
  return s;
}
