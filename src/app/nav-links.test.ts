// On a portrait tablet the dashboard moves behind More so the bar keeps one row; nothing is lost.
import { describe, expect, it } from 'vitest';
import { navLinks } from './nav-links';

const hrefs = (l: { href: string }[]) => l.map((x) => x.href);

describe('header links on a narrow screen', () => {
  it('QA lead: three links in the bar, the dashboard first behind More', () => {
    const { bar, more } = navLinks('qaLead', true);
    expect(hrefs(bar)).toEqual(['/', '/sops', '/quality']);
    expect(hrefs(more)).toEqual(['/dashboard', '/training', '/demo', '/reports', '/editor']);
  });

  it('technologist: the same as on a wide screen (no dashboard to move)', () => {
    expect(navLinks('technologist', true)).toEqual(navLinks('technologist', false));
  });
});
