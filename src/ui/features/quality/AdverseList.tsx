// Adverse-event reports with their status, amendments (who, when) and status history; a QA lead
// moves them reported → under review → closed. Follow-ups due (extravasation at 24 h) are flagged.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QualityState } from '../../../domain/quality/quality.projection';
import { followUpsDue } from '../../../domain/quality/quality.status';
import { formatDateTime } from '../../format';
import { useUserNames } from '../../hooks/use-user-names';
import { useServices } from '../../services';
import { AmendForm } from './AmendForm';

export function AdverseList({ state, mayReview }: { state: QualityState; mayReview: boolean }) {
  const { runs, now } = useServices();
  const { t } = useTranslation();
  const who = useUserNames();
  const [notes, setNotes] = useState<Record<string, string>>({});
  const followUps = new Map(followUpsDue(state, now()).map((f) => [f.case.reportId, f]));
  const move = (reportId: string, status: 'underReview' | 'closed') =>
    runs.recordEvent('adverse.statusChanged', {
      reportId,
      status,
      ...(notes[reportId]?.trim() && { note: notes[reportId]!.trim() }),
    });
  const cases = [...state.adverse].sort((a, b) => b.current.occurredAt - a.current.occurredAt);
  return (
    <section className="card stack" aria-labelledby="adverse-list-title">
      <h2 id="adverse-list-title">{t('quality.adverse.listTitle', { count: cases.length })}</h2>
      <ul className="stack">
        {cases.map((c) => {
          const r = c.current;
          const f = followUps.get(c.reportId);
          return (
            <li key={c.reportId} className="review" data-report={c.reportId} data-status={c.status}>
              <strong>
                {`${t(`quality.adverse.kind.${r.kind}`)}${r.contrast?.severity ? ` · ${t(`quality.adverse.severity.${r.contrast.severity}`)}` : ''} · ${t(`quality.adverseStatus.${c.status}`)}`}
              </strong>
              <small className="hint">{`${formatDateTime(r.occurredAt)}${r.scannerId ? ` · ${r.scannerId}` : ''}${r.patientId ? ` · ${r.patientId}` : ''} · ${t(`quality.adverse.class.${r.ahrqClass}`)} · ${t(`quality.adverse.harm.${r.harm}`)}`}</small>
              <p>{r.whatHappened}</p>
              <p>{`${t('quality.adverse.field.actionsTaken')}: ${r.actionsTaken}`}</p>
              {r.outcome && <p data-outcome>{`${t('quality.adverse.field.outcome')}: ${r.outcome}`}</p>}
              {f && (
                <p className={`due due-${f.overdue ? 'overdue' : 'due'}`}>
                  {t('quality.adverse.followUp', { at: formatDateTime(f.dueAt) })}
                </p>
              )}
              {c.amendments.map((a, i) => (
                <p key={i} className="hint">
                  {t('quality.adverse.amendment', { at: formatDateTime(a.at), user: who(a.user), note: a.note })}
                </p>
              ))}
              {c.history.map((h, i) => (
                <p
                  key={i}
                  className="hint"
                >{`${formatDateTime(h.at)} · ${who(h.user)}: ${t(`quality.adverseStatus.${h.status}`)}${h.note ? ` (${h.note})` : ''}`}</p>
              ))}
              <p className="hint" data-reported-by>
                {t('quality.adverse.reportedBy', { at: formatDateTime(c.reportedAt), user: who(c.reportedBy) })}
              </p>
              {c.status !== 'closed' && <AmendForm reportId={c.reportId} />}
              {mayReview && c.status !== 'closed' && (
                <div className="row">
                  <label>
                    {t('quality.review.note')}
                    <input
                      value={notes[c.reportId] ?? ''}
                      onChange={(e) => setNotes((n) => ({ ...n, [c.reportId]: e.target.value }))}
                    />
                  </label>
                  {c.status === 'reported' && (
                    <button className="btn" type="button" onClick={() => void move(c.reportId, 'underReview')}>
                      {t('quality.adverse.startReview')}
                    </button>
                  )}
                  <button className="btn btn-primary" type="button" onClick={() => void move(c.reportId, 'closed')}>
                    {t('quality.adverse.close')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
