// The way back from the patient view: press and hold for two seconds (a ring fills). A tap, a
// swipe or a child's fiddling does nothing. Keyboard: hold Enter or Space.
import { useEffect, useRef, useState } from 'react';

const HOLD_MS = 2000;

export function HoldToExit({ label, onExit }: { label: string; onExit: () => void }) {
  const [progress, setProgress] = useState(0);
  const start = useRef<number | null>(null);
  const raf = useRef(0);
  useEffect(() => () => cancelAnimationFrame(raf.current), []);

  const begin = () => {
    start.current = performance.now();
    const tick = () => {
      if (start.current === null) return;
      const p = Math.min(1, (performance.now() - start.current) / HOLD_MS);
      setProgress(p);
      if (p >= 1) {
        start.current = null;
        onExit();
      } else raf.current = requestAnimationFrame(tick);
    };
    raf.current = requestAnimationFrame(tick);
  };
  const cancel = () => {
    start.current = null;
    cancelAnimationFrame(raf.current);
    setProgress(0);
  };

  return (
    <button
      type="button"
      className="hold-exit"
      aria-label={label}
      title={label}
      onPointerDown={begin}
      onPointerUp={cancel}
      onPointerLeave={cancel}
      onPointerCancel={cancel}
      onContextMenu={(e) => e.preventDefault()}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && !e.repeat && begin()}
      onKeyUp={cancel}
    >
      <svg viewBox="0 0 40 40" aria-hidden="true">
        <circle cx="20" cy="20" r="16" fill="none" stroke="#c9d3df" strokeWidth="4" />
        <circle
          cx="20"
          cy="20"
          r="16"
          fill="none"
          stroke="#0b4f8a"
          strokeWidth="4"
          strokeDasharray={`${progress * 100.5} 100.5`}
          transform="rotate(-90 20 20)"
        />
        <path
          d="M15 20h10M20 15v10"
          stroke="#4a5a70"
          strokeWidth="3"
          strokeLinecap="round"
          transform="rotate(45 20 20)"
        />
      </svg>
    </button>
  );
}
