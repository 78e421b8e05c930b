// A service-log entry: maintenance, calibration, repair or inspection, with what was wrong, the work
// done, by whom, downtime and parts. Every problem is named at its field and nothing is stored until
// the entry is complete; a repair takes the scanner out of service until its return is approved.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SERVICE_KINDS } from '../../../domain/events/equipment.events';
import type { FieldProblem } from '../../../domain/quality/equipment';
import type { QualityState } from '../../../domain/quality/quality.projection';
import { serviceEntry } from '../../../domain/quality/service-entry';
import { FieldErrors, FormField } from '../../components/FormField';
import { useServices } from '../../services';

const EMPTY = { kind: '', problem: '', workDone: '', by: '', downtimeStart: '', downtimeEnd: '', parts: '' };
type Field = keyof typeof EMPTY;
const TEXTS: readonly Field[] = ['problem', 'workDone', 'by', 'parts'];

/** A typed local date-time as an instant; NaN when it cannot be read, undefined when empty. */
const instant = (v: string) => (v ? Date.parse(v) : undefined);

export function ServiceForm({ state, onSaved }: { state: QualityState; onSaved?: () => void }) {
  const { runs } = useServices();
  const { t } = useTranslation();
  const scanners = [...state.equipment.values()].filter((e) => e.status !== 'retired');
  const [scannerId, setScannerId] = useState(scanners[0]?.scannerId ?? '');
  const [d, setD] = useState(EMPTY);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const set = (k: Field, v: string) => setD((x) => ({ ...x, [k]: v }));

  async function save() {
    const r = serviceEntry(
      { ...d, scannerId, downtimeStart: instant(d.downtimeStart), downtimeEnd: instant(d.downtimeEnd) },
      crypto.randomUUID(),
    );
    if ('problems' in r) return setProblems(r.problems);
    setProblems([]);
    try {
      await runs.recordEvent('service.entryRecorded', r.entry);
      setD(EMPTY);
      onSaved?.();
    } catch (e) {
      setError(t('error.saveFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  }

  const problem = (field: Field) =>
    problems.filter((p) => p.field === field).map((p) => `${t(`quality.service.field.${field}`)}: ${p.message}`);

  return (
    <form
      className="card stack"
      aria-labelledby="service-form-title"
      onSubmit={(e) => (e.preventDefault(), void save())}
      noValidate
    >
      <h2 id="service-form-title">{t('quality.service.title')}</h2>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      <FormField label={t('quality.scanner')}>
        <select value={scannerId} onChange={(e) => setScannerId(e.target.value)}>
          {scanners.map((s) => (
            <option key={s.scannerId} value={s.scannerId}>
              {s.name}
            </option>
          ))}
        </select>
      </FormField>
      <fieldset className="stack">
        <legend>{t('quality.service.field.kind')}</legend>
        <div className="row">
          {SERVICE_KINDS.map((k) => (
            <label key={k} className="choice">
              <input type="radio" name="service-kind" checked={d.kind === k} onChange={() => set('kind', k)} />
              <span>{t(`quality.service.kind.${k}`)}</span>
            </label>
          ))}
        </div>
        <FieldErrors problems={problem('kind')} />
      </fieldset>
      {d.kind === 'repair' && <p className="banner banner-warn">{t('quality.service.repairNote')}</p>}
      {TEXTS.map((k) => (
        <FormField
          key={k}
          label={`${t(`quality.service.field.${k}`)}${k === 'workDone' || k === 'by' || (k === 'problem' && d.kind === 'repair') ? ' *' : ''}`}
          problems={problem(k)}
        >
          {k === 'by' ? (
            <input type="text" value={d[k]} onChange={(e) => set(k, e.target.value)} />
          ) : (
            <textarea value={d[k]} onChange={(e) => set(k, e.target.value)} />
          )}
        </FormField>
      ))}
      <div className="form-grid">
        {(['downtimeStart', 'downtimeEnd'] as const).map((k) => (
          <FormField key={k} label={t(`quality.service.field.${k}`)} problems={problem(k)}>
            <input type="datetime-local" value={d[k]} onChange={(e) => set(k, e.target.value)} />
          </FormField>
        ))}
      </div>
      <button className="btn btn-primary btn-big" type="submit">
        {t('quality.service.save')}
      </button>
    </form>
  );
}
