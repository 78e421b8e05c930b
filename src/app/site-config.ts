// The site's standards as this tablet last received them from /api/config (timer lengths, idle lock,
// time zone, whether unsigned cards block a start), remembered for offline starts. New timers start with these rules; a run keeps the rules it was
// created with (its header), so a change never moves a running exam's deadlines.
import { idleLockMsOrUndefined, timerRulesOrDefault } from '../domain/settings/site-settings';
import { canonicalTimeZone } from '../domain/settings/site-time-zone';
import type { TimerRules } from '../domain/timers/timers';

export type SiteConfig = {
  readonly timerRules: TimerRules;
  readonly idleLockMs?: number;
  /** Absent until the server has said (or if it sent no zone this tablet knows): the tablet's own zone. */
  readonly timeZone?: string;
  readonly blockUnsignedCards: boolean;
};
type Raw = { timerRules?: unknown; idleLockMs?: unknown; timeZone?: unknown; blockUnsignedCards?: unknown };
type KeyValue = Pick<Storage, 'getItem' | 'setItem'>;

const KEY = 'scancard.siteConfig';
const LEGACY_IDLE_KEY = 'scancard.idleLockMs';

function parse(raw: Raw | null): SiteConfig {
  const idleLockMs = idleLockMsOrUndefined(raw?.idleLockMs);
  const timeZone = canonicalTimeZone(raw?.timeZone);
  return {
    timerRules: timerRulesOrDefault(raw?.timerRules),
    ...(idleLockMs !== undefined && { idleLockMs }),
    ...(timeZone !== undefined && { timeZone }),
    blockUnsignedCards: raw?.blockUnsignedCards === true,
  };
}

export function siteConfigStore(storage: KeyValue | undefined) {
  const read = (): SiteConfig => {
    try {
      const saved = storage?.getItem(KEY);
      if (saved) return parse(JSON.parse(saved) as Record<string, unknown>);
      return parse({ idleLockMs: Number(storage?.getItem(LEGACY_IDLE_KEY)) }); // before site settings existed
    } catch {
      return parse(null);
    }
  };
  let current = read();
  const listeners = new Set<() => void>();
  return {
    current: () => current,
    /** What the server sent (unknown shape: each field is checked, anything invalid keeps the default). */
    apply(raw: Raw): SiteConfig {
      current = parse(raw);
      try {
        storage?.setItem(KEY, JSON.stringify(current));
      } catch {
        /* storage full or blocked: the settings still apply until the next start */
      }
      listeners.forEach((l) => l());
      return current;
    },
    subscribe(l: () => void): () => void {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}
export type SiteConfigStore = ReturnType<typeof siteConfigStore>;

/** The app's one instance (localStorage: read synchronously at start, before any timer can begin). */
export const siteConfig = siteConfigStore(typeof localStorage === 'undefined' ? undefined : localStorage);
