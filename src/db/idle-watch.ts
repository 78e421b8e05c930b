// Re-reads that must not sit on a tap's path: instead of a live query (which re-reads at once,
// queued behind the tap's commit and before the next tap's write), watch the tables for changes
// (Dexie's "storagemutated", also fired for other tabs) and read again when the browser is idle.
// Changes that come meanwhile are coalesced into one read.
import Dexie from 'dexie';

const whenIdle = (run: () => void) =>
  typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 1000 }) : setTimeout(run, 50);

/** Reads now, then again at idle after any change to `tables`; returns the stop function. */
export function watchAtIdle<T>(
  db: Dexie,
  tables: readonly string[],
  read: () => Promise<T>,
  onChange: (value: T) => void,
): () => void {
  const prefixes = tables.map((t) => `idb://${db.name}/${t}/`);
  let stopped = false;
  let scheduled = false;
  let running = false;
  let again = false;
  const run = async () => {
    scheduled = false;
    if (stopped) return;
    if (running) return void (again = true);
    running = true;
    try {
      const value = await read();
      if (!stopped) onChange(value);
    } catch {
      // a closed or failing database: the next change reads again
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    if (scheduled || stopped) return;
    scheduled = true;
    whenIdle(() => void run());
  };
  const listener = (parts: Record<string, unknown>) => {
    if (Object.keys(parts).some((k) => prefixes.some((p) => k.startsWith(p)))) schedule();
  };
  Dexie.on('storagemutated', listener);
  void run();
  return () => {
    stopped = true;
    Dexie.on('storagemutated').unsubscribe(listener);
  };
}
