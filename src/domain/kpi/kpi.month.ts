// A seeded, realistic month of runs for the dashboard's tests, benchmark and screenshots: routine,
// urgent and emergency chest CTs on two CT scanners by three technologists, daily QC warm-ups, a few
// emergencies answered late, a cancel, fast paths and skips with typed reasons. Deterministic (a
// seeded generator, every time given), so the same seed always gives the same month and figures.
import { tablet, type Tablet } from '../run/golden/log-builder';
import type { RunEvent } from '../run/run.event';
import { kpiRun, MIN, qcRun } from './kpi.fixtures';

const DAY = 24 * 3600_000;

/** Mulberry32: a small seeded generator (the domain has no hidden randomness). */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type SeededMonth = {
  readonly logs: readonly (readonly RunEvent[])[];
  readonly from: number;
  readonly to: number;
};

/** `perDay` exams a day from `from` for `days` days, plus one warm-up per CT scanner a day. */
export function seededMonth(from: number, days = 30, perDay = 12, seed = 13): SeededMonth {
  const rnd = seeded(seed);
  const staff: Tablet[] = [tablet(1, 'chen'), tablet(2, 'wang'), tablet(3, 'li')];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const logs: RunEvent[][] = [];
  let no = 0;
  for (let d = 0; d < days; d++) {
    const day = from + d * DAY;
    for (const scanner of ['ct-1', 'ct-2']) {
      // Warm-up: usually 2–3 min, now and then over the 3-minute standard.
      const r = qcRun(++no, { arrive: day + 7 * 3600_000, scanner, by: pick(staff) });
      r.step('warmupStart', MIN).step('warmupComplete', (1.5 + rnd() * 2) * MIN);
      logs.push(r.log.events);
    }
    for (let i = 0; i < perDay; i++) {
      const by = pick(staff);
      const emergency = rnd() < 0.12;
      const priority = emergency ? 'emergency' : rnd() < 0.2 ? 'urgent' : 'routine';
      const arrive = day + 8 * 3600_000 + Math.floor(rnd() * 11 * 3600_000);
      const r = kpiRun(++no, { arrive, priority, scanner: pick(['ct-1', 'ct-2']), by });
      // Wang takes longer on positioning: the spread the QA lead should find.
      const slow = by.user === 'wang' ? 2 : 1;
      const wait = emergency ? (2 + rnd() * 5) * MIN : (5 + rnd() * 25) * MIN;
      r.step('identity', wait * 0.4);
      if (emergency && rnd() < 0.5) r.send({ type: 'fastPath', reason: pick(['stroke alert', 'trauma, unstable']) });
      else {
        r.step('screening', wait * 0.2);
        if (rnd() < 0.1) r.send({ type: 'skip', reason: 'prepared on the ward' });
        else r.step('preparation', wait * 0.2);
      }
      if (rnd() < 0.03) {
        r.send({ type: 'cancel', reason: 'patient left' });
        logs.push(r.log.events);
        continue;
      }
      r.step('positioning', (emergency ? 0.5 + rnd() : 2 + rnd() * 3) * slow * MIN);
      r.step('breathHold', emergency ? 0.5 * MIN : MIN);
      r.step('scan', (3 + rnd() * 4) * MIN);
      r.step('imageQc', (2 + rnd() * 6) * MIN);
      r.step('send', (2 + rnd() * 10) * MIN);
      logs.push(r.log.events);
    }
  }
  return { logs, from, to: from + days * DAY };
}
