// Every step of every built-in card, every version, has a trainer note in each staff language, and
// the notes file holds nothing else but the demo screen's own texts.
import { describe, expect, it } from 'vitest';
import en from '../../../../locales/en/trainer.json';
import zh from '../../../../locales/zh-CN/trainer.json';
import { BUILT_IN_SOPS } from '../../../sops/library';

const stepKeys = [...new Set(BUILT_IN_SOPS.flatMap((s) => s.steps.map((st) => `${s.id}.${st.id}`)))].sort();
const UI_PREFIXES = ['demo.', 'note.', 'sample.', 'practice.', 'signOff.', 'training.', 'presenter.', 'figures.'];
const noteKeys = (texts: Record<string, string>) =>
  Object.keys(texts)
    .filter((k) => !UI_PREFIXES.some((p) => k.startsWith(p)))
    .sort();

describe('trainer notes', () => {
  it.each([
    ['en', en],
    ['zh-CN', zh],
  ] as const)(
    '%s: a note for every step of every built-in card, and no note for a step that does not exist',
    (_l, texts) => {
      expect(stepKeys.length).toBeGreaterThan(70);
      expect(noteKeys(texts)).toEqual(stepKeys);
    },
  );

  it('the notes say why: each is a sentence or more, not a copy of the step title', () => {
    const short = stepKeys.filter((k) => (en as Record<string, string>)[k]!.length < 60);
    expect(short).toEqual([]);
    const zhShort = stepKeys.filter((k) => (zh as Record<string, string>)[k]!.length < 20);
    expect(zhShort).toEqual([]);
  });

  it('the same keys in both languages', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });
});
