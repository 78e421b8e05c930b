// Which guidance keys a step shows for an age band, and the breath-hold coach timeline.
import { describe, expect, it } from 'vitest';
import type { SopStep } from '../sop/sop.schema';
import { breathCoachDurationMs, breathPhaseAt } from './breath-coach';
import { ageBand, guidanceKeys } from './guidance';

const step = (extra: Partial<SopStep> = {}): SopStep => ({
  id: 'breathHold',
  title: 'common.breathHold.title',
  items: [],
  next: 'scan',
  ...extra,
});
const childKeys = new Set(['child.young.ctBreathHold', 'child.teen.ctBreathHold']);
const hasKey = (k: string) => childKeys.has(k);
const noKeys = () => false;

describe('ageBand', () => {
  it.each([
    [0, 'infant'],
    [3, 'infant'],
    [3.9, 'young'],
    [4, 'young'],
    [7, 'young'],
    [8, 'school'],
    [12, 'school'],
    [13, 'teen'],
    [17, 'teen'],
    [17.9, 'teen'],
    [18, null],
    [40, null],
    [undefined, null],
    [-1, null],
  ] as const)('age %s → %s', (age, band) => {
    expect(ageBand(age)).toBe(band);
  });
});

describe('guidanceKeys', () => {
  const breath = step({
    guidance: 'topic.ctBreathHold',
    breathHold: { holdSeconds: 10 },
    guardianNotes: ['stay', 'comfort'],
  });

  it('gives the adult script: title, what + do, time; no band and no guardian notes', () => {
    expect(guidanceKeys(breath, null, hasKey)).toEqual({
      topic: 'ctBreathHold',
      title: 'topic.ctBreathHold.title',
      time: 'topic.ctBreathHold.time',
      body: ['topic.ctBreathHold.what', 'topic.ctBreathHold.do'],
      band: null,
      guardianNotes: [],
      breathHoldSeconds: 10,
    });
  });

  it('uses the child text of the band in place of what + do when it exists', () => {
    const g = guidanceKeys(breath, 'young', hasKey)!;
    expect(g.body).toEqual(['child.young.ctBreathHold']);
    expect(g.band).toBe('young');
    expect(g.title).toBe('topic.ctBreathHold.title');
    expect(g.time).toBe('topic.ctBreathHold.time');
    expect(guidanceKeys(breath, 'teen', hasKey)!.body).toEqual(['child.teen.ctBreathHold']);
  });

  it("asks hasKey about exactly the band's child key", () => {
    const asked: string[] = [];
    guidanceKeys(breath, 'school', (k) => (asked.push(k), false));
    expect(asked).toEqual(['child.school.ctBreathHold']);
    asked.length = 0;
    guidanceKeys(breath, null, (k) => (asked.push(k), true));
    expect(asked).toEqual([]);
  });

  it('falls back to the adult script when the band has no child text, but still shows guardian notes', () => {
    const g = guidanceKeys(breath, 'school', hasKey)!;
    expect(g.body).toEqual(['topic.ctBreathHold.what', 'topic.ctBreathHold.do']);
    expect(g.band).toBeNull();
    expect(g.guardianNotes).toEqual(['guardian.stay', 'guardian.comfort']);
    expect(guidanceKeys(breath, 'infant', noKeys)!.body).toEqual(['topic.ctBreathHold.what', 'topic.ctBreathHold.do']);
  });

  it("shows guardian notes only for children, in the card's order", () => {
    for (const band of ['infant', 'young', 'school', 'teen'] as const)
      expect(guidanceKeys(breath, band, hasKey)!.guardianNotes).toEqual(['guardian.stay', 'guardian.comfort']);
    expect(guidanceKeys(breath, null, hasKey)!.guardianNotes).toEqual([]);
    expect(guidanceKeys(step({ guidance: 'topic.ctScan' }), 'young', hasKey)!.guardianNotes).toEqual([]);
  });

  it('passes the breath-hold length only for steps with a breath hold', () => {
    expect(
      guidanceKeys(step({ guidance: 'topic.repeatScan', breathHold: { holdSeconds: 5 } }), null, noKeys)!
        .breathHoldSeconds,
    ).toBe(5);
    const scan = guidanceKeys(step({ guidance: 'topic.ctScan' }), null, noKeys)!;
    expect(scan).not.toHaveProperty('breathHoldSeconds');
  });

  it('is null for a staff-only step without guidance, whatever the band', () => {
    const staffOnly = step({ id: 'imageQc', guardianNotes: ['stay'], breathHold: { holdSeconds: 10 } });
    expect(guidanceKeys(staffOnly, null, hasKey)).toBeNull();
    expect(guidanceKeys(staffOnly, 'young', () => true)).toBeNull();
  });
});

describe('breath-hold coach timeline', () => {
  it('breathe in for 3 s, out for 3 s, in and hold for 3 s', () => {
    expect(breathPhaseAt(0, 10)).toEqual({ kind: 'in', key: 'breath.in' });
    expect(breathPhaseAt(2999, 10).kind).toBe('in');
    expect(breathPhaseAt(3000, 10)).toEqual({ kind: 'out', key: 'breath.out' });
    expect(breathPhaseAt(5999, 10).kind).toBe('out');
    expect(breathPhaseAt(6000, 10)).toEqual({ kind: 'inHold', key: 'breath.inHold' });
    expect(breathPhaseAt(8999, 10).kind).toBe('inHold');
  });

  it('then counts the hold down N … 1, one number per second', () => {
    expect(breathPhaseAt(9000, 10)).toEqual({ kind: 'hold', key: 'breath.hold', secondsLeft: 10 });
    const counts = Array.from({ length: 10 }, (_, s) => [
      breathPhaseAt(9000 + s * 1000, 10),
      breathPhaseAt(9999 + s * 1000, 10),
    ]);
    expect(counts.map(([a, b]) => [a, b].map((p) => (p!.kind === 'hold' ? p!.secondsLeft : p!.kind)))).toEqual(
      [10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((n) => [n, n]),
    );
    expect(breathPhaseAt(9000 + 2500, 3)).toMatchObject({ kind: 'hold', secondsLeft: 1 });
  });

  it('says breathe normally once the hold is over, and stays there', () => {
    expect(breathPhaseAt(18_999, 10)).toMatchObject({ kind: 'hold', secondsLeft: 1 });
    expect(breathPhaseAt(19_000, 10)).toEqual({ kind: 'normal', key: 'breath.normal' });
    expect(breathPhaseAt(600_000, 10).kind).toBe('normal');
    expect(breathPhaseAt(12_000, 3).kind).toBe('normal');
    expect(breathPhaseAt(11_999, 3)).toMatchObject({ kind: 'hold', secondsLeft: 1 });
  });

  it('lasts 9 s of preparation plus the hold', () => {
    expect(breathCoachDurationMs(10)).toBe(19_000);
    expect(breathCoachDurationMs(3)).toBe(12_000);
    for (const hold of [3, 5, 10, 30]) {
      expect(breathPhaseAt(breathCoachDurationMs(hold) - 1, hold)).toMatchObject({ kind: 'hold', secondsLeft: 1 });
      expect(breathPhaseAt(breathCoachDurationMs(hold), hold).kind).toBe('normal');
    }
  });
});
