import { useEffect } from 'react';

/** While the patient holds the tablet, the browser's back gesture stays on this page. */
export function useHoldHistory(): void {
  useEffect(() => {
    history.pushState({ patientView: true }, '');
    const stay = () => history.pushState({ patientView: true }, '');
    window.addEventListener('popstate', stay);
    return () => window.removeEventListener('popstate', stay);
  }, []);
}
