// The admin console on the tablet: people, tablets, the site's standards and the hospital link. Online
// only (the server checks the role again on every route); everyone else gets a clear "no access".
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../../domain/auth/roles';
import { useServices } from '../../services';
import { ServerSessionNotice } from '../../components/ServerSession';
import { CardMappings } from './CardMappings';
import { IntegrationStatusView } from './IntegrationStatusView';
import { SiteSettingsPanel } from './SiteSettingsPanel';
import { TabletsPanel } from './TabletsPanel';
import { UsersPanel } from './UsersPanel';
import { WorklistEndpoints } from './WorklistEndpoints';

const TABS = ['users', 'tablets', 'settings', 'integration'] as const;
type Tab = (typeof TABS)[number];

export default function AdminPage() {
  const { account } = useServices();
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('users');
  if (!account || !can(account.role, 'users.manage'))
    return (
      <p className="banner banner-error" role="alert" data-forbidden>
        {t('admin.forbidden')}
      </p>
    );
  return (
    <div className="stack">
      <h1>{t('admin.title')}</h1>
      <ServerSessionNotice />
      <div className="row admin-tabs" role="tablist" aria-label={t('admin.title')}>
        {TABS.map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`admin-tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`admin-panel-${id}`}
            className={tab === id ? 'btn btn-primary' : 'btn'}
            onClick={() => setTab(id)}
          >
            {t(`admin.tab.${id}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`admin-panel-${tab}`} aria-labelledby={`admin-tab-${tab}`} className="stack">
        {tab === 'users' && <UsersPanel />}
        {tab === 'tablets' && <TabletsPanel />}
        {tab === 'settings' && <SiteSettingsPanel />}
        {tab === 'integration' && (
          <>
            <IntegrationStatusView />
            <WorklistEndpoints />
            <CardMappings />
          </>
        )}
      </div>
    </div>
  );
}
