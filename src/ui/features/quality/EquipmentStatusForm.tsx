// Changing a scanner's status (administrators): in service / restricted / out of service / retired,
// always with a reason. The register's rules (not in service before a passed acceptance test, nor
// after a repair before an approved return) are checked before anything is stored, and each change
// stays in the scanner's history with who and when.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  EQUIPMENT_STATUSES,
  statusChangeProblems,
  type EquipmentStatus,
  type FieldProblem,
} from '../../../domain/quality/equipment';
import type { QualityState } from '../../../domain/quality/quality.projection';
import { formatDateTime } from '../../format';
import { useUserNames } from '../../hooks/use-user-names';
import { useServices } from '../../services';

type Props = { state: QualityState; onSaved?: (name: string, status: EquipmentStatus) => void };

export function EquipmentStatusForm({ state, onSaved }: Props) {
  const { runs } = useServices();
  const { t } = useTranslation();
  const who = useUserNames();
  const [scannerId, setScannerId] = useState('');
  const [status, setStatus] = useState<EquipmentStatus | ''>('');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const scanners = [...state.equipment.values()];
  const eq = state.equipment.get(scannerId);

  async function save() {
    const found = statusChangeProblems(eq, status, reason);
    setProblems(found);
    if (found.length || !eq || !status) return;
    try {
      await runs.recordEvent('equipment.statusSet', { scannerId, status, reason: reason.trim() });
      setStatus('');
      setReason('');
      setError(null);
      onSaved?.(eq.name, status);
    } catch (e) {
      setError(t('error.saveFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  }

  const problem = (field: string) =>
    problems
      .filter((p) => p.field === field)
      .map((p) => (
        <span key={p.message} className="error-text" role="alert">
          {`${t(`quality.equipmentStatusForm.field.${field}`)}: ${p.message}`}
        </span>
      ));

  return (
    <form
      className="card stack"
      aria-labelledby="equipment-status-title"
      onSubmit={(e) => (e.preventDefault(), void save())}
      noValidate
    >
      <h2 id="equipment-status-title">{t('quality.equipmentStatusForm.title')}</h2>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      <label className="field">
        <span>{`${t('quality.equipmentStatusForm.field.scannerId')} *`}</span>
        <select value={scannerId} onChange={(e) => (setScannerId(e.target.value), setProblems([]))}>
          <option value="">{t('imageQc.choose')}</option>
          {scanners.map((s) => (
            <option key={s.scannerId} value={s.scannerId}>
              {`${s.name} (${t(`quality.equipmentStatus.${s.status}`)})`}
            </option>
          ))}
        </select>
        {problem('scannerId')}
      </label>
      {eq && (
        <p data-current-status={eq.status}>
          {t('quality.equipmentStatusForm.current', {
            status: t(`quality.equipmentStatus.${eq.status}`),
            reason: eq.statusReason ?? '—',
          })}
          {eq.acceptedAt === undefined && ` ${t('quality.equipmentStatusForm.notAccepted')}`}
        </p>
      )}
      <fieldset className="stack">
        <legend>{`${t('quality.equipmentStatusForm.field.status')} *`}</legend>
        <div className="row">
          {EQUIPMENT_STATUSES.map((s) => (
            <label key={s} className="choice">
              <input type="radio" name="equipmentStatus" checked={status === s} onChange={() => setStatus(s)} />
              <span>{t(`quality.equipmentStatus.${s}`)}</span>
            </label>
          ))}
        </div>
        {problem('status')}
      </fieldset>
      <label className="field">
        <span>{`${t('quality.equipmentStatusForm.field.reason')} *`}</span>
        <input type="text" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        {problem('reason')}
      </label>
      <button className="btn btn-primary btn-big" type="submit">
        {t('quality.equipmentStatusForm.save')}
      </button>
      {eq?.statusHistory && eq.statusHistory.length > 0 && (
        <section className="stack" aria-label={t('quality.equipmentStatusForm.history')}>
          <h3>{t('quality.equipmentStatusForm.history')}</h3>
          <ul className="stack">
            {[...eq.statusHistory].reverse().map((h) => (
              <li key={`${h.at}-${h.status}`} data-status-change={h.status}>
                {`${formatDateTime(h.at)} · ${t(`quality.equipmentStatus.${h.status}`)} · ${who(h.user)}: ${h.reason}`}
              </li>
            ))}
          </ul>
        </section>
      )}
    </form>
  );
}
