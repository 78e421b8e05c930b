import { describe, expect, it } from 'vitest';
import { chestCt } from '../../sops/chest-ct.sop';
import { errorsByField, fieldKey } from './sop.error-fields';
import { validateSop } from './sop.validate';

describe('fieldKey', () => {
  it('turns both path forms of the validator into one field key', () => {
    expect(fieldKey('steps[4] (positioning).items[0].max', chestCt)).toBe('steps[4].items[0].max');
    const send = chestCt.steps.findIndex((s) => s.id === 'send');
    const body = chestCt.steps[send]!.items.findIndex((i) => i.recordField === 'bodyPart');
    expect(fieldKey(`steps (send).items (${chestCt.steps[send]!.items[body]!.id}).required`, chestCt)).toBe(
      `steps[${send}].items[${body}].required`,
    );
    expect(fieldKey('start', chestCt)).toBe('start');
  });

  it('puts each message of a broken draft under the field it names', () => {
    const s = structuredClone(chestCt);
    s.steps[4]!.items.push({ kind: 'number', id: 'kv', label: 'chestCt.title', unit: 'kV', min: 140, max: 70 });
    s.steps[1]!.next = 'nowhere';
    const v = validateSop(s);
    expect(v.ok).toBe(false);
    const byField = errorsByField(v.ok ? [] : v.errors, s);
    expect(byField.get(`steps[4].items[${s.steps[4]!.items.length - 1}].max`)).toEqual(['max (70) is below min (140)']);
  });
});
