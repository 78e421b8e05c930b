// Publishes an element's height as a CSS variable on <html>, so things that stick below a sticky
// header of changing height (an alarm appears, the language changes) know where to stop.
import { useEffect, useRef } from 'react';

export function useStickyHeight(variable: string) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const publish = () => document.documentElement.style.setProperty(variable, `${el.offsetHeight}px`);
    const observer = new ResizeObserver(publish);
    observer.observe(el);
    publish();
    return () => {
      observer.disconnect();
      document.documentElement.style.removeProperty(variable);
    };
  }, [variable]);
  return ref;
}
