// Quality records on the tablet, offline: scanners' QC status, recording QC, the QA lead's review
// queue, adverse events (report, list, review), every record as a table with CSV and print, and the
// QC test sets (QA leads and administrators).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'wouter';
import { Loading } from '../../components/Loading';
import { useServices } from '../../services';
import { AdverseForm } from './AdverseForm';
import { AdverseList } from './AdverseList';
import { EquipmentForm } from './EquipmentForm';
import { EquipmentStatusForm } from './EquipmentStatusForm';
import { IdentityMismatches } from './IdentityMismatches';
import { QcForm } from './QcForm';
import { QcSetEditor } from './QcSetEditor';
import { RecordsPanel } from './RecordsPanel';
import { ReviewQueue } from './ReviewQueue';
import { ScannerQcStatus } from './ScannerQcStatus';
import { ServiceForm } from './ServiceForm';
import { ServiceList } from './ServiceList';
import { useRunPrefill } from './use-run-prefill';
import { useCan, useQuality } from '../../hooks/use-quality';
import { useSiteTimeZone } from '../../hooks/use-site-time-zone';
import { reviewQueue } from '../../../domain/quality/quality.status';

const TABS = ['status', 'qc', 'review', 'service', 'adverse', 'records', 'sets', 'equipment', 'identity'] as const;
type Tab = (typeof TABS)[number];

export default function QualityPage({ initialTab = 'status' }: { initialTab?: Tab }) {
  const { now } = useServices();
  const { t } = useTranslation();
  const state = useQuality();
  const timeZone = useSiteTimeZone();
  const mayReview = useCan('quality.review');
  const mayManage = useCan('equipment.manage');
  const mayViewLink = useCan('integration.view');
  // Opened from a run (the contrast observation step): the adverse-event form, prefilled with that run.
  const [params] = useSearchParams();
  const fromRun = params.get('report');
  const prefill = useRunPrefill(fromRun, state);
  const [tab, setTab] = useState<Tab>(fromRun ? 'adverse' : initialTab);
  const [saved, setSaved] = useState<string | null>(null);
  if (!state || prefill === undefined) return <Loading />;
  const queued = reviewQueue(state).length;
  return (
    <div className="stack">
      <h1>{t('quality.title')}</h1>
      <nav className="row no-print" aria-label={t('quality.title')}>
        {TABS.filter(
          (k) =>
            (k !== 'equipment' || mayManage) &&
            (k !== 'sets' || mayManage || mayReview) &&
            (k !== 'identity' || mayViewLink),
        ).map((k) => (
          <button
            key={k}
            type="button"
            className={`btn${tab === k ? ' btn-primary' : ''}`}
            aria-pressed={tab === k}
            onClick={() => (setTab(k), setSaved(null))}
          >
            {k === 'review' ? t('quality.tab.review', { count: queued }) : t(`quality.tab.${k}`)}
          </button>
        ))}
      </nav>
      {saved && (
        <p className="banner banner-info" role="status">
          {saved}
        </p>
      )}
      {tab === 'status' && <ScannerQcStatus state={state} now={now()} timeZone={timeZone} />}
      {tab === 'qc' && (
        <QcForm
          state={state}
          onSaved={(o) => setSaved(t('quality.qc.saved', { outcome: t(`quality.outcome.${o}`) }))}
        />
      )}
      {tab === 'review' && <ReviewQueue state={state} mayReview={mayReview} />}
      {tab === 'service' && (
        <>
          <ServiceForm state={state} onSaved={() => setSaved(t('quality.service.saved'))} />
          <ServiceList state={state} mayReview={mayReview} />
        </>
      )}
      {tab === 'adverse' && (
        <>
          <AdverseForm
            key={fromRun ?? 'standalone'}
            prefill={prefill ?? {}}
            onSaved={() => setSaved(t('quality.adverse.saved'))}
          />
          <AdverseList state={state} mayReview={mayReview} />
        </>
      )}
      {tab === 'records' && <RecordsPanel state={state} />}
      {tab === 'identity' && mayViewLink && <IdentityMismatches />}
      {tab === 'sets' && (mayManage || mayReview) && (
        <QcSetEditor
          state={state}
          onSaved={(label, version) => setSaved(t('quality.sets.saved', { label, version }))}
        />
      )}
      {tab === 'equipment' && mayManage && (
        <>
          <EquipmentStatusForm
            state={state}
            onSaved={(name, status) =>
              setSaved(t('quality.equipmentStatusForm.saved', { name, status: t(`quality.equipmentStatus.${status}`) }))
            }
          />
          <EquipmentForm state={state} onSaved={(name) => setSaved(t('quality.equipment.saved', { name }))} />
        </>
      )}
    </div>
  );
}
