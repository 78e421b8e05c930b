// Recording a QC result: pick the scanner and the test set, type each measurement (its reference
// and limits shown beside it, and the outcome as you type), and save. A bad or missing value gets
// a message at its field and nothing is stored until every test has a value or is marked not done.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { evaluateResult, parseMeasurement, type QcInput } from '../../../domain/quality/qc-result';
import type { QcTest } from '../../../domain/quality/qc-sets';
import type { QualityState } from '../../../domain/quality/quality.projection';
import { evaluate, limitsOf } from '../../../domain/quality/tolerance';
import { useServices } from '../../services';

const limitsText = (t: Extract<QcTest, { kind: 'numeric' }>) => {
  const l = limitsOf(t.tolerance);
  const f = (n: number | undefined) => (n === undefined ? '–' : String(Math.round(n * 1000) / 1000));
  return `ref ${t.tolerance.reference} ${t.unit} · OK ${f(l.toleranceLow)}…${f(l.toleranceHigh)} · action beyond ${f(l.actionLow)}…${f(l.actionHigh)}`;
};

export function QcForm({ state, onSaved }: { state: QualityState; onSaved?: (outcome: string) => void }) {
  const { runs } = useServices();
  const { t } = useTranslation();
  const scanners = [...state.equipment.values()].filter((e) => e.status !== 'retired');
  const [scannerId, setScannerId] = useState(scanners[0]?.scannerId ?? '');
  const sets = state.testSets.get(scannerId) ?? [];
  const [setId, setSetId] = useState('daily');
  const set = sets.find((s) => s.setId === setId) ?? sets[0];
  const [inputs, setInputs] = useState<Record<string, QcInput>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const put = (id: string, v: QcInput) => setInputs((i) => ({ ...i, [id]: v }));

  async function save() {
    if (!set) return;
    const r = evaluateResult(set, scannerId, crypto.randomUUID(), inputs, comment);
    if ('problems' in r) return setProblems(r.problems);
    setProblems({});
    try {
      await runs.recordEvent('qc.resultRecorded', r.result);
      setInputs({});
      setComment('');
      onSaved?.(r.result.outcome);
    } catch (e) {
      setError(t('error.saveFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  }

  return (
    <form
      className="card stack"
      aria-labelledby="qc-form-title"
      onSubmit={(e) => (e.preventDefault(), void save())}
      noValidate
    >
      <h2 id="qc-form-title">{t('quality.qc.title')}</h2>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <label>
          {t('quality.scanner')}
          <select value={scannerId} onChange={(e) => (setScannerId(e.target.value), setInputs({}))}>
            {scanners.map((s) => (
              <option key={s.scannerId} value={s.scannerId}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('quality.qc.set')}
          <select value={set?.setId ?? ''} onChange={(e) => (setSetId(e.target.value), setInputs({}))}>
            {sets.map((s) => (
              <option key={s.setId} value={s.setId}>{`${s.label} (v${s.version})`}</option>
            ))}
          </select>
        </label>
      </div>
      {set?.tests.map((test) => {
        const input = inputs[test.id] ?? {};
        const parsed = test.kind === 'numeric' && input.text ? parseMeasurement(input.text) : undefined;
        const live =
          test.kind === 'numeric' && parsed && 'value' in parsed ? evaluate(parsed.value, test.tolerance) : undefined;
        return (
          <fieldset key={test.id} className="stack" data-test={test.id}>
            <legend>{test.label}</legend>
            {test.kind === 'numeric' ? (
              <>
                <label>
                  {`${test.label} (${test.unit})`}
                  <input
                    inputMode="decimal"
                    value={input.text ?? ''}
                    disabled={input.notDone}
                    onChange={(e) => put(test.id, { text: e.target.value })}
                  />
                </label>
                <small>{limitsText(test)}</small>
                {live && (
                  <span className={`qc-outcome qc-${live}`} data-outcome={live}>
                    {t(`quality.outcome.${live}`)}
                  </span>
                )}
              </>
            ) : (
              <div className="row" role="radiogroup" aria-label={test.label}>
                {[true, false].map((v) => (
                  <label key={String(v)}>
                    <input
                      type="radio"
                      name={test.id}
                      checked={input.passed === v && !input.notDone}
                      onChange={() => put(test.id, { passed: v })}
                    />
                    {t(v ? 'quality.qc.pass' : 'quality.qc.fail')}
                  </label>
                ))}
              </div>
            )}
            <label>
              <input
                type="checkbox"
                checked={!!input.notDone}
                onChange={(e) => put(test.id, { notDone: e.target.checked })}
              />
              {t('quality.qc.notDone')}
            </label>
            {problems[test.id] && (
              <span className="error-text" role="alert">{`${test.label}: ${problems[test.id]}`}</span>
            )}
          </fieldset>
        );
      })}
      <label>
        {t('quality.comment')}
        <textarea value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <button className="btn btn-primary btn-big" type="submit">
        {t('quality.qc.save')}
      </button>
    </form>
  );
}
