import { describe, expect, it } from 'vitest';
import { chestCt } from '../../sops/chest-ct.sop';
import { diffSops } from './sop.diff';
import type { SopDefinition, SopStep } from './sop.schema';

const next = (mutate: (s: SopDefinition) => void): SopDefinition => {
  const s = structuredClone(chestCt);
  s.version += 1;
  mutate(s);
  return s;
};
const step = (s: SopDefinition, id: string): SopStep => s.steps.find((x) => x.id === id)!;

describe('diffSops', () => {
  it('finds nothing between a card and a copy with its keys in another order', () => {
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reverseKeys)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .reverse()
                .map(([k, x]) => [k, reverseKeys(x)]),
            )
          : v;
    const reordered = { ...(reverseKeys(chestCt) as SopDefinition), version: chestCt.version + 1 };
    expect(Object.keys(reordered.steps[0]!)[0]).not.toBe(Object.keys(chestCt.steps[0]!)[0]);
    expect(diffSops(chestCt, reordered)).toEqual({ from: 2, to: 3, card: [], steps: [], reordered: false });
  });

  it('names exactly the added step and the step that now leads to it', () => {
    const b = next((s) => {
      const at = s.steps.findIndex((x) => x.id === 'preparation');
      s.steps.splice(at + 1, 0, {
        id: 'ivCheck',
        title: 'chestCt.title',
        items: [{ kind: 'check', id: 'ivOk', label: 'chestCt.metalRemoved', required: true }],
        next: 'positioning',
      });
      step(s, 'preparation').next = 'ivCheck';
    });
    const d = diffSops(chestCt, b);
    expect(d.steps).toEqual([
      {
        step: 'preparation',
        change: 'changed',
        fields: [{ kind: 'branches', field: 'next', before: 'positioning', after: 'ivCheck' }],
      },
      { step: 'ivCheck', change: 'added' },
    ]);
    expect(d.reordered).toBe(false);
  });

  it('tells required flags, ranges, branches, timers and removed items apart', () => {
    const b = next((s) => {
      step(s, 'preparation').items[0]!.required = false;
      step(s, 'screening').branches![0]!.when = { op: 'eq', item: 'pregnancy', value: 'yes' };
      step(s, 'scan').timers = [];
      step(s, 'screening').items.pop();
    });
    const d = diffSops(chestCt, b);
    const fields = Object.fromEntries(
      d.steps.map((x) => [x.step, 'fields' in x ? x.fields.map((f) => [f.kind, f.field]) : x.change]),
    );
    expect(fields).toEqual({
      screening: [
        ['branches', 'branches'],
        ['items', 'items (priorImaging)'],
      ],
      preparation: [['required', 'items (metalRemoved).required']],
      scan: [['timers', 'timers']],
    });
  });

  it('reports a number range change with before and after, and a removed step', () => {
    const a = next((s) =>
      step(s, 'positioning').items.push({
        kind: 'number',
        id: 'kv',
        label: 'chestCt.title',
        unit: 'kV',
        min: 70,
        max: 140,
      }),
    );
    const b = structuredClone(a);
    b.version += 1;
    (step(b, 'positioning').items.at(-1) as { max: number }).max = 150;
    b.steps = b.steps.filter((x) => x.id !== 'pregnancyConsult');
    const d = diffSops(a, b);
    expect(d.steps).toEqual([
      {
        step: 'positioning',
        change: 'changed',
        fields: [{ kind: 'range', field: 'items (kv).max', before: 140, after: 150 }],
      },
      { step: 'pregnancyConsult', change: 'removed' },
    ]);
  });

  it('notices steps moved to another place, and card-level changes', () => {
    const b = next((s) => {
      const [a] = s.steps.splice(3, 1);
      s.steps.splice(5, 0, a!);
      s.start = 'screening';
    });
    const d = diffSops(chestCt, b);
    expect(d.reordered).toBe(true);
    expect(d.card).toEqual([{ kind: 'other', field: 'start', before: 'identity', after: 'screening' }]);
  });

  it('names each card text that changed, by key and language, and critical flags and action levels', () => {
    const a = next((s) => void (s.messages = { en: { 'chest-ct.iv': 'IV check', 'chest-ct.x': 'Same' } }));
    const b = next((s) => {
      s.messages = {
        en: { 'chest-ct.iv': 'IV line check', 'chest-ct.x': 'Same' },
        'zh-CN': { 'chest-ct.iv': '静脉通路' },
      };
      step(s, 'identity').critical = true;
      const dlp = step(s, 'scan').items.find((i) => i.id === 'dlp')!;
      if (dlp.kind === 'number') dlp.action = { max: 1000 };
    });
    const d = diffSops(a, b);
    expect(d.card).toEqual([
      { kind: 'texts', field: 'texts (chest-ct.iv) [en]', before: 'IV check', after: 'IV line check' },
      { kind: 'texts', field: 'texts (chest-ct.iv) [zh-CN]', before: undefined, after: '静脉通路' },
    ]);
    expect(d.steps).toEqual([
      { step: 'identity', change: 'changed', fields: [{ kind: 'flags', field: 'critical', after: true }] },
      {
        step: 'scan',
        change: 'changed',
        fields: [{ kind: 'range', field: 'items (dlp).action', after: { max: 1000 } }],
      },
    ]);
  });
});
