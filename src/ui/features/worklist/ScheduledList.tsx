// The hospital's bookings on the worklist (RIS worklist / EMR, through the server): patient,
// accession number, requested procedure and the card it maps to; a booking no card maps to says so.
// Starting one opens the new-exam form prefilled, by local id (no identifier in the URL).
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { StoredBooking } from '../../../db/bookings.repo';
import type { SopDefinition } from '../../../domain/sop/sop.schema';
import { PriorityBadge } from '../../components/PriorityBadge';
import type { Scheduled } from '../../hooks/use-scheduled';

type Props = {
  scheduled: Scheduled;
  cards: readonly SopDefinition[];
  /** Accession numbers a run on this tablet was started from: no longer offered. */
  started: ReadonlySet<string>;
};

export function ScheduledList({ scheduled, cards, started }: Props) {
  const { t } = useTranslation();
  const { error } = scheduled;
  const bookings = scheduled.bookings?.filter((b) => !started.has(b.accessionNumber));
  return (
    <section className="stack" aria-labelledby="scheduled-title" data-scheduled>
      <h2 id="scheduled-title">{t('scheduled.title')}</h2>
      {error && (
        <p className="banner banner-warn" role="alert">
          {t(bookings?.length ? 'scheduled.staleError' : 'scheduled.error', { message: error })}
        </p>
      )}
      {bookings === undefined ? (
        <p className="muted" role="status">
          {t('scheduled.loading')}
        </p>
      ) : bookings.length === 0 ? (
        !error && <p className="card muted">{t('scheduled.empty')}</p>
      ) : (
        bookings.map((b) => <BookingRow key={b.localId} b={b} card={cards.find((c) => c.id === b.cardId)} />)
      )}
    </section>
  );
}

function BookingRow({ b, card }: { b: StoredBooking; card: SopDefinition | undefined }) {
  const { t } = useTranslation();
  const procedure =
    b.procedureDescription ?? b.requestedProcedure?.meaning ?? b.requestedProcedure?.code ?? t('scheduled.noProcedure');
  const time = b.scheduledStart?.match(/T(\d\d:\d\d)/)?.[1];
  return (
    <article className={`card worklist-item p-${b.priority}`} data-booking={b.localId}>
      <div>
        <PriorityBadge priority={b.priority} />
      </div>
      <div className="stack" style={{ gap: 4 }}>
        <span className="who">
          {b.patient.name?.text ?? b.patient.id}
          {b.patient.name && <span className="muted"> · {b.patient.id}</span>}
        </span>
        <span className="muted">
          {t('scheduled.accession', { accession: b.accessionNumber })} · {procedure}
          {b.modality ? ` · ${b.modality}` : ''}
          {b.scanner ? ` · ${b.scanner}` : ''}
        </span>
        {card ? (
          <span data-card={card.id}>{t('scheduled.card', { card: t(card.title, { ns: 'sop' }) })}</span>
        ) : (
          <span className="badge badge-urgent" style={{ alignSelf: 'flex-start' }} data-unmapped>
            {t('scheduled.unmapped')}
          </span>
        )}
      </div>
      <div className="stack" style={{ gap: 4, alignItems: 'flex-end' }}>
        {time && <span className="waiting">{time}</span>}
        <Link href={`/new?booking=${b.localId}`} className="btn btn-primary">
          {t('scheduled.start')}
        </Link>
      </div>
    </article>
  );
}
