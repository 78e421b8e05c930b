// The lock screen names a card from this list alone; it must match the cards it stands for.
import { describe, expect, it } from 'vitest';
import { CARD_TITLES } from './card-titles';
import { CURRENT_SOPS } from './current';
import { EARLIER_SOPS } from './published';

describe('card titles without the cards', () => {
  it('lists every built-in card, current and earlier versions, with its own title key', () => {
    const fromCards = Object.fromEntries([...EARLIER_SOPS, ...CURRENT_SOPS].map((s) => [s.id, s.title]));
    expect(CARD_TITLES).toEqual(fromCards);
  });
});
