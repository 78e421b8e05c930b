// Puts a seeded month of run logs on a tablet's database the way a pull does (mergePulled: stored
// sealed, every run rebuilt), for the dashboard's tests, e2e seeding and screenshots.
import type { Vault } from '../../src/db/crypto/vault';
import type { ScanCardDb, StoredEvent } from '../../src/db/db';
import { mergePulled } from '../../src/db/sync.repo';
import type { RunEvent } from '../../src/domain/run/run.event';
import { DEFAULT_SCANNERS } from '../../src/domain/scanners/scanner';
import { DEFAULT_TIMER_RULES } from '../../src/domain/timers/timers';
import { BUILT_IN_SOPS } from '../../src/sops/library';

export const builtInLookup = (id: string, v: number) => BUILT_IN_SOPS.find((s) => s.id === id && s.version === v);

export async function seedLogs(db: ScanCardDb, vault: Vault, logs: readonly (readonly RunEvent[])[], now: number) {
  const events = logs.flat() as unknown as StoredEvent[];
  const ctx = { sops: builtInLookup, scanners: DEFAULT_SCANNERS, timerRules: DEFAULT_TIMER_RULES, now };
  for (let i = 0; i < events.length; i += 2000) await mergePulled(db, vault, events.slice(i, i + 2000), ctx);
}
