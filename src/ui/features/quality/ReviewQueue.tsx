// The QA lead's queue: QC results at tolerance or action level not yet reviewed (with the count),
// and the overrides technologists recorded to scan on a flagged scanner.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QualityState } from '../../../domain/quality/quality.projection';
import { reviewQueue } from '../../../domain/quality/quality.status';
import { useServices } from '../../services';
import { formatDateTime } from '../../format';
import { useUserNames } from '../../hooks/use-user-names';

export function ReviewQueue({ state, mayReview }: { state: QualityState; mayReview: boolean }) {
  const { runs } = useServices();
  const { t } = useTranslation();
  const who = useUserNames();
  const queue = reviewQueue(state);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const name = (id: string) => state.equipment.get(id)?.name ?? id;
  return (
    <section className="card stack" aria-labelledby="review-title">
      <h2 id="review-title">{t('quality.review.title', { count: queue.length })}</h2>
      {queue.length === 0 && <p>{t('quality.review.empty')}</p>}
      <ul className="stack">
        {queue.map((r) => (
          <li key={r.resultId} className={`review qc-${r.outcome}`} data-result={r.resultId}>
            <strong>{`${name(r.scannerId)} · ${r.setLabel} · ${t(`quality.outcome.${r.outcome}`)}`}</strong>
            <small className="hint">{`${formatDateTime(r.at)} · ${who(r.user)}`}</small>
            <ul>
              {r.items
                .filter((i) => i.outcome !== 'ok')
                .map((i) => (
                  <li
                    key={i.testId}
                  >{`${i.label}: ${i.value ?? (i.outcome === 'notDone' ? t('quality.qc.notDone') : t('quality.qc.fail'))} ${i.unit ?? ''} (${t(`quality.outcome.${i.outcome}`)}${i.tolerance ? `, ref ${i.tolerance.reference}, ±${i.tolerance.tolerance}/±${i.tolerance.action}${i.tolerance.kind === 'percent' ? ' %' : ''}` : ''})`}</li>
                ))}
            </ul>
            {mayReview && (
              <div className="row">
                <label>
                  {t('quality.review.note')}
                  <input
                    value={notes[r.resultId] ?? ''}
                    onChange={(e) => setNotes((n) => ({ ...n, [r.resultId]: e.target.value }))}
                  />
                </label>
                <button
                  className="btn btn-primary"
                  type="button"
                  onClick={() =>
                    void runs.recordEvent('qc.resultReviewed', {
                      resultId: r.resultId,
                      scannerId: r.scannerId,
                      note: notes[r.resultId]?.trim() ?? '',
                    })
                  }
                >
                  {t('quality.review.done')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <h3>{t('quality.overrides.title', { count: state.overrides.length })}</h3>
      <ul className="stack">
        {[...state.overrides].reverse().map((o) => (
          <li key={o.overrideId} data-override={o.overrideId}>
            {`${formatDateTime(o.at)} · ${name(o.scannerId)} · ${o.flags.map((f) => t(`quality.flag.${f}`)).join(', ')} · ${who(o.user)}: “${o.reason}”`}
          </li>
        ))}
      </ul>
    </section>
  );
}
