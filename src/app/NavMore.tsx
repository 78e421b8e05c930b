// "More" in the header: a button that shows the rest of the links in a list below it. A disclosure
// (button + list of links), so every entry stays a link. Keys: Enter, Space or ↓ open it on the first
// link (↑ on the last), ↑/↓/Home/End move, Escape closes and gives focus back to the button; a tap
// outside or Tab past the end closes it.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { Link } from 'wouter';

export type NavItem = { readonly href: string; readonly label: string; readonly current: boolean };

export function NavMore({ label, items }: { label: string; items: readonly NavItem[] }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const links = () => [...(box.current?.querySelectorAll<HTMLAnchorElement>('a') ?? [])];

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => box.current?.contains(e.target as Node) || setOpen(false);
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  // Rendered at once so the link can take focus in the same keystroke.
  const show = (at: 'first' | 'last') => {
    flushSync(() => setOpen(true));
    const all = links();
    all[at === 'first' ? 0 : all.length - 1]?.focus();
  };
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const move = (by: number | 'home' | 'end') => {
    const all = links();
    const i = all.indexOf(document.activeElement as HTMLAnchorElement);
    const next = by === 'home' ? 0 : by === 'end' ? all.length - 1 : (i + by + all.length) % all.length;
    all[next]?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const onButton = e.target === button.current;
    const act: Record<string, (() => void) | undefined> = {
      Escape: open ? close : undefined,
      ArrowDown: onButton ? () => show('first') : open ? () => move(1) : undefined,
      ArrowUp: onButton ? () => show('last') : open ? () => move(-1) : undefined,
      Home: open && !onButton ? () => move('home') : undefined,
      End: open && !onButton ? () => move('end') : undefined,
    };
    const f = act[e.key];
    if (!f) return;
    e.preventDefault();
    f();
  };

  if (!items.length) return null;
  return (
    <div
      className="nav-more"
      ref={box}
      onKeyDown={onKeyDown}
      onBlur={(e) => open && !box.current?.contains(e.relatedTarget as Node | null) && setOpen(false)}
    >
      <button
        ref={button}
        type="button"
        className="navlink nav-more-button"
        aria-expanded={open}
        aria-controls={listId}
        data-current={items.some((i) => i.current) || undefined}
        onClick={() => (open ? setOpen(false) : show('first'))}
      >
        {label}
        <span aria-hidden>{open ? '▴' : '▾'}</span>
      </button>
      <ul id={listId} className="nav-more-list" hidden={!open}>
        {items.map((n) => (
          <li key={n.href}>
            <Link href={n.href} aria-current={n.current ? 'page' : undefined} onClick={close}>
              {n.label}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
