// The header's links by role, written out (a list computed from the role table would pass a link
// added by mistake), and the "More" list by mouse and keyboard: open, choose, Escape, arrows, focus.
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderWith, testAccount, testServices } from '../../test/setup/render';
import { initTestI18n } from '../../test/setup/test-i18n';
import type { Role } from '../domain/auth/roles';
import { Header } from './Header';

beforeAll(async () => {
  await initTestI18n();
});

function open(role: Role | undefined, path = '/') {
  const services = testServices(role ? { account: testAccount({ role }) } : {});
  const r = renderWith(<Header />, services, path);
  const nav = screen.getByRole('navigation', { name: 'Main' });
  const more = within(nav).getByRole('button', { name: 'More' });
  const names = (el: HTMLElement) =>
    within(el)
      .queryAllByRole('link')
      .map((a) => a.textContent);
  const list = () => document.getElementById(more.getAttribute('aria-controls')!)!;
  return { ...r, nav, more, list, user: userEvent.setup(), bar: () => names(nav), inMore: () => names(list()) };
}

describe('header links', () => {
  it.each<[Role | undefined, string[], string[]]>([
    [undefined, ['Worklist', 'SOP library', 'Quality'], ['Training', 'Demo']],
    ['technologist', ['Worklist', 'SOP library', 'Quality'], ['Training', 'Demo']],
    ['trainer', ['Worklist', 'SOP library', 'Quality'], ['Training', 'Demo']],
    ['qaLead', ['Worklist', 'SOP library', 'Quality', 'Dashboard'], ['Training', 'Demo', 'Reports', 'Card editor']],
    [
      'admin',
      ['Worklist', 'SOP library', 'Quality', 'Dashboard'],
      ['Training', 'Demo', 'Reports', 'Card editor', 'Admin'],
    ],
  ])('%s: in the bar %j, behind More %j', async (role, bar, more) => {
    const h = open(role);
    expect(h.bar()).toEqual(bar); // the closed list is hidden: its links are not in the bar's count
    expect(h.list().hidden).toBe(true);
    await h.user.click(h.more);
    expect(h.inMore()).toEqual(more);
  });

  it('opens on a tap, a chosen link navigates, closes the list and gives focus back to More', async () => {
    const h = open('admin');
    expect(h.more.getAttribute('aria-expanded')).toBe('false');
    await h.user.click(h.more);
    expect(h.more.getAttribute('aria-expanded')).toBe('true');
    expect(h.list().hidden).toBe(false);
    await h.user.click(within(h.list()).getByRole('link', { name: 'Admin' }));
    expect(h.location.history?.at(-1)).toBe('/admin');
    expect(h.list().hidden).toBe(true);
    expect(document.activeElement).toBe(h.more);
    // On a page behind More, the button shows it and the link inside says it is the page shown.
    expect(h.more.hasAttribute('data-current')).toBe(true);
    await h.user.click(h.more);
    expect(within(h.list()).getByRole('link', { name: 'Admin' }).getAttribute('aria-current')).toBe('page');
  });

  it('keyboard: Enter opens on the first link, arrows move and wrap, Escape closes back on More', async () => {
    const h = open('qaLead');
    h.more.focus();
    await h.user.keyboard('{Enter}');
    const links = within(h.list()).getAllByRole('link');
    expect(document.activeElement).toBe(links[0]);
    await h.user.keyboard('{ArrowDown}{ArrowDown}');
    expect(document.activeElement).toBe(links[2]);
    await h.user.keyboard('{ArrowUp}{ArrowUp}{ArrowUp}');
    expect(document.activeElement).toBe(links.at(-1)); // wrapped past the first
    await h.user.keyboard('{Home}');
    expect(document.activeElement).toBe(links[0]);
    await h.user.keyboard('{Escape}');
    expect(h.list().hidden).toBe(true);
    expect(document.activeElement).toBe(h.more);
    // ↑ on the button opens on the last link; Enter follows it.
    await h.user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(links.at(-1));
    await h.user.keyboard('{Enter}');
    expect(h.location.history?.at(-1)).toBe('/editor');
  });

  it('closes on a tap outside and when focus leaves it, without taking focus', async () => {
    const h = open('admin');
    await h.user.click(h.more);
    await h.user.click(document.body);
    expect(h.list().hidden).toBe(true);
    await h.user.click(h.more);
    const links = within(h.list()).getAllByRole('link');
    act(() => links.at(-1)!.focus());
    await h.user.tab(); // past the last link, on to the sync badge or Lock
    expect(h.list().hidden).toBe(true);
    expect(document.activeElement).not.toBe(h.more);
  });
});
