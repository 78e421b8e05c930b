// QC action levels on card number items: validated (action wider than tolerance, messages on the
// field) and read by itemLevel, which the run screen and the record use.
import { describe, expect, it } from 'vitest';
import { ctDailyQc } from '../../sops/ct-daily-qc.sop';
import { itemLevel } from './answers';
import type { SopDefinition, SopItem } from './sop.schema';
import { validateSop } from './sop.validate';

type NumberItem = Extract<SopItem, { kind: 'number' }>;
const meanHuAt = 'steps[3] (waterPhantom).items[0]';

function qcWith(change: (meanHu: NumberItem, noise: NumberItem) => void): SopDefinition {
  const sop = structuredClone(ctDailyQc);
  const items = sop.steps.flatMap((s) => s.items) as NumberItem[];
  change(
    items.find((i) => i.id === 'meanHu')!,
    items.find((i) => i.acceptWithinPercentOf)!,
  );
  return sop;
}
const errors = (sop: SopDefinition) => {
  const v = validateSop(sop);
  return v.ok ? [] : v.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('QC action levels in the card', () => {
  it('accepts action levels wider than the pass range and the tolerance', () => {
    expect(
      errors(
        qcWith((hu, noise) => {
          hu.action = { min: -10, max: 10 };
          noise.acceptWithinPercentOf = { ...noise.acceptWithinPercentOf!, actionPercent: 25 };
        }),
      ),
    ).toEqual([]);
  });

  it('refuses an action level inside the pass range, beside the field', () => {
    expect(errors(qcWith((hu) => void (hu.action = { min: -3, max: 10 })))).toEqual([
      `${meanHuAt}.action.min: must be at or below the pass range's lowest value (-5): action is wider than tolerance`,
    ]);
    expect(errors(qcWith((hu) => void (hu.action = { max: 4 })))).toEqual([
      `${meanHuAt}.action.max: must be at or above the pass range's highest value (5): action is wider than tolerance`,
    ]);
  });

  it('refuses an action level without a pass range, an empty one, and an inverted one', () => {
    expect(errors(qcWith((hu) => void ((hu.accept = undefined), (hu.action = { max: 9 }))))).toEqual([
      `${meanHuAt}.action: an action level needs a pass range inside it`,
    ]);
    expect(errors(qcWith((hu) => void (hu.action = {})))).toEqual([
      `${meanHuAt}.action: give a lowest or highest action level`,
    ]);
    expect(errors(qcWith((hu) => void (hu.action = { min: 9, max: -9 })))).toContainEqual(
      `${meanHuAt}.action: the lowest action level (9) is above the highest (-9)`,
    );
  });

  it('refuses an action percent narrower than the tolerance', () => {
    const sop = qcWith((_, noise) => {
      noise.acceptWithinPercentOf = { ...noise.acceptWithinPercentOf!, actionPercent: 1 };
    });
    expect(errors(sop)).toEqual([
      expect.stringMatching(
        /acceptWithinPercentOf\.actionPercent: must be at least the tolerance .*wider than tolerance$/,
      ),
    ]);
  });

  it('tells pass, tolerance and action apart', () => {
    const hu: NumberItem = { kind: 'number', id: 'hu', label: 'x', unit: 'HU', min: -100, max: 100 };
    const withAction = { ...hu, accept: { min: -5, max: 5 }, action: { min: -10, max: 10 } };
    expect(itemLevel(withAction, { hu: 4 })).toBe('ok');
    expect(itemLevel(withAction, { hu: -7 })).toBe('tolerance');
    expect(itemLevel(withAction, { hu: 10 })).toBe('tolerance');
    expect(itemLevel(withAction, { hu: 10.5 })).toBe('action');
    expect(itemLevel({ ...hu, accept: { max: 5 } }, { hu: 99 })).toBe('tolerance'); // no action level set
    const rel = { ...hu, acceptWithinPercentOf: { item: 'base', percent: 10, actionPercent: 20 } };
    expect(itemLevel(rel, { hu: 11, base: 10 })).toBe('ok');
    expect(itemLevel(rel, { hu: 11.5, base: 10 })).toBe('tolerance');
    expect(itemLevel(rel, { hu: 12.5, base: 10 })).toBe('action');
  });
});
