// A tablet that is not yet enrolled: connect it to the department server with a one-time code.
import { useTranslation } from 'react-i18next';
import type { SyncController } from '../../../sync/sync-controller';
import { EnrolForm } from './EnrolForm';

/** `sync`: only enrolment, so the sync engine loads when the code is sent, not with this screen. */
export default function ConnectScreen({ sync }: { sync: Pick<SyncController, 'enroll'> }) {
  const { t } = useTranslation();
  return (
    <main>
      <div className="auth-card stack">
        <h1>ScanCard</h1>
        <p className="muted">{t('auth.connectFirst')}</p>
        <EnrolForm sync={sync} notEnrolled />
      </div>
    </main>
  );
}
