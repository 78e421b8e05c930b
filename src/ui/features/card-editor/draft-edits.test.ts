import { describe, expect, it } from 'vitest';
import { checkRoutes } from '../../../domain/sop/sop.routes';
import { chestCt } from '../../../sops/chest-ct.sop';
import { addItem, addStep, apply, moveStep, redo, removeItem, removeStep, startHistory, undo } from './draft-edits';

const ids = (d: typeof chestCt) => d.steps.map((s) => s.id);

describe('draft edits', () => {
  it('adds, moves and removes steps and items without touching the input', () => {
    const before = structuredClone(chestCt);
    const added = addStep(chestCt, 0, { id: 'ivCheck', title: 'chestCt.title', items: [], next: 'screening' });
    expect(ids(added).slice(0, 3)).toEqual(['identity', 'ivCheck', 'screening']);
    expect(checkRoutes(added).unreachable).toEqual(['ivCheck']); // nothing leads to it yet
    expect(ids(moveStep(added, 1, -1))[0]).toBe('ivCheck');
    expect(moveStep(added, 0, -1)).toBe(added);
    expect(ids(removeStep(added, 1))).toEqual(ids(chestCt));
    const withItem = addItem(chestCt, 1, { kind: 'yesno', id: 'asthma', label: 'chestCt.title' });
    expect(withItem.steps[1]!.items.at(-1)!.id).toBe('asthma');
    expect(removeItem(withItem, 1, withItem.steps[1]!.items.length - 1)).toEqual(chestCt);
    expect(chestCt).toEqual(before);
  });

  it('undoes and redoes, and a new edit after an undo drops the redo', () => {
    let h = startHistory(chestCt);
    h = apply(h, removeStep(h.present, 2));
    h = apply(h, removeStep(h.present, 2));
    expect(h.present.steps).toHaveLength(chestCt.steps.length - 2);
    h = undo(undo(h));
    expect(h.present).toBe(chestCt);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present.steps).toHaveLength(chestCt.steps.length - 1);
    h = apply(h, addItem(h.present, 0, { kind: 'check', id: 'x', label: 'chestCt.title' }));
    expect(h.future).toEqual([]);
    expect(redo(h)).toBe(h);
  });
});
