// Demo mode's mark on every screen, staff and patient alike: a coloured frame round the whole
// screen and a "DEMO" badge, so a demo can never be taken for a patient's real exam.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** `floating`: the patient view fills the screen, so its badge floats over the foot of it. */
export function DemoFrame({ children, floating }: { children: ReactNode; floating?: boolean }) {
  const { t } = useTranslation('trainer');
  return (
    <div className="demo-mode" data-demo="true">
      <div className="demo-frame" aria-hidden="true" />
      <p className={floating ? 'demo-badge demo-badge-floating' : 'demo-badge'} role="status">
        {t('demo.badge')}
      </p>
      {children}
    </div>
  );
}
