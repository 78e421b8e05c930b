// The identity step of a run started from a hospital booking: the technologist enters what the ID
// band and the patient say, and it is compared with the booking (domain/integration/identity-check).
// A difference is recorded as identity.mismatch; if the record is refused, the screen says so
// rather than dropping it. The booking is the tablet's kept copy. If the booking is gone (the hospital
// withdrew it, or the tablet no longer holds it), the screen says so and compares against what the
// run was started with (the header the booking filled in), so the check is still made, knowingly.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { bookingSources, openBookings } from '../../../db/bookings.repo';
import { InvalidEventError } from '../../../db/events.repo';
import {
  identityMismatches,
  type BookedIdentity,
  type IdentityField,
} from '../../../domain/integration/identity-check';
import type { RunHeader } from '../../../domain/run/run.header';
import { useServices } from '../../services';

type Outcome = { readonly fields: readonly IdentityField[]; readonly error?: string };

export function IdentityCheck({ runId, header }: { runId: string; header: RunHeader }) {
  const { t } = useTranslation();
  const { db, vault, runs } = useServices();
  const accession = header.booking?.accessionNumber;
  const kept = useLiveQuery(async () => {
    const open = await openBookings(vault, await bookingSources(db));
    return open.find((b) => b.accessionNumber === accession) ?? null;
  }, [db, vault, accession]);
  const [f, setF] = useState({ patientId: '', birthDate: '', name: '' });
  const [outcome, setOutcome] = useState<Outcome>();
  if (!accession) return null;
  const gone = kept === null;
  const booked: BookedIdentity = kept
    ? {
        patientId: kept.patient.id,
        name: kept.patient.name?.text,
        birthDate: kept.patient.birthDate,
        sex: kept.patient.sex,
      }
    : { patientId: header.patient?.patientId ?? '', name: header.patient?.name, birthDate: header.patient?.birthDate };

  async function check(e: FormEvent) {
    e.preventDefault();
    const confirmed = Object.fromEntries(Object.entries(f).filter(([, v]) => v.trim() !== ''));
    const fields = identityMismatches(booked, confirmed);
    if (!fields.length) return setOutcome({ fields });
    const strip = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
    try {
      await runs.recordEvent('identity.mismatch', {
        mismatchId: crypto.randomUUID(),
        runId,
        accessionNumber: accession,
        fields,
        booked: strip(booked),
        confirmed,
      });
      setOutcome({ fields });
    } catch (err) {
      const words = err instanceof InvalidEventError ? err.problems.join('; ') : String(err);
      setOutcome({ fields, error: t('identityCheck.notRecorded', { problems: words }) });
    }
  }

  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((o) => ({ ...o, [k]: e.target.value }));
  return (
    <form className="card stack" onSubmit={(e) => void check(e)} noValidate data-identity-check>
      <h2>{t('identityCheck.title', { accession })}</h2>
      {gone && (
        <p className="banner banner-warn" role="note" data-booking-gone>
          {t('identityCheck.bookingGone')}
        </p>
      )}
      <p className="muted">
        {t(gone ? 'identityCheck.started' : 'identityCheck.booked', {
          id: booked.patientId,
          name: booked.name ?? '—',
          birthDate: booked.birthDate ?? '—',
        })}
      </p>
      <div className="form-grid">
        <label className="field">
          <span>{t('identityCheck.patientId')}</span>
          <input type="text" autoComplete="off" value={f.patientId} onChange={set('patientId')} />
        </label>
        <label className="field">
          <span>{t('identityCheck.name')}</span>
          <input type="text" autoComplete="off" value={f.name} onChange={set('name')} />
        </label>
        <label className="field">
          <span>{t('identityCheck.birthDate')}</span>
          <input type="date" value={f.birthDate} onChange={set('birthDate')} />
        </label>
      </div>
      <div className="row">
        <button type="submit" className="btn" disabled={kept === undefined}>
          {t('identityCheck.compare')}
        </button>
      </div>
      {outcome &&
        (outcome.error ? (
          <p className="banner banner-error" role="alert">
            {outcome.error}
          </p>
        ) : outcome.fields.length ? (
          <p className="banner banner-error" role="alert" data-mismatch={outcome.fields.join(' ')}>
            {t('identityCheck.mismatch', {
              fields: outcome.fields.map((x) => t(`identityCheck.field.${x}`)).join(', '),
            })}
          </p>
        ) : (
          <p className="banner banner-info" role="status" data-identity-match>
            {t('identityCheck.match')}
          </p>
        ))}
    </form>
  );
}
