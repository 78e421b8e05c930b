import { describe, expect, it } from 'vitest';
import { unstorableText } from './storable';

describe('text the stores cannot hold', () => {
  it('finds NUL and lone surrogates anywhere, field names included, and says where', () => {
    expect(unstorableText({ payload: { patient: { name: 'a\u0000b' } } })).toBe(
      'payload.patient.name: contains a NUL character (U+0000), which cannot be stored',
    );
    expect(unstorableText({ list: ['ok', 'x\udc00'] }, 'events[3]')).toMatch(
      /^events\[3\]\.list\[1\]: contains an unpaired surrogate/,
    );
    expect(unstorableText({ ['k\u0000']: 1 })).toBe(
      'k? (field name): contains a NUL character (U+0000), which cannot be stored',
    );
  });

  it('refuses nesting too deep to check rather than letting it through unchecked', () => {
    let deep: unknown = 'a\u0000b';
    for (let i = 0; i < 70; i++) deep = { x: deep };
    expect(unstorableText(deep, 'events[0]')).toMatch(/^events\[0\](\.x)+: nested deeper than 64 levels/);
    let fine: unknown = 'ok';
    for (let i = 0; i < 63; i++) fine = [fine];
    expect(unstorableText(fine)).toBeUndefined();
  });

  it('lets everything else through: control characters are the schemas’ business, pairs are text', () => {
    expect(unstorableText({ a: 'Zoë 🩻 张伟', b: 'tab\there', c: 1, d: null, e: [true] })).toBeUndefined();
  });
});
