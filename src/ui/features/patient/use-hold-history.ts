import { useEffect } from 'react';

/** While the patient holds the tablet, the browser's back gesture stays on this page (`active`). */
export function useHoldHistory(active = true): void {
  useEffect(() => {
    if (!active) return; // embedded in the presenter view: the trainer holds the tablet
    history.pushState({ patientView: true }, '');
    const stay = () => history.pushState({ patientView: true }, '');
    window.addEventListener('popstate', stay);
    return () => window.removeEventListener('popstate', stay);
  }, [active]);
}
