// One test of a QC set in the editor: its name and kind; for a numeric test the unit, reference and
// the tolerance and action windows (absolute or percent, both sides or one), with the limits they
// spell out; each problem beside its field. Move up / down and remove act on the draft only.
import { useTranslation } from 'react-i18next';
import type { TestDraft } from '../../../domain/quality/qc-set-draft';
import { limitsOf, toleranceProblems, type WindowSide } from '../../../domain/quality/tolerance';
import { FormField } from '../../components/FormField';

type Props = {
  readonly test: TestDraft;
  readonly index: number;
  readonly count: number;
  /** Problems of this test by field (label, unit, reference, tolerance, action). */
  readonly problems: Readonly<Record<string, string>>;
  onChange(patch: Partial<Omit<TestDraft, 'key' | 'id'>>): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
};

const SIDES: readonly WindowSide[] = ['both', 'upper', 'lower'];
const round = (n: number | undefined) => (n === undefined ? '–' : String(Math.round(n * 1000) / 1000));
const numeric = (s: string) => s.trim() !== '' && Number.isFinite(Number(s.trim().replace(',', '.')));

/** The limits the typed numbers give, or nothing while they are not all numbers. */
function preview(t: TestDraft): string | undefined {
  if (![t.reference, t.tolerance, t.action].every(numeric)) return undefined;
  const n = (s: string) => Number(s.trim().replace(',', '.'));
  const tol = {
    reference: n(t.reference),
    kind: t.windowKind,
    tolerance: n(t.tolerance),
    action: n(t.action),
    side: t.side,
  };
  if (toleranceProblems(tol).length) return undefined;
  const l = limitsOf(tol);
  return `OK ${round(l.toleranceLow)} … ${round(l.toleranceHigh)} ${t.unit} · action beyond ${round(l.actionLow)} … ${round(l.actionHigh)}`;
}

export function QcTestFields({ test, index, count, problems, onChange, onMove, onRemove }: Props) {
  const { t } = useTranslation();
  const n = index + 1;
  const text = (field: 'label' | 'unit' | 'reference' | 'tolerance' | 'action', decimal = false) => (
    <FormField label={t(`quality.sets.test.${field}`)} problems={problems[field]}>
      <input
        value={test[field]}
        {...(decimal && { inputMode: 'decimal' as const })}
        aria-invalid={problems[field] ? true : undefined}
        onChange={(e) => onChange({ [field]: e.target.value })}
      />
    </FormField>
  );
  const limits = test.kind === 'numeric' ? preview(test) : undefined;
  return (
    <fieldset className="stack qc-test" data-test-row={test.key}>
      <legend>{t('quality.sets.test.title', { n, label: test.label.trim() || t('quality.sets.test.unnamed') })}</legend>
      <div className="row">
        {text('label')}
        <label className="field">
          <span>{t('quality.sets.test.kind')}</span>
          <select value={test.kind} onChange={(e) => onChange({ kind: e.target.value as TestDraft['kind'] })}>
            <option value="numeric">{t('quality.sets.test.numeric')}</option>
            <option value="passFail">{t('quality.sets.test.passFail')}</option>
          </select>
        </label>
      </div>
      {test.kind === 'numeric' && (
        <>
          <div className="row">
            {text('unit')}
            {text('reference', true)}
            <label className="field">
              <span>{t('quality.sets.test.windowKind')}</span>
              <select
                value={test.windowKind}
                onChange={(e) => onChange({ windowKind: e.target.value as TestDraft['windowKind'] })}
              >
                <option value="absolute">{t('quality.sets.test.absolute')}</option>
                <option value="percent">{t('quality.sets.test.percent')}</option>
              </select>
            </label>
          </div>
          <div className="row">
            {text('tolerance', true)}
            {text('action', true)}
            <label className="field">
              <span>{t('quality.sets.test.side')}</span>
              <select value={test.side} onChange={(e) => onChange({ side: e.target.value as WindowSide })}>
                {SIDES.map((s) => (
                  <option key={s} value={s}>
                    {t(`quality.sets.test.sides.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {limits && (
            <small className="hint" data-limits>
              {limits}
            </small>
          )}
        </>
      )}
      <div className="row no-print">
        <button type="button" className="btn" disabled={index === 0} onClick={() => onMove(-1)}>
          {t('quality.sets.test.moveUp', { n })}
        </button>
        <button type="button" className="btn" disabled={index === count - 1} onClick={() => onMove(1)}>
          {t('quality.sets.test.moveDown', { n })}
        </button>
        <button type="button" className="btn" onClick={onRemove}>
          {t('quality.sets.test.remove', { n })}
        </button>
      </div>
    </fieldset>
  );
}
