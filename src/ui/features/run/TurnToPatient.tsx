// Before turning the tablet: pick the patient's language (with its review status and whether this
// device can read it aloud) and, for children, the age band; then one tap to the patient view.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { AGE_BANDS, ageBand } from '../../../domain/guidance/guidance';
import type { RunHeader } from '../../../domain/run/run.header';
import { ageOn } from '../../../domain/run/run.header';
import { isoDate } from '../../format';
import { PATIENT_LANGUAGES, patientLanguage } from '../../patient-languages';
import { useServices } from '../../services';
import { voiceFor } from '../../speech/speech';
import { useVoices } from '../../speech/use-voices';

export function TurnToPatient({ header }: { header: RunHeader }) {
  const { t } = useTranslation();
  const { now } = useServices();
  const [, navigate] = useLocation();
  const voices = useVoices();
  const patient = header.patient;
  const [lang, setLang] = useState(patientLanguage(patient?.language ?? 'en').code);
  const auto = ageBand(patient ? ageOn(patient, isoDate(now())) : undefined);
  const [band, setBand] = useState<string>('auto');
  const language = patientLanguage(lang);
  const hasVoice = Boolean(voiceFor(lang, voices));
  const go = () =>
    navigate(`/run/${header.runId}/patient?lang=${encodeURIComponent(lang)}${band === 'auto' ? '' : `&band=${band}`}`);

  return (
    <section className="stack" aria-labelledby="turn-title" style={{ gap: 8 }}>
      <h2 id="turn-title">{t('patient.turnTitle')}</h2>
      <label className="field">
        <span>{t('patient.language')}</span>
        <select value={lang} onChange={(e) => setLang(e.target.value)}>
          {PATIENT_LANGUAGES.map((l) => (
            <option key={l.code} value={l.code} lang={l.code}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      <p className={`small ${language.review === 'drafted' ? 'fail' : 'muted'}`} data-review-status={language.review}>
        {t(`patient.review.${language.review}`)}
      </p>
      <p className="small muted" data-voice={hasVoice}>
        {hasVoice ? t('patient.voice') : t('patient.noVoice', { language: language.name })}
      </p>
      {patient && (
        <label className="field">
          <span>{t('patient.band')}</span>
          <select value={band} onChange={(e) => setBand(e.target.value)}>
            <option value="auto">{t('patient.bandAuto', { band: t(`patient.bandName.${auto ?? 'adult'}`) })}</option>
            {[...AGE_BANDS, 'adult'].map((b) => (
              <option key={b} value={b}>
                {t(`patient.bandName.${b}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" className="btn btn-primary btn-big" onClick={go}>
        ↻ {t('patient.turn')}
      </button>
    </section>
  );
}
