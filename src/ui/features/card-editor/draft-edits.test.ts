import { describe, expect, it } from 'vitest';
import { checkRoutes } from '../../../domain/sop/sop.routes';
import { chestCt } from '../../../sops/chest-ct.sop';
import { validateSop } from '../../../domain/sop/sop.validate';
import { ctDailyQc } from '../../../sops/ct-daily-qc.sop';
import { criticalStepsOf } from '../../../domain/training/competency';
import { competencyRulesFor } from '../../../sops/training/competencies';
import {
  addBranch,
  addItem,
  addStep,
  apply,
  editItem,
  insertStep,
  moveItem,
  moveStep,
  redo,
  removeBranch,
  removeItem,
  removeStep,
  setCritical,
  setText,
  startHistory,
  undo,
} from './draft-edits';

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

  it('inserts a new step into the route: the step before leads to it, it leads on', () => {
    const d = insertStep(chestCt, 0);
    expect(ids(d).slice(0, 3)).toEqual(['identity', `step${chestCt.steps.length + 1}`, 'screening']);
    expect(d.steps[0]!.next).toBe(d.steps[1]!.id);
    expect(d.steps[1]!.next).toBe(chestCt.steps[0]!.next);
    expect(checkRoutes(d)).toEqual({ unreachable: [], neverCompletes: [], dangling: [] });
  });

  it('edits an item, moves it, and the validator names the field it broke', () => {
    const si = ctDailyQc.steps.findIndex((s) => s.items.some((i) => i.id === 'meanHu'));
    const ii = ctDailyQc.steps[si]!.items.findIndex((i) => i.id === 'meanHu');
    const broken = editItem(ctDailyQc, si, ii, (i) => ({ ...i, min: 200 }));
    const v = validateSop(broken);
    expect(v.ok ? [] : v.errors.map((e) => e.path)).toContain(`steps[${si}] (waterPhantom).items[${ii}].max`);
    const moved = moveItem(ctDailyQc, si, ii, 1);
    expect(moved.steps[si]!.items[ii + 1]!.id).toBe('meanHu');
    expect(moveItem(ctDailyQc, si, 0, -1)).toBe(ctDailyQc);
  });

  it('adds a branch rule from picked parts and removes it again, leaving no empty list behind', () => {
    const d = addBranch(chestCt, 1, { item: 'priorImaging', op: 'eq', value: true }, 'complete');
    expect(d.steps[1]!.branches!.at(-1)).toEqual({
      when: { op: 'eq', item: 'priorImaging', value: true },
      goto: 'complete',
    });
    expect(removeBranch(d, 1, 1)).toEqual(chestCt);
    expect(removeBranch(chestCt, 1, 0).steps[1]).not.toHaveProperty('branches');
  });

  it('sets and clears a card text per language', () => {
    const d = setText(chestCt, 'zh-CN', 'chest-ct.step9.title', '静脉通路检查');
    expect(d.messages?.['zh-CN']).toEqual({ 'chest-ct.step9.title': '静脉通路检查' });
    expect(setText(d, 'zh-CN', 'chest-ct.step9.title', '').messages?.['zh-CN']).toEqual({});
  });

  it('marks steps critical in the card, writing the built-in list into it first', () => {
    const rules = competencyRulesFor('chest-ct');
    expect(criticalStepsOf(chestCt, rules)).toEqual(['identity', 'screening', 'pregnancyConsult']);
    const prep = ids(chestCt).indexOf('preparation');
    const marked = setCritical(chestCt, prep, true, rules);
    const flags = (d: typeof chestCt) =>
      d.steps.filter((s) => s.critical !== undefined).map((s) => `${s.id}:${s.critical}`);
    expect(flags(marked)).toEqual(['identity:true', 'screening:true', 'pregnancyConsult:true', 'preparation:true']);
    // Unmarking keeps an explicit false, so the card still names its own critical steps.
    const unmarked = setCritical(chestCt, 0, false, rules);
    expect(criticalStepsOf(unmarked, rules)).toEqual(['screening', 'pregnancyConsult']);
    expect(criticalStepsOf(setCritical(unmarked, 1, false, rules), rules)).toEqual(['pregnancyConsult']);
    expect(validateSop(marked).ok).toBe(true);
  });
});
