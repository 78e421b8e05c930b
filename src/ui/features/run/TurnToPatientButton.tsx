// "Turn to patient" in the run's sticky header, so it is one tap away on any step at any tablet
// orientation: it opens the language and age-band choice, then turns.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunHeader } from '../../../domain/run/run.header';
import { TurnToPatient } from './TurnToPatient';

export function TurnToPatientButton({ header }: { header: RunHeader }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="btn btn-primary" onClick={() => setOpen(true)}>
        ↻ {t('patient.turn')}
      </button>
      {open && (
        <div className="overlay" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="turn-title">
            <TurnToPatient header={header} />
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              {t('patient.backToExam')}
            </button>
          </div>
        </div>
      )}
    </>
  );
}
