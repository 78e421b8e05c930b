// The QC test-set editor (QA lead or administrator): pick a scanner and one of its sets (or start a new
// one), change its schedule and tests, and save it as the next version. Nothing is stored while any
// field has a problem; results recorded before keep the windows they were measured against.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  addTest,
  blankSet,
  draftOf,
  moveTest,
  removeTest,
  testSetEvent,
  updateTest,
  type DraftProblem,
  type SetDraft,
} from '../../../domain/quality/qc-set-draft';
import type { QualityState } from '../../../domain/quality/quality.projection';
import { FREQUENCIES, type Frequency } from '../../../domain/quality/schedule';
import { FieldErrors, FormField } from '../../components/FormField';
import { useServices } from '../../services';
import { draftProblemText } from './draft-problem-text';
import { QcTestFields } from './QcTestFields';

const NEW = '';
type Props = { state: QualityState; onSaved?: (label: string, version: number) => void };

export function QcSetEditor({ state, onSaved }: Props) {
  const { runs } = useServices();
  const { t } = useTranslation();
  const scanners = [...state.equipment.values()].filter((e) => e.status !== 'retired');
  const [scannerId, setScannerId] = useState(scanners[0]?.scannerId ?? '');
  const sets = state.testSets.get(scannerId) ?? [];
  const [setId, setSetId] = useState<string>(sets[0]?.setId ?? NEW);
  const current = sets.find((s) => s.setId === setId);
  const fresh = (): SetDraft => (current ? draftOf(current) : blankSet('new-test'));
  // The draft belongs to one scanner's set (and version): a change of any of them starts a new draft.
  const owner = `${scannerId}/${setId}/${current?.version ?? 0}`;
  const [draft, setDraft] = useState<{ owner: string; d: SetDraft }>(() => ({ owner, d: fresh() }));
  const d = draft.owner === owner ? draft.d : fresh();
  const [problems, setProblems] = useState<readonly DraftProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const change = (f: (d: SetDraft) => SetDraft) =>
    setDraft((old) => ({ owner, d: f(old.owner === owner ? old.d : d) }));
  const at = (field: string) => problems.filter((p) => p.field === field).map((p) => draftProblemText(t, p));
  const testProblems = (key: string) =>
    Object.fromEntries(
      problems.flatMap((p) =>
        p.field.startsWith(`tests.${key}.`) ? [[p.field.slice(key.length + 7), draftProblemText(t, p)]] : [],
      ),
    );
  const nextVersion = (current?.version ?? 0) + 1;

  async function save() {
    const r = testSetEvent(d, scannerId, current, new Set(sets.map((s) => s.setId)));
    if ('problems' in r) return setProblems(r.problems);
    setProblems([]);
    try {
      await runs.recordEvent('qc.testSetDefined', r.payload);
      setError(null);
      setSetId(r.payload.setId);
      onSaved?.(r.payload.label, r.payload.version);
    } catch (e) {
      setError(t('error.saveFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  }

  return (
    <form
      className="card stack"
      aria-labelledby="qc-sets-title"
      noValidate
      onSubmit={(e) => (e.preventDefault(), void save())}
    >
      <h2 id="qc-sets-title">{t('quality.sets.title')}</h2>
      <p className="hint">{t('quality.sets.help')}</p>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <label className="field">
          <span>{t('quality.scanner')}</span>
          <select
            value={scannerId}
            onChange={(e) => (
              setScannerId(e.target.value),
              setSetId(state.testSets.get(e.target.value)?.[0]?.setId ?? NEW),
              setProblems([])
            )}
          >
            {scanners.map((s) => (
              <option key={s.scannerId} value={s.scannerId}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('quality.qc.set')}</span>
          <select value={setId} onChange={(e) => (setSetId(e.target.value), setProblems([]))}>
            {sets.map((s) => (
              <option key={s.setId} value={s.setId}>{`${s.label} (v${s.version})`}</option>
            ))}
            <option value={NEW}>{t('quality.sets.newSet')}</option>
          </select>
        </label>
      </div>
      <p className="hint" data-in-force>
        {current ? t('quality.sets.inForce', { version: current.version }) : t('quality.sets.notYet')}
      </p>
      <div className="row">
        <FormField label={t('quality.sets.label')} problems={at('label')}>
          <input value={d.label} onChange={(e) => change((x) => ({ ...x, label: e.target.value }))} />
        </FormField>
        <label className="field">
          <span>{t('quality.sets.frequency')}</span>
          <select
            value={d.frequency}
            onChange={(e) => change((x) => ({ ...x, frequency: e.target.value as Frequency }))}
          >
            {FREQUENCIES.map((f) => (
              <option key={f} value={f}>
                {t(`quality.sets.frequencies.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <FormField label={t('quality.sets.dueWithinDays')} problems={at('dueWithinDays')}>
          <input
            inputMode="numeric"
            value={d.dueWithinDays}
            onChange={(e) => change((x) => ({ ...x, dueWithinDays: e.target.value }))}
          />
        </FormField>
        <FormField label={t('quality.sets.dueBy')} problems={at('dueBy')}>
          <input
            value={d.dueBy}
            placeholder="08:00"
            onChange={(e) => change((x) => ({ ...x, dueBy: e.target.value }))}
          />
        </FormField>
      </div>
      <h3>{t('quality.sets.tests', { count: d.tests.length })}</h3>
      <FieldErrors problems={at('tests')} />
      {d.tests.map((test, i) => (
        <QcTestFields
          key={test.key}
          test={test}
          index={i}
          count={d.tests.length}
          problems={testProblems(test.key)}
          onChange={(patch) => change((x) => updateTest(x, test.key, patch))}
          onMove={(by) => change((x) => moveTest(x, test.key, by))}
          onRemove={() => change((x) => removeTest(x, test.key))}
        />
      ))}
      <div className="row no-print">
        <button type="button" className="btn" onClick={() => change((x) => addTest(x, crypto.randomUUID()))}>
          {t('quality.sets.addTest')}
        </button>
      </div>
      <button className="btn btn-primary btn-big" type="submit">
        {t('quality.sets.save', { version: nextVersion })}
      </button>
    </form>
  );
}
