// The image-QC decision on an exam's image-QC step (AAPM TG-305): accepted, repeated (kept and sent,
// another acquired) or rejected (never reaches the radiologist), how many images, and for a repeat
// or reject its DICOM CID 7011 reason. Each decision is one sealed imageQc.recorded event naming the
// run, card version and scanner: the reject and repeat rates are computed from these.
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunHeader } from '../../../domain/run/run.header';
import {
  imageQcPayload,
  MAX_IMAGES,
  type ImageQcDraft,
  type ImageQcField,
  type ImageQcProblem,
} from '../../../domain/quality/image-qc';
import { siteScanners } from '../../../domain/quality/quality.status';
import {
  IMAGE_OUTCOMES,
  REJECT_REASON_CODES,
  type ImageOutcome,
  type RejectReason,
} from '../../../domain/quality/reject-reasons';
import { ChoiceButtons } from '../../components/ChoiceButtons';
import { useQuality } from '../../hooks/use-quality';
import { useServices } from '../../services';

const EMPTY: ImageQcDraft = { images: '', reason: '', reasonText: '' };

type Props = {
  runId: string;
  header: RunHeader;
  /** Drawn below the panel, told whether this exam's decision is recorded (the step's Next waits for it). */
  children?: (decided: boolean) => ReactNode;
};

export function ImageQcPanel({ runId, header, children }: Props) {
  const { runs, scanners: builtIn } = useServices();
  const { t } = useTranslation();
  const quality = useQuality();
  const [draft, setDraft] = useState<ImageQcDraft>(EMPTY);
  const [problems, setProblems] = useState<Partial<Record<ImageQcField, ImageQcProblem>>>({});
  const [error, setError] = useState<string | null>(null);
  if (!quality) return <>{children?.(false)}</>;
  const scannerId = siteScanners(quality, builtIn).find((s) => s.label === header.scanner)?.id ?? header.scanner;
  const recorded = quality.imageQc.filter((r) => r.runId === runId);
  const set = (patch: Partial<ImageQcDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const problem = (f: ImageQcField) =>
    problems[f] && (
      <span className="error-text" role="alert">
        {t(`imageQc.problem.${f}.${problems[f]}`, { max: MAX_IMAGES })}
      </span>
    );

  async function save() {
    const run = { runId, scannerId, sopId: header.sop.id, sopVersion: header.sop.version };
    const r = imageQcPayload(draft, run, crypto.randomUUID());
    if ('problems' in r) return setProblems(r.problems);
    setProblems({});
    try {
      await runs.recordEvent('imageQc.recorded', r.payload);
      setDraft(EMPTY);
      setError(null);
    } catch (e) {
      setError(t('error.saveFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  }

  const needsReason = draft.outcome === 'repeat' || draft.outcome === 'reject';
  return (
    <>
      <section className="stack image-qc" aria-labelledby="image-qc-title" data-image-qc={runId}>
        <h2 id="image-qc-title">{t('imageQc.title')}</h2>
        <p className="muted small">{t('imageQc.definitions')}</p>
        {error && (
          <p className="banner banner-error" role="alert">
            {error}
          </p>
        )}
        {recorded.length > 0 && (
          <ul className="image-qc-recorded" aria-label={t('imageQc.recorded')}>
            {recorded.map((r) => (
              <li key={r.id} data-outcome={r.outcome}>
                {t(`imageQc.outcome.${r.outcome}`)}: {r.images}
                {r.reason && ` — ${t(`imageQc.reason.${r.reason}`)}${r.reasonText ? `: ${r.reasonText}` : ''}`}
              </li>
            ))}
          </ul>
        )}
        <fieldset className="field">
          <legend>
            <strong>{t('imageQc.outcomeLabel')} *</strong>
          </legend>
          <ChoiceButtons
            name="imageQcOutcome"
            value={draft.outcome ?? ''}
            onChange={(v) => set({ outcome: v as ImageOutcome })}
            options={IMAGE_OUTCOMES.map((o) => ({ value: o, label: t(`imageQc.outcome.${o}`) }))}
          />
          {problem('outcome')}
        </fieldset>
        <div className="form-grid">
          <label className="field">
            <span>{t('imageQc.images')} *</span>
            <input
              type="text"
              inputMode="numeric"
              value={draft.images}
              aria-invalid={problems.images ? true : undefined}
              onChange={(e) => set({ images: e.target.value })}
            />
            {problem('images')}
          </label>
          {needsReason && (
            <label className="field">
              <span>{t('imageQc.reasonLabel')} *</span>
              <select
                value={draft.reason ?? ''}
                aria-invalid={problems.reason ? true : undefined}
                onChange={(e) => set({ reason: e.target.value as RejectReason })}
              >
                <option value="">{t('imageQc.choose')}</option>
                {REJECT_REASON_CODES.map((c) => (
                  <option key={c} value={c}>
                    {c === 'other' ? t('imageQc.reason.other') : `${c} ${t(`imageQc.reason.${c}`)}`}
                  </option>
                ))}
              </select>
              {problem('reason')}
            </label>
          )}
          {needsReason && draft.reason === 'other' && (
            <label className="field">
              <span>{t('imageQc.reasonText')} *</span>
              <input
                type="text"
                maxLength={500}
                value={draft.reasonText}
                aria-invalid={problems.reasonText ? true : undefined}
                onChange={(e) => set({ reasonText: e.target.value })}
              />
              {problem('reasonText')}
            </label>
          )}
        </div>
        <div className="row">
          <span className="spacer" />
          <button type="button" className="btn" onClick={() => void save()}>
            {t('imageQc.save')}
          </button>
        </div>
      </section>
      {children?.(recorded.length > 0)}
    </>
  );
}
