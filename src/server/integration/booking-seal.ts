// The one place a booking's identifiers are written to and read from the store. The row is keyed by
// a blind index of its accession number (HMAC under the database's blind-index key), so the store
// can find a booking by accession without holding one; the booking itself (accession number, patient
// id, name, birth date) is sealed under the store's data key, bound to that key, so a sealed booking
// moved onto another row does not open. A row a release before sealing wrote opens as it is.
import type { Sealer } from '../store/sealing';
import type { ScheduledProcedure } from './scheduled-procedure';

export const bookingKey = (sealer: Sealer, accessionNumber: string) => sealer.blindIndex(accessionNumber, 'accession');

/** 0010's rows were bound to the accession number itself (store/rekey-bookings.ts moves them). */
export const legacyBookingAad = (accessionNumber: string) => `booking:${accessionNumber}`;
const bookingAad = (key: string) => `booking-key:${key}`;

export const sealBooking = (sealer: Sealer, key: string, p: ScheduledProcedure): string =>
  sealer.sealText(JSON.stringify(p), bookingAad(key));

export const openBooking = async (sealer: Sealer, key: string, stored: string) =>
  JSON.parse(await sealer.openText(stored, bookingAad(key))) as ScheduledProcedure;
