// The one place a booking's identifiers (patient id, name, birth date) are written to and read from
// the store. Main has no server-side encryption yet (the threat model: protect the server's disk), so
// today this is plain JSON; a sealing branch wraps these two functions and nothing else changes.
import type { ScheduledProcedure } from './scheduled-procedure';

export const sealBooking = (p: ScheduledProcedure): string => JSON.stringify(p);

export const openBooking = (sealed: string): ScheduledProcedure => JSON.parse(sealed) as ScheduledProcedure;
