// The one place a booking's identifiers (patient id, name, birth date) are written to and read from
// the store: sealed under the store's data key, bound to the booking's accession number so a sealed
// booking moved onto another row does not open. A row a release before sealing wrote opens as it is.
import type { Sealer } from '../store/sealing';
import type { ScheduledProcedure } from './scheduled-procedure';

export const bookingAad = (accessionNumber: string) => `booking:${accessionNumber}`;

export const sealBooking = (sealer: Sealer, p: ScheduledProcedure): string =>
  sealer.sealText(JSON.stringify(p), bookingAad(p.accessionNumber));

export const openBooking = async (sealer: Sealer, accessionNumber: string, stored: string) =>
  JSON.parse(await sealer.openText(stored, bookingAad(accessionNumber))) as ScheduledProcedure;
