// A clock that re-renders every `intervalMs`. Timers and waiting times are derived from it; no
// component keeps a counter of its own.
import { useEffect, useState } from 'react';
import { useServices } from '../services';

export function useNow(intervalMs = 1000): number {
  const { now } = useServices();
  const [t, setT] = useState(now);
  useEffect(() => {
    const id = setInterval(() => setT(now()), intervalMs);
    return () => clearInterval(id);
  }, [now, intervalMs]);
  return t;
}
