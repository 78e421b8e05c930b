// The finished exam record (or cancelled run): what was done, when, and every deviation.
import { useTranslation } from 'react-i18next';
import type { RunRow } from '../../../db/db';
import type { SopIndex } from '../../../domain/sop/sop.index';
import { timerStatus } from '../../../domain/timers/timers';
import { formatDateTime } from '../../format';

export function RunRecord({ row, index }: { row: RunRow; index: SopIndex }) {
  const { t } = useTranslation();
  const ctx = row.state.context;
  const bodyPartItem = [...index.items.values()].find((i) => i.recordField === 'bodyPart');
  const deviations = [
    ...Object.values(ctx.timers)
      .filter((tm) => tm && timerStatus(tm, tm.stoppedAt ?? 0).deviation)
      .map((tm) => t('record.timerDeviation', { timer: t(`timer.${tm!.id}`) })),
    ...ctx.skips.map((s) =>
      t('record.skipped', { step: t(index.steps.get(s.stepId)!.title, { ns: 'sop' }), reason: s.reason }),
    ),
    ...ctx.fastPaths.map((f) => t('record.fastPath', { count: f.skipped.length, reason: f.reason })),
    ...(ctx.earlyCloseReason ? [t('record.earlyClose', { reason: ctx.earlyCloseReason })] : []),
  ];
  const answered = ctx.path
    .flatMap((stepId) => index.steps.get(stepId)!.items)
    .filter((i) => ctx.answers[i.id] !== undefined);
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
              <th>{t('record.patientId')}</th>
              <td>{row.header.patient.patientId}</td>
            </tr>
          )}
          {bodyPartItem && (
            <tr>
              <th>{t('record.bodyPart')}</th>
              <td>{String(ctx.answers[bodyPartItem.id] ?? '—')}</td>
            </tr>
          )}
          <tr>
            <th>{t('record.arrived')}</th>
            <td>{formatDateTime(row.header.arrivedAt)}</td>
          </tr>
          {ctx.completedAt && (
            <tr>
              <th>{t('record.completed')}</th>
              <td>{formatDateTime(ctx.completedAt)}</td>
            </tr>
          )}
          {answered.map((i) => (
            <tr key={i.id}>
              <th>{t(i.label, { ns: 'sop' })}</th>
              <td>
                {formatAnswer(ctx.answers[i.id], t)}
                {i.kind === 'number' ? ` ${i.unit}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('record.deviations')}</h3>
      {deviations.length ? (
        <ul>
          {deviations.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('record.noDeviations')}</p>
      )}
    </section>
  );
}

function formatAnswer(v: unknown, t: (k: string) => string): string {
  if (v === true) return t('answer.yes');
  if (v === false) return t('answer.no');
  return String(v);
}
