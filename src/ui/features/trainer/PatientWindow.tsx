// The patient view of a demo in a second window (a projector, or a screen turned to the group). The
// presenter's own page renders into that window through a portal: it follows the run through the same
// live query on the demo database, with the same session, so there is no route to load and nothing to
// unlock there. It closes with the presenter view (leaving it, locking, signing out): the window never
// outlives the session that opened it.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

const WINDOW_NAME = 'scancard-demo-patient';

/** Opens (or reuses) the patient window; call it in the click handler, or the browser blocks it. */
export function openPatientWindow(): Window | null {
  return window.open('', WINDOW_NAME, 'popup,width=1024,height=768');
}

// React's development mode unmounts and mounts again once: a close is put off one tick, and a mount
// that follows cancels it.
const pendingClose = new WeakMap<Window, ReturnType<typeof setTimeout>>();

export function PatientWindow({
  win,
  title,
  onClosed,
  children,
}: {
  win: Window;
  title: string;
  /** The trainer closed the window themselves. */
  onClosed: () => void;
  children: ReactNode;
}) {
  const [container, setContainer] = useState<HTMLElement | null>(null);
  const closedRef = useRef(onClosed);
  closedRef.current = onClosed;

  useEffect(() => {
    clearTimeout(pendingClose.get(win));
    const doc = win.document;
    doc.title = title;
    doc.documentElement.lang = document.documentElement.lang;
    const copied = new Set<string>();
    const copyStyles = () => {
      for (const el of document.querySelectorAll<HTMLLinkElement | HTMLStyleElement>('link[rel="stylesheet"], style')) {
        const key = el instanceof HTMLLinkElement ? el.href : (el.textContent ?? '');
        if (copied.has(key)) continue;
        copied.add(key);
        if (el instanceof HTMLLinkElement) {
          const link = doc.createElement('link');
          link.rel = 'stylesheet';
          link.href = el.href; // absolute: the new window's own address is about:blank
          doc.head.append(link);
        } else {
          const style = doc.createElement('style');
          style.textContent = el.textContent;
          doc.head.append(style);
        }
      }
    };
    copyStyles();
    // Lazy chunks add their styles later.
    const observer = new MutationObserver(copyStyles);
    observer.observe(document.head, { childList: true });
    const root = doc.createElement('div');
    root.className = 'patient-window';
    doc.body.replaceChildren(root);
    setContainer(root);
    // The trainer may close the window from its own title bar: the pane takes the view back.
    const watch = setInterval(() => win.closed && closedRef.current(), 500);
    return () => {
      clearInterval(watch);
      observer.disconnect();
      setContainer(null);
      pendingClose.set(
        win,
        setTimeout(() => win.close(), 0),
      );
    };
  }, [win, title]);

  return container ? createPortal(children, container) : null;
}
