// Reporting an adverse event, offline, standalone or from a run (prefilled with patient, card,
// scanner and contrast). The ACR reaction examples and the AHRQ class and harm definitions are on
// the form. Every missing field is named and nothing is stored until the report is complete.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ADVERSE_KINDS,
  AHRQ_CLASSES,
  HARM_SCALE,
  REACTION_SEVERITIES,
  REACTION_TYPES,
  reportProblems,
  type AdverseReport,
} from '../../../domain/quality/adverse-event';
import { parseMeasurement } from '../../../domain/quality/qc-result';
import type { AdversePrefill } from '../../../domain/quality/run-prefill';
import { formatTime } from '../../format';
import { useServices } from '../../services';

type Draft = Partial<Omit<AdverseReport, 'occurredAt' | 'contrast'>> & {
  occurredAt?: string;
  agent?: string;
  volume?: string;
  reactionType?: (typeof REACTION_TYPES)[number];
  severity?: (typeof REACTION_SEVERITIES)[number];
  site?: string;
};

const toLocalInput = (at: number) => {
  const d = new Date(at - new Date(at).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

function Choice<T extends string>(p: {
  name: string;
  label: string;
  options: readonly T[];
  value?: T;
  text: (o: T) => string;
  hint?: (o: T) => string;
  onChange: (v: T) => void;
}) {
  return (
    <fieldset className="stack">
      <legend>{p.label}</legend>
      {p.options.map((o) => (
        <label key={o} className="choice">
          <input type="radio" name={p.name} checked={p.value === o} onChange={() => p.onChange(o)} />
          <span>
            {p.text(o)}
            {p.hint && <small className="hint">{p.hint(o)}</small>}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

export function AdverseForm({
  prefill = {},
  onSaved,
}: {
  prefill?: AdversePrefill;
  onSaved?: (reportId: string) => void;
}) {
  const { runs, now, user } = useServices();
  const { t } = useTranslation();
  const [d, setD] = useState<Draft>({
    occurredAt: toLocalInput(now()),
    ...(prefill.kind && { kind: prefill.kind }),
    ...(prefill.contrast?.reactionType && { reactionType: prefill.contrast.reactionType }),
    ...(prefill.contrast?.severity && { severity: prefill.contrast.severity }),
    ...(prefill.contrast?.agent && { agent: prefill.contrast.agent }),
    ...(prefill.contrast?.volumeMl !== undefined && { volume: String(prefill.contrast.volumeMl) }),
  });
  const [problems, setProblems] = useState<{ field: string; message: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const contrastKind = d.kind === 'contrastReaction' || d.kind === 'extravasation';

  async function save() {
    const parsed = d.volume?.trim() ? parseMeasurement(d.volume) : undefined;
    const volume = parsed && 'value' in parsed ? parsed.value : undefined;
    const occurredAt = d.occurredAt ? Date.parse(d.occurredAt) : undefined;
    const contrast = contrastKind
      ? {
          ...prefill.contrast,
          ...(d.agent?.trim() && { agent: d.agent.trim() }),
          ...(volume !== undefined && { volumeMl: volume }),
          ...(d.kind === 'contrastReaction' && d.reactionType && { reactionType: d.reactionType }),
          ...(d.kind === 'contrastReaction' && d.severity && { severity: d.severity }),
          ...(d.kind === 'extravasation' && d.site?.trim() && { site: d.site.trim() }),
        }
      : undefined;
    const report: Partial<AdverseReport> = {
      reportId: crypto.randomUUID(),
      ...(d.kind && { kind: d.kind }),
      ...(occurredAt !== undefined && !Number.isNaN(occurredAt) && { occurredAt }),
      ...(prefill.runId && { runId: prefill.runId }),
      ...(prefill.patientId && { patientId: prefill.patientId }),
      ...(prefill.sopId && { sopId: prefill.sopId }),
      ...(prefill.scannerId && { scannerId: prefill.scannerId }),
      technologist: user,
      ...(contrast && { contrast }),
      ...(d.ahrqClass && { ahrqClass: d.ahrqClass }),
      ...(d.harm && { harm: d.harm }),
      whatHappened: d.whatHappened ?? '',
      actionsTaken: d.actionsTaken ?? '',
      ...(d.outcome?.trim() && { outcome: d.outcome }),
    };
    const found = reportProblems(report);
    if (parsed && 'problem' in parsed) found.unshift({ field: 'volumeMl', message: parsed.problem });
    setProblems(found);
    if (found.length) return;
    try {
      await runs.recordEvent('adverse.reported', report);
      // A fresh form: tapping Save again must not file the same event as a second report.
      setD({ occurredAt: toLocalInput(now()) });
      onSaved?.(report.reportId!);
    } catch (e) {
      setError(t('error.saveFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  }

  const problem = (field: string) => {
    const p = problems.find((x) => x.field === field);
    return (
      p && <span className="error-text" role="alert">{`${t(`quality.adverse.field.${field}`)}: ${p.message}`}</span>
    );
  };

  return (
    <form
      className="card stack"
      aria-labelledby="adverse-title"
      onSubmit={(e) => (e.preventDefault(), void save())}
      noValidate
    >
      <h2 id="adverse-title">{t('quality.adverse.title')}</h2>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      {prefill.runId && (
        <p className="banner banner-info">
          {t('quality.adverse.fromRun', {
            patient: prefill.patientId ?? '',
            card: prefill.sopId ?? '',
            scanner: prefill.scannerId ?? '',
          })}
          {prefill.contrast?.injectedAt !== undefined &&
            ` · ${t('quality.adverse.injectedAt', { time: formatTime(prefill.contrast.injectedAt) })}`}
        </p>
      )}
      <Choice
        name="kind"
        label={t('quality.adverse.field.kind')}
        options={ADVERSE_KINDS}
        value={d.kind}
        text={(o) => t(`quality.adverse.kind.${o}`)}
        onChange={(kind) => set({ kind })}
      />
      {problem('kind')}
      <label>
        {t('quality.adverse.field.occurredAt')}
        <input type="datetime-local" value={d.occurredAt ?? ''} onChange={(e) => set({ occurredAt: e.target.value })} />
      </label>
      {problem('occurredAt')}
      {contrastKind && (
        <div className="row">
          <label>
            {t('quality.adverse.field.agent')}
            <input value={d.agent ?? ''} onChange={(e) => set({ agent: e.target.value })} />
          </label>
          <label>
            {t('quality.adverse.field.volumeMl')}
            <input inputMode="decimal" value={d.volume ?? ''} onChange={(e) => set({ volume: e.target.value })} />
          </label>
        </div>
      )}
      {problem('volumeMl')}
      {d.kind === 'contrastReaction' && (
        <>
          <Choice
            name="reactionType"
            label={t('quality.adverse.field.reactionType')}
            options={REACTION_TYPES}
            value={d.reactionType}
            text={(o) => t(`quality.adverse.reaction.${o}`)}
            onChange={(reactionType) => set({ reactionType })}
          />
          {problem('reactionType')}
          <Choice
            name="severity"
            label={t('quality.adverse.field.severity')}
            options={REACTION_SEVERITIES}
            value={d.severity}
            text={(o) => t(`quality.adverse.severity.${o}`)}
            hint={(o) => t(`quality.adverse.severity.${o}.examples`)}
            onChange={(severity) => set({ severity })}
          />
          {problem('severity')}
        </>
      )}
      {d.kind === 'extravasation' && (
        <>
          <label>
            {t('quality.adverse.field.site')}
            <input value={d.site ?? ''} onChange={(e) => set({ site: e.target.value })} />
          </label>
          {problem('site')}
          <p className="banner banner-info">{t('quality.adverse.extravasationAdvice')}</p>
        </>
      )}
      <Choice
        name="ahrqClass"
        label={t('quality.adverse.field.ahrqClass')}
        options={AHRQ_CLASSES}
        value={d.ahrqClass}
        text={(o) => t(`quality.adverse.class.${o}`)}
        hint={(o) => t(`quality.adverse.class.${o}.definition`)}
        onChange={(ahrqClass) => set({ ahrqClass })}
      />
      {problem('ahrqClass')}
      <Choice
        name="harm"
        label={t('quality.adverse.field.harm')}
        options={HARM_SCALE}
        value={d.harm}
        text={(o) => t(`quality.adverse.harm.${o}`)}
        hint={(o) => t(`quality.adverse.harm.${o}.definition`)}
        onChange={(harm) => set({ harm })}
      />
      {problem('harm')}
      {(['whatHappened', 'actionsTaken', 'outcome'] as const).map((f) => (
        <div key={f} className="stack">
          <label>
            {t(`quality.adverse.field.${f}`)}
            <textarea value={d[f] ?? ''} onChange={(e) => set({ [f]: e.target.value })} />
          </label>
          {problem(f)}
        </div>
      ))}
      <button className="btn btn-primary btn-big" type="submit">
        {t('quality.adverse.save')}
      </button>
    </form>
  );
}
