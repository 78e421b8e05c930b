// The finished exam record (or cancelled run): what was done, when, and every deviation. The facts
// come from the domain's examRecord, the same record the server projection and exports use.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunRow } from '../../../db/db';
import { examRecord, type RecordAnswer } from '../../../domain/run/run.record';
import { stepOf, type SopIndex } from '../../../domain/sop/sop.index';
import { formatDateTime } from '../../format';
import { answerText, deviationText } from '../../record-text';

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
          {record.performedBy && (
            <tr>
              <th scope="row">{t('record.performedBy')}</th>
              <AnswerCell answer={record.performedBy} />
            </tr>
          )}
          {record.consultRadiologists?.map((a) => (
            <tr key={a.itemId}>
              <th scope="row">
                {t('record.consultRadiologist', { step: t(stepOf(index, a.stepId).title, { ns: 'sop' }) })}
              </th>
              <AnswerCell answer={a} />
            </tr>
          ))}
          {record.contrastLot && (
            <tr>
              <th scope="row">{t('record.contrastLot')}</th>
              <AnswerCell answer={record.contrastLot} />
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
              <AnswerCell answer={a} />
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

/** An answer as entered, and whether the run filled it in from the new-exam form (not a tap). */
function AnswerCell({ answer }: { answer: RecordAnswer }) {
  const { t } = useTranslation();
  return (
    <td>
      {answerText(answer, t)}
      {answer.prefilled && <span className="muted small"> · {t('record.prefilled')}</span>}
    </td>
  );
}
