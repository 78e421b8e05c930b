// The service log, newest first, and the QA lead's return-to-service approval: a repaired scanner
// returns to service only on a passed return-to-service QC recorded after the repair.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QualityState, ServiceRecord } from '../../../domain/quality/quality.projection';
import { repairsAwaitingReturn, returnCandidates } from '../../../domain/quality/service-entry';
import { formatDateTime } from '../../format';
import { useUserNames } from '../../hooks/use-user-names';
import { useServices } from '../../services';

function ReturnApproval({ state, repair }: { state: QualityState; repair: ServiceRecord }) {
  const { runs } = useServices();
  const { t } = useTranslation();
  const who = useUserNames();
  const candidates = returnCandidates(state, repair);
  const [resultId, setResultId] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  if (!candidates.length) return <p className="muted">{t('quality.service.needsRtsQc')}</p>;
  async function approve() {
    if (!resultId) return setProblem(t('quality.service.chooseResult'));
    setProblem(null);
    try {
      await runs.recordEvent('service.returnApproved', {
        scannerId: repair.scannerId,
        entryId: repair.entryId,
        resultId,
        note: note.trim(),
      });
    } catch (e) {
      setProblem(t('error.saveFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  }
  return (
    <div className="stack" data-approval={repair.entryId}>
      <fieldset className="stack">
        <legend>{t('quality.service.rtsResult')}</legend>
        {candidates.map((r) => (
          <label key={r.resultId} className="choice">
            <input
              type="radio"
              name={`rts-${repair.entryId}`}
              checked={resultId === r.resultId}
              onChange={() => setResultId(r.resultId)}
            />
            <span>{`${r.setLabel} · ${formatDateTime(r.at)} · ${t(`quality.outcome.${r.outcome}`)} · ${who(r.user)}`}</span>
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>{t('quality.review.note')}</span>
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      {problem && (
        <span className="error-text" role="alert">
          {problem}
        </span>
      )}
      <button className="btn btn-primary" type="button" onClick={() => void approve()}>
        {t('quality.service.approve')}
      </button>
    </div>
  );
}

export function ServiceList({ state, mayReview }: { state: QualityState; mayReview: boolean }) {
  const { t } = useTranslation();
  const who = useUserNames();
  const open = new Set(repairsAwaitingReturn(state).map((s) => s.entryId));
  const name = (id: string) => state.equipment.get(id)?.name ?? id;
  const span = (s: ServiceRecord) =>
    s.downtimeStart === undefined
      ? ''
      : ` · ${t('quality.service.downtime')} ${formatDateTime(s.downtimeStart)}–${s.downtimeEnd === undefined ? '…' : formatDateTime(s.downtimeEnd)}`;
  return (
    <section className="card stack" aria-labelledby="service-list-title">
      <h2 id="service-list-title">{t('quality.service.listTitle', { count: state.service.length })}</h2>
      {state.service.length === 0 && <p>{t('quality.records.none')}</p>}
      <ul className="stack">
        {[...state.service].reverse().map((s) => (
          <li key={s.entryId} className="review" data-entry={s.entryId} data-open={open.has(s.entryId)}>
            <strong>{`${name(s.scannerId)} · ${t(`quality.service.kind.${s.kind}`)} · ${formatDateTime(s.at)}`}</strong>
            <small className="hint">{`${s.by}${span(s)}${s.parts ? ` · ${s.parts}` : ''}`}</small>
            {s.problem && <p>{`${t('quality.service.field.problem')}: ${s.problem}`}</p>}
            <p>{`${t('quality.service.field.workDone')}: ${s.workDone}`}</p>
            {s.approved && (
              <p className="qc-ok">
                {t('quality.service.approved', { at: formatDateTime(s.approved.at), user: who(s.approved.user) })}
              </p>
            )}
            {open.has(s.entryId) && (
              <>
                <p className="banner banner-warn">{t('quality.service.awaiting')}</p>
                {mayReview && <ReturnApproval state={state} repair={s} />}
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
