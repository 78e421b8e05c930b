// The finished exam record (or cancelled run): what was done, when, and every deviation. The facts
// come from the domain's examRecord, the same record the server projection and exports use.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunRow } from '../../../db/db';
import { examRecord } from '../../../domain/run/run.record';
import type { SopIndex } from '../../../domain/sop/sop.index';
import { formatDateTime } from '../../format';
import { answerText, deviationText } from './record-text';

export function RunRecord({ row, index }: { row: RunRow; index: SopIndex }) {
  const { t } = useTranslation();
  const ctx = row.state.context;
  const record = useMemo(() => examRecord(index, ctx), [index, ctx]);
  const hasBodyPartItem = [...index.items.values()].some((i) => i.recordField === 'bodyPart');
  return (
    <section className="card stack" aria-labelledby="record-title">
      <h2 id="record-title">{row.status === 'completed' ? t('record.completedTitle') : t('record.cancelledTitle')}</h2>
      {ctx.cancelled && (
        <p className="banner banner-warn">{t('record.cancelReason', { reason: ctx.cancelled.reason })}</p>
      )}
      <table className="record">
        <tbody>
          {row.header.patient && (
            <tr>
              <th scope="row">{t('record.patientId')}</th>
              <td>{row.header.patient.patientId}</td>
            </tr>
          )}
          {hasBodyPartItem && (
            <tr>
              <th scope="row">{t('record.bodyPart')}</th>
              <td>{record.bodyPart ? answerText(record.bodyPart, t) : '—'}</td>
            </tr>
          )}
          <tr>
            <th scope="row">{t('record.arrived')}</th>
            <td>{formatDateTime(row.header.arrivedAt)}</td>
          </tr>
          {ctx.completedAt && (
            <tr>
              <th scope="row">{t('record.completed')}</th>
              <td>{formatDateTime(ctx.completedAt)}</td>
            </tr>
          )}
          {record.answers.map((a) => (
            <tr key={a.itemId}>
              <th scope="row">{t(a.label, { ns: 'sop' })}</th>
              <td>{answerText(a, t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 id="record-deviations">{t('record.deviations')}</h3>
      {record.deviations.length ? (
        <ul aria-labelledby="record-deviations">
          {record.deviations.map((d, i) => (
            <li key={i}>{deviationText(d, t)}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('record.noDeviations')}</p>
      )}
    </section>
  );
}
