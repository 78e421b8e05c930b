// Starts an exam run (or a daily QC run): patient, priority, scanner and the card to follow.
// The run pins the card's id and version, so a later version never changes it.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'wouter';
import { InvalidEventError } from '../../../db/events.repo';
import { StorageFullError } from '../../../db/storage-errors';
import {
  PATIENT_ID_RULE,
  PATIENT_NAME_MAX_LENGTH,
  PATIENT_NAME_RULE,
  textProblem,
  type TextProblem,
} from '../../../domain/events/text-rules';
import {
  knownFacts,
  newRunProblems,
  type NewRunHeader,
  type NewRunProblem,
  type Sex,
} from '../../../domain/run/run.header';
import { PRIORITIES, type RunPriority } from '../../../domain/run/run.types';
import { Loading } from '../../components/Loading';
import { isoDate } from '../../format';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { useServices } from '../../services';
import { ChoiceButtons } from '../../components/ChoiceButtons';
import { FieldProblem } from '../../components/FieldProblem';
import { PATIENT_LANGUAGES } from '../../patient-languages';

const SEXES: readonly Sex[] = ['female', 'male', 'other', 'unknown'];

export default function NewRunPage() {
  const { runs, now, scanners, timerRules, account } = useServices();
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const [, navigate] = useLocation();
  const kind = params.get('kind') === 'qc' ? 'qc' : 'exam';
  const library = useSopLibrary();
  const [f, setF] = useState({
    patientId: '',
    name: '',
    birthDate: '',
    age: '',
    sex: 'unknown' as Sex,
    language: i18n.language,
    priority: 'routine' as RunPriority,
    sopKey: '',
    scanner: '',
  });
  const [problems, setProblems] = useState<(NewRunProblem | 'sopRequired')[]>([]);
  // Typed fields checked by the rules the server applies: a patient ID it would refuse is never stored.
  const [typed, setTyped] = useState<{ patientId?: TextProblem; name?: TextProblem }>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!library) return <Loading />;

  const cards = library.latest.filter((s) => s.kind === kind);
  const sop = cards.find((s) => `${s.id}@${s.version}` === f.sopKey);
  const usable = scanners.filter((s) => !sop || s.modality === sop.modality);
  const set = <K extends keyof typeof f>(k: K, v: (typeof f)[K]) => setF((old) => ({ ...old, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const header: NewRunHeader = {
      kind,
      sop: sop ? { id: sop.id, version: sop.version } : { id: '', version: 0 },
      priority: kind === 'qc' ? 'routine' : f.priority,
      scanner: f.scanner,
      timerRules,
      ...(kind === 'exam' && {
        patient: {
          patientId: f.patientId.trim(),
          sex: f.sex,
          language: f.language,
          ...(f.name.trim() && { name: f.name.trim() }),
          ...(f.birthDate ? { birthDate: f.birthDate } : f.age.trim() ? { ageYears: Number(f.age) } : {}),
        },
      }),
    };
    const found = [...(sop ? [] : (['sopRequired'] as const)), ...newRunProblems(header, isoDate(now()))];
    const patient = header.patient;
    const fieldProblems = {
      patientId: patient?.patientId ? textProblem(patient.patientId, PATIENT_ID_RULE) : undefined,
      name: patient?.name ? textProblem(patient.name, PATIENT_NAME_RULE) : undefined,
    };
    setProblems(found);
    setTyped(fieldProblems);
    if (found.length || fieldProblems.patientId || fieldProblems.name) return;
    setBusy(true);
    try {
      // What the form already says (age on today's local date, sex, who starts it) is recorded once.
      const facts = knownFacts(header.patient, isoDate(now()), account?.displayName);
      const id = await runs.createRun(header, facts);
      navigate(`/run/${id}`);
    } catch (err) {
      setSaveError(
        err instanceof StorageFullError
          ? t('error.storageFull')
          : err instanceof InvalidEventError
            ? t('error.invalid', { problems: err.problems.join('; ') })
            : t('error.saveFailed', { message: String(err) }),
      );
      setBusy(false);
    }
  }

  const problem = (p: NewRunProblem | 'sopRequired') =>
    problems.includes(p) && (
      <span className="error-text" role="alert">
        {t(`newRun.problem.${p}`)}
      </span>
    );
  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} noValidate>
      <h1>{kind === 'qc' ? t('newRun.qcTitle') : t('newRun.title')}</h1>
      {saveError && (
        <p className="banner banner-error" role="alert">
          {saveError}
        </p>
      )}
      <fieldset className="field">
        <legend>
          <strong>{t(kind === 'qc' ? 'newRun.qcCard' : 'newRun.card')} *</strong>
        </legend>
        <ChoiceButtons
          name="sop"
          value={f.sopKey}
          onChange={(v) => {
            set('sopKey', v);
            set('scanner', '');
          }}
          options={cards.map((s) => ({
            value: `${s.id}@${s.version}`,
            label: `${t(s.title, { ns: 'sop' })} (v${s.version})`,
          }))}
        />
        {problem('sopRequired')}
      </fieldset>
      {kind === 'exam' && (
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
              <input
                type="date"
                value={f.birthDate}
                max={isoDate(now())}
                onChange={(e) => set('birthDate', e.target.value)}
              />
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
      )}
      <fieldset className="field">
        <legend>
          <strong>{t('newRun.scanner')} *</strong>
        </legend>
        <ChoiceButtons
          name="scanner"
          value={f.scanner}
          onChange={(v) => set('scanner', v)}
          options={usable.map((s) => ({ value: s.label, label: s.label }))}
        />
        {problem('scannerRequired')}
      </fieldset>
      <div className="row">
        <button type="button" className="btn" onClick={() => navigate('/')}>
          {t('action.cancel')}
        </button>
        <span className="spacer" />
        <button type="submit" className="btn btn-primary btn-big" disabled={busy}>
          {t('newRun.start')} →
        </button>
      </div>
    </form>
  );
}
