// Starting an exam from a hospital booking: the booking (by the tablet's local id from the URL) fills
// in the new-exam form (patient, priority, the mapped card, the scanner), and the run names the
// booking's accession number in its header. Identity is still checked at the identity step.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getBooking, type StoredBooking } from '../../../db/bookings.repo';
import type { SopDefinition } from '../../../domain/sop/sop.schema';
import { useServices } from '../../services';
import type { PatientForm } from './PatientFields';

/** The booking named by `?booking=`: undefined while reading (or none named), null when it is not on the tablet. */
export function useBooking(localId: string | null): StoredBooking | null | undefined {
  const { db, vault } = useServices();
  const [b, setB] = useState<StoredBooking | null>();
  useEffect(() => {
    if (!localId) return;
    let live = true;
    void getBooking(db, vault, localId)
      .catch(() => undefined)
      .then((found) => live && setB(found ?? null));
    return () => {
      live = false;
    };
  }, [db, vault, localId]);
  return localId ? b : undefined;
}

/** The form's fields as the booking gives them; the card only when the site's mapping names one. */
export function prefillFrom(
  b: StoredBooking,
  cards: readonly SopDefinition[],
  scannerLabels: readonly string[],
): Partial<PatientForm> & { sopKey?: string; scanner?: string } {
  const card = cards.find((c) => c.id === b.cardId);
  return {
    patientId: b.patient.id,
    name: b.patient.name?.text ?? '',
    ...(b.patient.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(b.patient.birthDate) && { birthDate: b.patient.birthDate }),
    sex: b.patient.sex,
    priority: b.priority,
    ...(card && { sopKey: `${card.id}@${card.version}` }),
    ...(b.scanner && scannerLabels.includes(b.scanner) && { scanner: b.scanner }),
  };
}

export function BookingBanner({ booking }: { booking: StoredBooking | null | undefined }) {
  const { t } = useTranslation();
  if (booking === undefined) return null;
  return booking ? (
    <p className="banner banner-info" data-from-booking>
      {t('newRun.fromBooking', { accession: booking.accessionNumber })}
    </p>
  ) : (
    <p className="banner banner-warn" role="alert">
      {t('newRun.bookingMissing')}
    </p>
  );
}
