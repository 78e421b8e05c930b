// Starts an exam run (or a daily QC run): patient, priority, scanner and the card to follow.
// The run pins the card's id and version, so a later version never changes it. An exam on a scanner
// the QC flags (action level, daily QC overdue, not in service) starts only with an override and its reason.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'wouter';
import { InvalidEventError } from '../../../db/events.repo';
import { StorageFullError } from '../../../db/storage-errors';
import { PATIENT_ID_RULE, PATIENT_NAME_RULE, textProblem, type TextProblem } from '../../../domain/events/text-rules';
import {
  knownFacts,
  newRunProblems,
  type NewRunHeader,
  type NewRunProblem,
  type Sex,
} from '../../../domain/run/run.header';
import type { RunPriority } from '../../../domain/run/run.types';
import { siteScanners, scannerFlags, type ScannerFlag } from '../../../domain/quality/quality.status';
import { Loading } from '../../components/Loading';
import { ReasonDialog } from '../../components/ReasonDialog';
import { isoDate } from '../../format';
import { useQuality } from '../../hooks/use-quality';
import { useSiteTimeZone } from '../../hooks/use-site-time-zone';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { useStartCheck } from '../../hooks/use-training';
import { useServices } from '../../services';
import type { StartCheck } from '../../../domain/training/competency';
import { ChoiceButtons } from '../../components/ChoiceButtons';
import { PatientFields, type PatientForm } from './PatientFields';
import { BookingBanner, prefillFrom, useBooking } from './from-booking';

export default function NewRunPage() {
  const { runs, now, scanners: builtIn, timerRules, account } = useServices();
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const [, navigate] = useLocation();
  const kind = params.get('kind') === 'qc' ? 'qc' : 'exam';
  const library = useSopLibrary();
  const quality = useQuality();
  const timeZone = useSiteTimeZone();
  const [f, setF] = useState<PatientForm & { sopKey: string; scanner: string }>({
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
  const [pending, setPending] = useState<{ header: NewRunHeader; scannerId: string; flags: ScannerFlag[] }>();
  // Started from a hospital booking (`?booking=<local id>`): the form is filled in from it once.
  const booking = useBooking(kind === 'exam' ? params.get('booking') : null);
  const [prefilled, setPrefilled] = useState(false);
  useEffect(() => {
    if (!booking || prefilled || !library || !quality) return;
    const labels = siteScanners(quality, builtIn).map((s) => s.label);
    setF((old) => ({ ...old, ...prefillFrom(booking, library.latest, labels) }));
    setPrefilled(true);
  }, [booking, prefilled, library, quality, builtIn]);
  // A technologist starting a card they are not validly signed off on is warned (blocked where the site says).
  const checked = useStartCheck(
    kind === 'exam' ? library?.latest.find((x) => `${x.id}@${x.version}` === f.sopKey) : undefined,
  );
  const checking = checked === 'checking';
  const check = checking ? undefined : checked;
  if (!library || !quality) return <Loading />;

  const cards = library.latest.filter((s) => s.kind === kind);
  const sop = cards.find((s) => `${s.id}@${s.version}` === f.sopKey);
  const scanners = siteScanners(quality, builtIn);
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
      ...(kind === 'exam' && booking && { booking: { accessionNumber: booking.accessionNumber } }),
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
    if (found.length || fieldProblems.patientId || fieldProblems.name || checking) return;
    if (check?.warn && sop) {
      await runs.recordAudit('competency.warned', `${sop.id}@${sop.version}`, warnedDetail(check));
      if (check.block) return setSaveError(t('newRun.competency.blocked'));
    }
    const scannerId = scanners.find((s) => s.label === header.scanner)?.id ?? header.scanner;
    const flags = kind === 'exam' ? flagsOf(scannerId) : [];
    if (flags.length) setPending({ header, scannerId, flags });
    else await start(header);
  }

  const flagsOf = (scannerId: string) => scannerFlags(quality, scannerId, now(), timeZone);

  /** Stores the run, then (flagged scanner) the override naming it; nothing is stored before both are valid. */
  async function start(header: NewRunHeader, override?: { scannerId: string; flags: ScannerFlag[]; reason: string }) {
    setPending(undefined);
    setBusy(true);
    try {
      // What the form already says (age on today's local date, sex, who starts it) is recorded once.
      const facts = knownFacts(header.patient, isoDate(now()), account?.displayName);
      const id = await runs.createRun(header, facts);
      if (override)
        await runs.recordEvent('scanner.overrideRecorded', { overrideId: crypto.randomUUID(), runId: id, ...override });
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
  const chosen = scanners.find((s) => s.label === f.scanner);
  const chosenFlags = chosen ? flagsOf(chosen.id) : [];
  return (
    <>
      <form className="card stack" onSubmit={(e) => void submit(e)} noValidate>
        <h1>{kind === 'qc' ? t('newRun.qcTitle') : t('newRun.title')}</h1>
        {kind === 'exam' && <BookingBanner booking={booking} />}
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
          {check?.warn && (
            <p
              className={check.block ? 'banner banner-error' : 'banner banner-warn'}
              role="status"
              data-competency-warning
            >
              {t(`newRun.competency.${check.status.state}`)}
              {check.block ? ` ${t('newRun.competency.blocked')}` : ` ${t('newRun.competency.warnOnly')}`}
            </p>
          )}
        </fieldset>
        {kind === 'exam' && (
          <PatientFields
            f={f}
            set={(k, v) => setF((old) => ({ ...old, [k]: v }))}
            typed={typed}
            problem={problem}
            today={isoDate(now())}
          />
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
          {kind === 'exam' && chosenFlags.length > 0 && (
            <p className="banner banner-warn" role="status" data-flagged-scanner={f.scanner}>
              {t('newRun.flagged', {
                scanner: f.scanner,
                flags: chosenFlags.map((x) => t(`quality.flag.${x}`)).join(', '),
              })}
            </p>
          )}
        </fieldset>
        <div className="row">
          <button type="button" className="btn" onClick={() => navigate('/')}>
            {t('action.cancel')}
          </button>
          <span className="spacer" />
          {checking && <span className="small muted">{t('newRun.competency.checking')}</span>}
          <button type="submit" className="btn btn-primary btn-big" disabled={busy || checking} aria-busy={checking}>
            {t('newRun.start')} →
          </button>
        </div>
      </form>
      {pending && (
        <ReasonDialog
          title={t('newRun.override.title', { scanner: pending.header.scanner })}
          explanation={t('newRun.override.explanation', {
            flags: pending.flags.map((x) => t(`quality.flag.${x}`)).join(', '),
          })}
          confirmLabel={t('newRun.override.confirm')}
          danger
          onConfirm={(reason) =>
            void start(pending.header, { scannerId: pending.scannerId, flags: pending.flags, reason })
          }
          onClose={() => setPending(undefined)}
        />
      )}
    </>
  );
}

/** The audit entry's detail: the standing and, for a lapse, why (no patient data). */
function warnedDetail(check: Extract<StartCheck, { warn: true }>): string {
  const st = check.status;
  const why = st.state === 'lapsed' ? ` (${st.reasons.join(', ')})` : '';
  return `${check.block ? 'blocked' : 'warned'}: sign-off ${st.state}${why}`;
}
