// Registering a scanner in the equipment register (administrators): name, modality, room, vendor,
// model, serial and commissioning date. A new scanner stays out of service until its acceptance test
// passes; once the register has entries, new exams choose from it instead of the built-in list.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { equipmentProblems, type EquipmentFields, type FieldProblem } from '../../../domain/quality/equipment';
import type { QualityState } from '../../../domain/quality/quality.projection';
import { useServices } from '../../services';

const TEXT_FIELDS = ['scannerId', 'name', 'room', 'vendor', 'model', 'serial'] as const;
const EMPTY = {
  scannerId: '',
  name: '',
  room: '',
  vendor: '',
  model: '',
  serial: '',
  commissionedOn: '',
  modality: '',
};
type Field = keyof typeof EMPTY;

export function EquipmentForm({ state, onSaved }: { state: QualityState; onSaved?: (name: string) => void }) {
  const { runs } = useServices();
  const { t } = useTranslation();
  const [d, setD] = useState(EMPTY);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const set = (k: Field, v: string) => setD((x) => ({ ...x, [k]: v }));

  async function save() {
    const fields = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.trim()])) as Partial<EquipmentFields>;
    const found = equipmentProblems(fields);
    const existing = fields.scannerId ? state.equipment.get(fields.scannerId) : undefined;
    if (existing && existing.registeredAt > 0)
      found.push({ field: 'scannerId', message: `already registered as ${existing.name}` });
    setProblems(found);
    if (found.length) return;
    try {
      await runs.recordEvent('equipment.registered', fields);
      setD(EMPTY);
      onSaved?.(fields.name!);
    } catch (e) {
      setError(t('error.saveFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  }

  const problem = (field: Field) =>
    problems
      .filter((p) => p.field === field)
      .map((p) => (
        <span
          key={p.message}
          className="error-text"
          role="alert"
        >{`${t(`quality.equipment.field.${field}`)}: ${p.message}`}</span>
      ));

  return (
    <form
      className="card stack"
      aria-labelledby="equipment-form-title"
      onSubmit={(e) => (e.preventDefault(), void save())}
      noValidate
    >
      <h2 id="equipment-form-title">{t('quality.equipment.title')}</h2>
      <p className="muted">{t('quality.equipment.acceptanceNote')}</p>
      {error && (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      )}
      <fieldset className="stack">
        <legend>{`${t('quality.equipment.field.modality')} *`}</legend>
        <div className="row">
          {(['CT', 'MR'] as const).map((m) => (
            <label key={m} className="choice">
              <input type="radio" name="modality" checked={d.modality === m} onChange={() => set('modality', m)} />
              <span>{m}</span>
            </label>
          ))}
        </div>
        {problem('modality')}
      </fieldset>
      <div className="form-grid">
        {TEXT_FIELDS.map((k) => (
          <label key={k} className="field">
            <span>{`${t(`quality.equipment.field.${k}`)} *`}</span>
            <input type="text" value={d[k]} autoComplete="off" onChange={(e) => set(k, e.target.value)} />
            {k === 'scannerId' && <small className="hint">{t('quality.equipment.idHint')}</small>}
            {problem(k)}
          </label>
        ))}
        <label className="field">
          <span>{`${t('quality.equipment.field.commissionedOn')} *`}</span>
          <input type="date" value={d.commissionedOn} onChange={(e) => set('commissionedOn', e.target.value)} />
          {problem('commissionedOn')}
        </label>
      </div>
      <button className="btn btn-primary btn-big" type="submit">
        {t('quality.equipment.save')}
      </button>
    </form>
  );
}
