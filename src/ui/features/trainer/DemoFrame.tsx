// Demo mode's mark on every screen, staff and patient alike: a coloured frame round the whole
// screen and a "DEMO" badge, so a demo can never be taken for a patient's real exam.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function DemoFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation('trainer');
  return (
    <div className="demo-mode" data-demo="true">
      <div className="demo-frame" aria-hidden="true" />
      <p className="demo-badge" role="status">
        {t('demo.badge')}
      </p>
      {children}
    </div>
  );
}
