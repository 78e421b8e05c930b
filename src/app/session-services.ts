// The services of a signed-in session (run store, cards): made in the signed-in app's chunk, so the
// cards stay off the start-up path.
import type { Vault } from '../db/crypto/vault';
import type { ScanCardDb } from '../db/db';
import { createRunStore } from '../db/run-store';
import { DEFAULT_SCANNERS } from '../domain/scanners/scanner';
import { DEFAULT_TIMER_RULES, type TimerRules } from '../domain/timers/timers';
import { CURRENT_SOPS } from '../sops/current';
import { loadBuiltInSops } from '../sops/load-built-ins';
import type { Services } from '../ui/services';

/** The services of one signed-in session on a database (the clinical one, or the demo one later). */
export function sessionServices(
  db: ScanCardDb,
  vault: Vault,
  user: string,
  now = () => Date.now(),
  /** The site's timer standards as they are now (they can change while someone is signed in). */
  timerRules: () => TimerRules = () => DEFAULT_TIMER_RULES,
): Services {
  const runs = createRunStore({
    db,
    vault,
    user,
    now,
    builtInSops: CURRENT_SOPS,
    loadBuiltInSops, // earlier card versions: only when a run pinned to one is written
    timerRules,
  });
  return { runs, db, vault, now, user, timerRules: timerRules(), scanners: DEFAULT_SCANNERS };
}
