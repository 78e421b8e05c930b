// The site's own standards, set by an administrator on the server and applied by every tablet: the
// timer lengths (MISSION.md defaults), the idle-lock time, the site's time zone (QC due windows) and
// whether a card a technologist is not signed off on blocks an exam start. Pure: the server validates with these
// bounds, the tablet turns what it received into timer rules (falling back to the defaults field by
// field, so a damaged or older answer can never leave a timer without a length).
import { TIMER_IDS, type TimerId } from '../sop/timer-ids';
import { DEFAULT_TIMER_RULES, type TimerRules } from '../timers/timers';
import { DEFAULT_BLOCK_UNSIGNED_CARDS } from '../training/competency';

const MIN = 60_000;

/** Whole minutes per timer: what a lead technologist reads in the department's plan. */
export type SiteSettings = {
  readonly timerMinutes: Readonly<Record<TimerId, number>>;
  readonly idleLockSeconds: number;
  /** IANA zone, canonical spelling (site-time-zone.ts). */
  readonly timeZone: string;
  /** Starting an exam from a card the technologist is not signed off on is refused (else a warning). */
  readonly blockUnsignedCards: boolean;
};

/** Bounds per timer, in minutes: wide enough for any site, narrow enough to catch a typo (300 for 3). */
export const TIMER_MINUTE_BOUNDS: Readonly<Record<TimerId, { min: number; max: number }>> = {
  warmupCt: { min: 1, max: 30 },
  warmupMr: { min: 1, max: 60 },
  emergencyResponse: { min: 1, max: 60 },
  contrastObservation: { min: 5, max: 120 },
  reportHandoff: { min: 1, max: 240 },
};
/** 30 s (a busy console) to 1 h; the tablet holds patient data, so never "off". */
export const IDLE_LOCK_BOUNDS = { min: 30, max: 3600 } as const;

export const DEFAULT_IDLE_LOCK_SECONDS = 120;

/** The standards; the time zone is the server's own until an administrator sets it (see the routes). */
export const DEFAULT_SITE_SETTINGS: Omit<SiteSettings, 'timeZone'> = {
  timerMinutes: Object.fromEntries(TIMER_IDS.map((id) => [id, DEFAULT_TIMER_RULES[id].durationMs / MIN])) as Record<
    TimerId,
    number
  >,
  idleLockSeconds: DEFAULT_IDLE_LOCK_SECONDS,
  blockUnsignedCards: DEFAULT_BLOCK_UNSIGNED_CARDS,
};

/** The rules new timers start with: the site's lengths, the kinds (limit or wait) as the standard has them. */
export function timerRulesFrom(s: Pick<SiteSettings, 'timerMinutes'>): TimerRules {
  return Object.fromEntries(
    TIMER_IDS.map((id) => [id, { kind: DEFAULT_TIMER_RULES[id].kind, durationMs: s.timerMinutes[id] * MIN }]),
  ) as Record<TimerId, TimerRules[TimerId]>;
}

const validMs = (v: unknown, id: TimerId): v is number => {
  const b = TIMER_MINUTE_BOUNDS[id];
  return typeof v === 'number' && Number.isFinite(v) && v >= b.min * MIN && v <= b.max * MIN;
};

/**
 * Timer rules as a tablet received or stored them (unknown shape): each valid length is taken, any
 * other falls back to the default for that timer; the kind always comes from the standard.
 */
export function timerRulesOrDefault(raw: unknown): TimerRules {
  const given = (raw && typeof raw === 'object' ? raw : {}) as Record<string, { durationMs?: unknown } | undefined>;
  return Object.fromEntries(
    TIMER_IDS.map((id) => {
      const ms = given[id]?.durationMs;
      return [
        id,
        { kind: DEFAULT_TIMER_RULES[id].kind, durationMs: validMs(ms, id) ? ms : DEFAULT_TIMER_RULES[id].durationMs },
      ];
    }),
  ) as Record<TimerId, TimerRules[TimerId]>;
}

/**
 * An idle-lock time a tablet received, or undefined when it is no time at all. Wider than the admin's
 * bounds: the server's own start option (SCANCARD_IDLE_LOCK_SECONDS) may set a few seconds for a test.
 */
export function idleLockMsOrUndefined(raw: unknown): number | undefined {
  return typeof raw === 'number' && Number.isFinite(raw) && raw >= 1000 && raw <= IDLE_LOCK_BOUNDS.max * 1000
    ? raw
    : undefined;
}
