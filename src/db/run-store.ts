// The signed-in session's view of its runs: one object, made at sign-in, that holds the database, the
// data key, the SOP lookup, the clock and the user, so screens call `runs.runCommand(id, command)`
// instead of threading six arguments through every call. It only ever uses the database it is
// given: demo mode makes a second one on openDb('demo'), and the clinical records stay untouched.
// The run engine (xstate, the card compiler) loads with the first run write, not with the first screen.
import type { AuditAction } from '../domain/events/audit-entry.event';
import type { NewRunHeader } from '../domain/run/run.header';
import type { RunCommand } from '../domain/run/run.types';
import type { Scanner, ScannerCommand } from '../domain/scanners/scanner';
import type { KnownFacts } from '../domain/sop/known-facts';
import type { SopDefinition } from '../domain/sop/sop.schema';
import type { TimerRules } from '../domain/timers/timers';
import { acknowledgeAlarm, type AlarmToAcknowledge } from './alarms.repo';
import { recordAudit } from './audit.repo';
import { createRunWriteQueue } from './run-write-queue';
import type { Vault } from './crypto/vault';
import type { RunRow, ScanCardDb, ScannerRow } from './db';
import { appendEvent, type AnyEvent } from './events.repo';
import { getRun } from './runs.queries';
import type * as RunsRepo from './runs.repo';
import type { SopLookup } from './runs.repo';
import { scannerCommand } from './scanners.repo';

export type RunStoreOptions = {
  readonly db: ScanCardDb;
  readonly vault: Vault;
  /** The signed-in user's id: every event names who recorded it. */
  readonly user: string;
  /** The tablet's clock, corrected by the measured offset to the server's. */
  readonly now: () => number;
  /** The built-in card versions at hand (the current ones in the browser). */
  readonly builtInSops: readonly SopDefinition[];
  /** Every built-in version, earlier published ones included: loaded once a run pins one not at hand. */
  readonly loadBuiltInSops?: () => Promise<readonly SopDefinition[]>;
  /** The site's timer standards; a function when they can change during the session (site settings). */
  readonly timerRules: TimerRules | (() => TimerRules);
};

export type RunStore = {
  readonly db: ScanCardDb;
  readonly user: string;
  /** Finds a pinned card version: built-in, or stored on this tablet. */
  readonly sops: SopLookup;
  /** `facts`: what the new-exam form already knows, recorded as the run's first command ("known"). */
  createRun(header: NewRunHeader, facts?: KnownFacts): Promise<string>;
  /**
   * Queued behind the run's earlier commands and stored in order (strict durability); resolves with
   * the row once committed. `at`: the time the screen already drew it with (default: now). A failure
   * drops the commands queued behind it (WriteDroppedError).
   */
  runCommand(runId: string, command: RunCommand, at?: number): Promise<RunRow>;
  scannerCommand(scanner: Scanner, command: ScannerCommand): Promise<ScannerRow>;
  recordAudit(action: AuditAction, subject?: string, detail?: string): Promise<void>;
  /** A due alarm acknowledged by the signed-in user (`name`: how screens name them), audited. */
  acknowledgeAlarm(alarm: AlarmToAcknowledge, name: string): Promise<void>;
  /** An event of a registered type that changes no snapshot (QC results, sign-offs …). */
  recordEvent(type: string, payload: unknown, streamId?: string): Promise<AnyEvent>;
  getRun(runId: string): Promise<RunRow | undefined>;
  rebuildRun(runId: string): Promise<RunRow>;
};

export function createRunStore(o: RunStoreOptions): RunStore {
  const { db, vault, user } = o;
  const byKey = (list: readonly SopDefinition[]) => new Map(list.map((s) => [`${s.id}@${s.version}`, s]));
  let builtIn = byKey(o.builtInSops);
  let stored = new Map<string, SopDefinition>();
  const sops: SopLookup = (id, version) => builtIn.get(`${id}@${version}`) ?? stored.get(`${id}@${version}`);
  const actor = () => ({ user, now: o.now() });
  const queue = createRunWriteQueue();

  // Versions never change once stored, only new ones arrive (import, sync): re-read them on a miss,
  // and load the earlier built-in versions then (the browser keeps them off the start-up path).
  let loaded: typeof RunsRepo | undefined;
  async function withSops<T>(work: (repo: typeof RunsRepo) => Promise<T>): Promise<T> {
    const repo = (loaded ??= await import('./runs.repo'));
    try {
      return await work(repo);
    } catch (e) {
      if (!(e instanceof repo.SopMissingError)) throw e;
      // A chunk that fails to load leaves the stored cards to try; the miss is reported if still a miss.
      const [rows, all] = await Promise.all([db.sops.toArray(), o.loadBuiltInSops?.().catch(() => undefined)]);
      stored = new Map(rows.map((r) => [`${r.id}@${r.version}`, r.definition]));
      if (all) builtIn = byKey(all);
      return work(repo);
    }
  }

  return {
    db,
    user,
    sops,
    createRun(header, facts) {
      const by = actor();
      return withSops((repo) => repo.createRun(db, vault, sops, header, by, facts));
    },
    runCommand(runId, command, at) {
      const by = { user, now: at ?? o.now() };
      return queue.submit(runId, (base) =>
        withSops((repo) => repo.runCommand(db, vault, sops, runId, command, by, base)),
      );
    },
    scannerCommand: (scanner, command) =>
      scannerCommand(db, scanner, command, typeof o.timerRules === 'function' ? o.timerRules() : o.timerRules, actor()),
    recordAudit: (action, subject, detail) => recordAudit(db, actor(), action, subject, detail),
    acknowledgeAlarm: (alarm, name) => acknowledgeAlarm(db, { ...actor(), name }, alarm),
    recordEvent: (type, payload, streamId) => appendEvent(db, vault, type, payload, actor(), streamId),
    getRun: (runId) => getRun(db, vault, runId),
    rebuildRun: (runId) => withSops((repo) => repo.rebuildRun(db, vault, sops, runId)),
  };
}
