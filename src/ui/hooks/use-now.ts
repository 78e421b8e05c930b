// A clock that re-renders every `intervalMs`. Timers and waiting times are derived from it; no
// component keeps a counter of its own.
import { useEffect, useState } from 'react';
import { useOptionalServices } from '../services';

const deviceClock = () => Date.now();

export function useNow(intervalMs = 1000): number {
  // The lock screen runs without services: it falls back to the device clock.
  const now = useOptionalServices()?.now ?? deviceClock;
  const [t, setT] = useState(now);
  useEffect(() => {
    const id = setInterval(() => setT(now()), intervalMs);
    return () => clearInterval(id);
  }, [now, intervalMs]);
  return t;
}
