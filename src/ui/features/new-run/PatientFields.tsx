// The patient part of the new-exam form: ID (never truncated: a barcode types into it), name, birth
// date or age, language, sex and priority. The page owns the values and the checks.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PATIENT_NAME_MAX_LENGTH, type TextProblem } from '../../../domain/events/text-rules';
import type { NewRunProblem, Sex } from '../../../domain/run/run.header';
import { PRIORITIES, type RunPriority } from '../../../domain/run/run.types';
import { ChoiceButtons } from '../../components/ChoiceButtons';
import { FieldProblem } from '../../components/FieldProblem';
import { PATIENT_LANGUAGES } from '../../patient-languages';

const SEXES: readonly Sex[] = ['female', 'male', 'other', 'unknown'];

export type PatientForm = {
  patientId: string;
  name: string;
  birthDate: string;
  age: string;
  sex: Sex;
  language: string;
  priority: RunPriority;
};

type Props = {
  f: PatientForm;
  set: (k: keyof PatientForm, v: string) => void;
  typed: { patientId?: TextProblem; name?: TextProblem };
  problem: (p: NewRunProblem) => ReactNode;
  today: string;
};

export function PatientFields({ f, set, typed, problem, today }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <div className="form-grid">
        <label className="field">
          <span>{t('newRun.patientId')} *</span>
          {/* No maxLength: a barcode scanner types into this field, and a cut-off ID names another patient. */}
          <input
            type="text"
            autoComplete="off"
            value={f.patientId}
            aria-invalid={typed.patientId ? true : undefined}
            onChange={(e) => set('patientId', e.target.value)}
          />
          {problem('patientIdRequired')}
          <FieldProblem field={t('newRun.patientId')} problem={typed.patientId} />
        </label>
        <label className="field">
          <span>{t('newRun.name')}</span>
          <input
            type="text"
            autoComplete="off"
            maxLength={PATIENT_NAME_MAX_LENGTH}
            value={f.name}
            aria-invalid={typed.name ? true : undefined}
            onChange={(e) => set('name', e.target.value)}
          />
          <FieldProblem field={t('newRun.name')} problem={typed.name} />
        </label>
        <label className="field">
          <span>{t('newRun.birthDate')}</span>
          <input type="date" value={f.birthDate} max={today} onChange={(e) => set('birthDate', e.target.value)} />
          {problem('birthDateInvalid')}
          {problem('birthDateTooEarly')}
        </label>
        <label className="field">
          <span>{t('newRun.age')}</span>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={130}
            value={f.age}
            disabled={Boolean(f.birthDate)}
            onChange={(e) => set('age', e.target.value)}
          />
          {problem('ageOrBirthDate')}
          {problem('ageOutOfRange')}
        </label>
        <label className="field">
          <span>{t('newRun.language')}</span>
          <select value={f.language} onChange={(e) => set('language', e.target.value)}>
            {PATIENT_LANGUAGES.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="field">
        <legend>
          <strong>{t('newRun.sex')}</strong>
        </legend>
        <ChoiceButtons
          name="sex"
          value={f.sex}
          onChange={(v) => set('sex', v as Sex)}
          options={SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))}
        />
      </fieldset>
      <fieldset className="field">
        <legend>
          <strong>{t('newRun.priority')}</strong>
        </legend>
        <ChoiceButtons
          name="priority"
          value={f.priority}
          onChange={(v) => set('priority', v as RunPriority)}
          options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
        />
      </fieldset>
    </>
  );
}
