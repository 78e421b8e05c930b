import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TIMER_IDS } from '../sop/sop.schema';
import {
  DEFAULT_TIMER_RULES,
  formatCountdown,
  startTimer,
  stopTimer,
  timerLevel,
  timerStatus,
  type TimerKind,
  type TimerRules,
  type TimerState,
} from './timers';

const T0 = Date.UTC(2026, 10, 23, 8, 0);
const SEC = 1000;
const MIN = 60 * SEC;

/** A 5-minute timer started at T0. */
const timer = (kind: TimerKind, stoppedAt?: number): TimerState => ({
  id: kind === 'limit' ? 'emergencyResponse' : 'contrastObservation',
  kind,
  startedAt: T0,
  deadline: T0 + 5 * MIN,
  ...(stoppedAt === undefined ? {} : { stoppedAt }),
});

describe('startTimer / stopTimer', () => {
  it('uses the department defaults', () => {
    const expected = {
      warmupCt: [3, 'limit'],
      warmupMr: [10, 'limit'],
      emergencyResponse: [5, 'limit'],
      contrastObservation: [30, 'wait'],
      reportHandoff: [15, 'limit'],
    };
    for (const id of TIMER_IDS) {
      const [minutes, kind] = expected[id];
      expect(startTimer(id, DEFAULT_TIMER_RULES, T0), id).toEqual({
        id,
        kind,
        startedAt: T0,
        deadline: T0 + (minutes as number) * MIN,
      });
    }
  });

  it('uses the durations and kinds of the rules it is given (site overrides)', () => {
    const rules: TimerRules = { ...DEFAULT_TIMER_RULES, warmupCt: { durationMs: 2 * MIN + 30 * SEC, kind: 'wait' } };
    expect(startTimer('warmupCt', rules, T0)).toEqual({
      id: 'warmupCt',
      kind: 'wait',
      startedAt: T0,
      deadline: T0 + 150 * SEC,
    });
    expect(startTimer('reportHandoff', rules, T0).deadline).toBe(T0 + 15 * MIN);
  });

  it('stops once: a second stop keeps the first stop time', () => {
    const stopped = stopTimer(timer('limit'), T0 + MIN);
    expect(stopped.stoppedAt).toBe(T0 + MIN);
    expect(stopTimer(stopped, T0 + 9 * MIN)).toBe(stopped);
  });
});

describe('timerStatus', () => {
  it('running, before the deadline', () => {
    expect(timerStatus(timer('limit'), T0 + 2 * MIN)).toEqual({
      running: true,
      remainingMs: 3 * MIN,
      elapsedMs: 2 * MIN,
      due: false,
      deviation: false,
    });
  });

  it('running, exactly at the deadline: due, not yet a deviation', () => {
    expect(timerStatus(timer('limit'), T0 + 5 * MIN)).toEqual({
      running: true,
      remainingMs: 0,
      elapsedMs: 5 * MIN,
      due: true,
      deviation: false,
    });
  });

  it('running limit timer past its deadline: due and a deviation', () => {
    expect(timerStatus(timer('limit'), T0 + 5 * MIN + 1)).toEqual({
      running: true,
      remainingMs: -1,
      elapsedMs: 5 * MIN + 1,
      due: true,
      deviation: true,
    });
  });

  it('running wait timer past its deadline: due, never a deviation', () => {
    expect(timerStatus(timer('wait'), T0 + 40 * MIN)).toEqual({
      running: true,
      remainingMs: -35 * MIN,
      elapsedMs: 40 * MIN,
      due: true,
      deviation: false,
    });
  });

  it('stopped in time: frozen, not due, whatever the clock says later', () => {
    const t = timer('limit', T0 + 4 * MIN);
    const expected = { running: false, remainingMs: MIN, elapsedMs: 4 * MIN, due: false, deviation: false };
    expect(timerStatus(t, T0 + 4 * MIN)).toEqual(expected);
    expect(timerStatus(t, T0 + 90 * MIN)).toEqual(expected);
  });

  it('limit timer stopped late stays a deviation; a wait timer stopped early is not one', () => {
    expect(timerStatus(timer('limit', T0 + 7 * MIN), T0 + 8 * MIN)).toEqual({
      running: false,
      remainingMs: -2 * MIN,
      elapsedMs: 7 * MIN,
      due: false,
      deviation: true,
    });
    expect(timerStatus(timer('wait', T0 + MIN), T0 + 8 * MIN)).toEqual({
      running: false,
      remainingMs: 4 * MIN,
      elapsedMs: MIN,
      due: false,
      deviation: false,
    });
  });

  it('a clock before the start (tablet clock moved back) gives zero elapsed and never more than the length', () => {
    expect(timerStatus(timer('limit'), T0 - 10 * SEC)).toMatchObject({
      elapsedMs: 0,
      remainingMs: 5 * MIN,
      due: false,
    });
  });

  it('a screen clock one tick behind the start shows the full length, not a second above it (30:01)', () => {
    const obs = startTimer('contrastObservation', DEFAULT_TIMER_RULES, T0);
    expect(formatCountdown(timerStatus(obs, T0 - 400).remainingMs)).toBe('30:00');
  });
});

describe('timerLevel', () => {
  const emergency = startTimer('emergencyResponse', DEFAULT_TIMER_RULES, T0);
  const handoff = startTimer('reportHandoff', DEFAULT_TIMER_RULES, T0);
  const observation = startTimer('contrastObservation', DEFAULT_TIMER_RULES, T0);

  it('the 5-minute emergency countdown never looks routine: soon from the start, imminent in the last minute', () => {
    expect(timerLevel(emergency, T0)).toBe('soon');
    expect(timerLevel(emergency, T0 + 3 * MIN + 59 * SEC)).toBe('soon');
    expect(timerLevel(emergency, T0 + 4 * MIN)).toBe('imminent');
    expect(timerLevel(emergency, T0 + 5 * MIN)).toBe('due');
  });

  it('a long limit timer is calm, then soon in its last half, then imminent in its last fifth', () => {
    expect(timerLevel(handoff, T0 + 7 * MIN)).toBe('calm');
    expect(timerLevel(handoff, T0 + 8 * MIN)).toBe('soon');
    expect(timerLevel(handoff, T0 + 12 * MIN)).toBe('imminent');
    expect(timerLevel(handoff, T0 + 16 * MIN)).toBe('due');
  });

  it('a wait timer is calm until it is over; stopped early it says so, never "done"', () => {
    expect(timerLevel(observation, T0 + 29 * MIN)).toBe('calm');
    expect(timerLevel(observation, T0 + 30 * MIN)).toBe('over');
    expect(timerLevel(stopTimer(observation, T0 + 8 * SEC), T0 + MIN)).toBe('endedEarly');
    expect(timerLevel(stopTimer(observation, T0 + 31 * MIN), T0 + 40 * MIN)).toBe('done');
  });

  it('a stopped limit timer is done, or a deviation when it ran over', () => {
    expect(timerLevel(stopTimer(emergency, T0 + 4 * MIN), T0 + 9 * MIN)).toBe('done');
    expect(timerLevel(stopTimer(emergency, T0 + 6 * MIN), T0 + 9 * MIN)).toBe('deviation');
  });
});

describe('formatCountdown', () => {
  it.each([
    [0, '0:00'],
    [1, '0:01'], // rounds up while counting down: 0:00 only once due
    [999, '0:01'],
    [1000, '0:01'],
    [1001, '0:02'],
    [59_000, '0:59'],
    [59_001, '1:00'],
    [60_000, '1:00'],
    [60_001, '1:01'],
    [245_000, '4:05'],
    [600_000, '10:00'],
    [3_600_000, '60:00'],
    [-1000, '-0:01'],
    [-1999, '-0:01'], // overdue time rounds down (towards the deadline)
    [-12_500, '-0:12'],
    [-61_000, '-1:01'],
    [-3_600_000, '-60:00'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatCountdown(ms)).toBe(text);
  });

  // Current behaviour, pinned: the first overdue second shows "-0:00" (not "0:00").
  it('shows "-0:00" less than a second past the deadline', () => {
    expect(formatCountdown(-1)).toBe('-0:00');
    expect(formatCountdown(-999)).toBe('-0:00');
  });
});

describe('timer properties', () => {
  const kind = fc.constantFrom<TimerKind>('limit', 'wait');
  const start = fc.integer({ min: 0, max: 4_000_000_000_000 });
  const duration = fc.integer({ min: 0, max: 24 * 60 * MIN });
  const offset = fc.integer({ min: 0, max: 48 * 60 * MIN });

  it('remaining never exceeds the length, whatever the clock', () => {
    fc.assert(
      fc.property(kind, start, duration, fc.integer({ min: -60 * MIN, max: 48 * 60 * MIN }), (k, s, d, o) => {
        expect(
          timerStatus({ id: 'warmupCt', kind: k, startedAt: s, deadline: s + d }, s + o).remainingMs,
        ).toBeLessThanOrEqual(d);
      }),
    );
  });

  it('while running and now ≥ start: remaining + elapsed == duration', () => {
    fc.assert(
      fc.property(kind, start, duration, offset, (k, s, d, o) => {
        const st = timerStatus({ id: 'warmupCt', kind: k, startedAt: s, deadline: s + d }, s + o);
        expect(st.remainingMs + st.elapsedMs).toBe(d);
        expect(st.elapsedMs).toBe(o);
        expect(st.running).toBe(true);
        expect(st.due).toBe(o >= d);
        expect(st.deviation).toBe(k === 'limit' && o > d);
      }),
    );
  });

  it('startTimer: deadline − start is the rule duration for every timer', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TIMER_IDS), duration, kind, start, (id, d, k, at) => {
        const t = startTimer(id, { ...DEFAULT_TIMER_RULES, [id]: { durationMs: d, kind: k } }, at);
        expect(t).toEqual({ id, kind: k, startedAt: at, deadline: at + d });
      }),
    );
  });

  it('a stopped timer reads the same at any later time', () => {
    fc.assert(
      fc.property(kind, start, duration, offset, offset, (k, s, d, stopAfter, later) => {
        const t = stopTimer({ id: 'warmupMr', kind: k, startedAt: s, deadline: s + d }, s + stopAfter);
        expect(timerStatus(t, s + stopAfter + later)).toEqual(timerStatus(t, s + stopAfter));
      }),
    );
  });

  it('formatCountdown always prints m:ss with seconds below 60', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10 * 60 * MIN, max: 10 * 60 * MIN }), (ms) => {
        const text = formatCountdown(ms);
        expect(text).toMatch(/^-?\d+:[0-5]\d$/);
        const [m, s] = text.replace('-', '').split(':').map(Number) as [number, number];
        expect(m * 60 + s).toBe(ms < 0 ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000));
      }),
    );
  });
});
