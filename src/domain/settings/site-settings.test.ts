import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMER_RULES } from '../timers/timers';
import { DEFAULT_SITE_SETTINGS, idleLockMsOrUndefined, timerRulesFrom, timerRulesOrDefault } from './site-settings';

describe('site settings', () => {
  it('defaults to the department standards (CT 3, MRI 10, emergency 5, observation 30, hand-off 15 min)', () => {
    expect(DEFAULT_SITE_SETTINGS.timerMinutes).toEqual({
      warmupCt: 3,
      warmupMr: 10,
      emergencyResponse: 5,
      contrastObservation: 30,
      reportHandoff: 15,
    });
    expect(timerRulesFrom(DEFAULT_SITE_SETTINGS)).toEqual(DEFAULT_TIMER_RULES);
  });

  it('makes a changed standard the length of new timers, keeping the kind', () => {
    const rules = timerRulesFrom({
      ...DEFAULT_SITE_SETTINGS,
      timerMinutes: { ...DEFAULT_SITE_SETTINGS.timerMinutes, warmupCt: 4 },
    });
    expect(rules.warmupCt).toEqual({ kind: 'limit', durationMs: 4 * 60_000 });
    expect(rules.contrastObservation).toEqual(DEFAULT_TIMER_RULES.contrastObservation);
  });

  it('takes what a tablet received field by field, falling back to the default for anything out of bounds', () => {
    const got = timerRulesOrDefault({
      warmupCt: { durationMs: 240_000, kind: 'wait' }, // kind from the standard, not the wire
      warmupMr: { durationMs: -1 },
      emergencyResponse: { durationMs: 'soon' },
      reportHandoff: { durationMs: 10_000 * 60_000 },
    });
    expect(got.warmupCt).toEqual({ kind: 'limit', durationMs: 240_000 });
    expect(got.warmupMr).toEqual(DEFAULT_TIMER_RULES.warmupMr);
    expect(got.emergencyResponse).toEqual(DEFAULT_TIMER_RULES.emergencyResponse);
    expect(got.reportHandoff).toEqual(DEFAULT_TIMER_RULES.reportHandoff);
    expect(timerRulesOrDefault(null)).toEqual(DEFAULT_TIMER_RULES);
  });

  it('accepts idle-lock times from 1 s (a server started for a test) to 1 h', () => {
    expect(idleLockMsOrUndefined(90_000)).toBe(90_000);
    expect(idleLockMsOrUndefined(5000)).toBe(5000);
    expect(idleLockMsOrUndefined(999)).toBeUndefined();
    expect(idleLockMsOrUndefined(3600_001)).toBeUndefined();
    expect(idleLockMsOrUndefined(0)).toBeUndefined();
    expect(idleLockMsOrUndefined('120000')).toBeUndefined();
  });
});
