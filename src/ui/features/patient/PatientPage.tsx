// The tablet turned to the patient: only the guidance for the run's current step, in the patient's
// language, in very large type with a picture. Nothing of the record, no navigation. Leaving needs
// a two-second press (HoldToExit); the browser's back gesture is held here too.
import { useLiveQuery } from 'dexie-react-hooks';
import i18next from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useSearchParams } from 'wouter';
import { getRun } from '../../../db/runs.queries';
import { ageBand, AGE_BANDS, guidanceKeys, type AgeBand } from '../../../domain/guidance/guidance';
import { ageOn } from '../../../domain/run/run.header';
import { stepOf, indexSop } from '../../../domain/sop/sop.index';
import { Loading } from '../../components/Loading';
import { isoDate } from '../../format';
import { useSopLibrary } from '../../hooks/use-sop-library';
import { useServices } from '../../services';
import { BreathCoach } from './BreathCoach';
import { HoldToExit } from './HoldToExit';
import { PATIENT_LANGUAGES, patientLanguage } from '../../patient-languages';
import { loadPatientLanguage, loadPickerFonts, patientT } from './patient-texts';
import { Pictogram, SpeakerIcon } from './Pictogram';
import { PracticeGame } from './PracticeGame';
import { speak, stopSpeaking } from '../../speech/speech';
import { useHoldHistory } from './use-hold-history';

/** `embedded`: shown beside the step card (the presenter view): no exit hold, no lock, the page's language untouched. */
export default function PatientPage({ id, embedded }: { id: string; embedded?: boolean }) {
  const { db, vault, now, account } = useServices();
  const { t: staffT } = useTranslation();
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const row = useLiveQuery(async () => (await getRun(db, vault, id)) ?? null, [db, vault, id]);
  const library = useSopLibrary();
  const [lang, setLang] = useState<string | null>(params.get('lang'));
  const [shown, setShown] = useState<string | null>(null); // the language whose texts are on screen
  const [unavailable, setUnavailable] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0); // a tap or the network coming back retries a failed load
  const exit = () => {
    stopSpeaking();
    account?.lock('patientView'); // back to staff only with a staff PIN: a patient cannot wander in
    navigate(`/run/${id}`, { replace: true });
  };
  useHoldHistory(!embedded);
  useEffect(() => void loadPickerFonts(), []);

  const wanted = lang ?? row?.header.patient?.language ?? 'en';
  useEffect(() => {
    let live = true;
    void loadPatientLanguage(wanted).then((r) => {
      if (!live) return;
      if (r === 'ready') {
        setShown(wanted);
        setUnavailable(null);
      } else setUnavailable(wanted);
    });
    return () => {
      live = false;
    };
  }, [wanted, attempt]);
  // The whole document speaks the patient's language while turned: voice choice, hyphenation and
  // font fallback follow <html lang>. Back to the staff language on leaving.
  useEffect(() => {
    if (!shown || embedded) return;
    document.documentElement.lang = patientLanguage(shown).code;
    return () => void (document.documentElement.lang = i18next.language);
  }, [shown, embedded]);
  useEffect(() => {
    const retry = () => setAttempt((a) => a + 1);
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, []);

  if (row === undefined || !library) return <Loading />;
  if (row === null) return <Loading />;
  const sop = library.lookup(row.header.sop.id, row.header.sop.version);
  const languagePicker = (
    <nav className="patient-languages" aria-label={staffT('patient.language')}>
      {PATIENT_LANGUAGES.map((l) => (
        <button
          key={l.code}
          type="button"
          lang={l.code}
          dir={l.dir}
          className="lang-chip"
          aria-pressed={l.code === wanted}
          onClick={() => {
            setLang(l.code);
            setAttempt((a) => a + 1);
          }}
        >
          {l.name}
        </button>
      ))}
    </nav>
  );
  const unavailableBanner = unavailable && (
    <p className="banner banner-warn" role="alert" data-unavailable={unavailable}>
      {staffT('patient.notOffline', {
        language: PATIENT_LANGUAGES.find((l) => l.code === unavailable)?.name ?? unavailable,
      })}
    </p>
  );
  if (!sop || !shown) {
    // Nothing loaded yet (or the first language is not available offline): still offer the others.
    return (
      <div className={embedded ? 'patient patient-embedded' : 'patient'}>
        {languagePicker}
        {unavailableBanner}
        {!embedded && <HoldToExit label={staffT('patient.exit')} onExit={exit} />}
      </div>
    );
  }

  const language = patientLanguage(shown);
  const t = patientT(shown);
  const bandParam = params.get('band');
  const age = row.header.patient ? ageOn(row.header.patient, isoDate(now())) : undefined;
  const band: AgeBand | null =
    bandParam === 'adult' ? null : AGE_BANDS.includes(bandParam as AgeBand) ? (bandParam as AgeBand) : ageBand(age);
  const step = stepOf(indexSop(sop), row.state.context.path.at(-1)!);
  const g =
    row.status === 'active'
      ? guidanceKeys(step, band, (k) => i18next.exists(k, { lng: shown, ns: 'patient', fallbackLng: [] }))
      : null;
  const readAloud = () => g && speak([t(g.title), ...g.body.map((k) => t(k)), t(g.time)].join('. '), shown);

  return (
    <div
      className={embedded ? 'patient patient-embedded' : 'patient'}
      dir={language.dir}
      lang={language.code}
      data-lang={language.code}
      data-band={g?.band ?? 'adult'}
    >
      {languagePicker}
      {unavailableBanner}
      {g ? (
        <main className="patient-main">
          <Pictogram topic={g.topic} />
          <div className="patient-text">
            <h1>{t(g.title)}</h1>
            {g.body.map((k) => (
              <p key={k}>{t(k)}</p>
            ))}
            <p className="patient-time">
              <strong>{t('ui.howLong')}:</strong> {t(g.time)}
            </p>
          </div>
        </main>
      ) : (
        <main className="patient-main">
          <div className="patient-text">
            <h1>{t('ui.staffOnly')}</h1>
          </div>
        </main>
      )}
      {g?.breathHoldSeconds !== undefined && (
        <BreathCoach holdSeconds={g.breathHoldSeconds} t={t} lang={shown} startLabel={t('breath.ready')} />
      )}
      {g?.band && <PracticeGame t={t} />}
      {g && g.guardianNotes.length > 0 && (
        <section className="guardian" aria-labelledby="guardian-title">
          <h2 id="guardian-title">{t('ui.forParent')}</h2>
          {g.guardianNotes.map((k) => (
            <p key={k}>{t(k)}</p>
          ))}
        </section>
      )}
      <footer className="patient-footer">
        {g && (
          <button type="button" className="btn btn-big" onClick={readAloud}>
            <SpeakerIcon /> {t('ui.readAloud')}
          </button>
        )}
        <p>
          {t('ui.needHelp')} {t('ui.interpreter')}
        </p>
      </footer>
      {!embedded && <HoldToExit label={staffT('patient.exit')} onExit={exit} />}
    </div>
  );
}
