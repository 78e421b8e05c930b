// The identity step of a run started from a hospital booking: what the technologist confirms with the
// patient (ID band, name, date of birth) against what the booking says. Any difference is a
// mismatch to record (identity.mismatch) and resolve before scanning; nothing is corrected silently.
import type { Sex } from '../run/run.header';

export const IDENTITY_FIELDS = ['patientId', 'name', 'birthDate', 'sex'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export type BookedIdentity = {
  readonly patientId: string;
  readonly name?: string;
  readonly birthDate?: string;
  readonly sex?: Sex;
};
/** What was confirmed at the bedside: only the fields given are compared. */
export type ConfirmedIdentity = Partial<BookedIdentity>;

/** Names compared as people read them: Unicode-normalised, case and spacing (and DICOM's ^) ignored. */
export const sameName = (a: string, b: string): boolean => normaliseName(a) === normaliseName(b);
const normaliseName = (s: string) =>
  s
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/[\s^,]+/g, ' ')
    .trim();

/** The fields that differ, in IDENTITY_FIELDS order; empty when the patient is the booked one. */
export function identityMismatches(booked: BookedIdentity, confirmed: ConfirmedIdentity): IdentityField[] {
  const out: IdentityField[] = [];
  const given = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';
  // Identifiers are exact: a barcode or a typed ID either is the booked one or names another patient.
  if (given(confirmed.patientId) && confirmed.patientId.trim() !== booked.patientId.trim()) out.push('patientId');
  if (given(confirmed.name) && given(booked.name) && !sameName(confirmed.name, booked.name)) out.push('name');
  if (given(confirmed.birthDate) && given(booked.birthDate) && confirmed.birthDate !== booked.birthDate)
    out.push('birthDate');
  const known = (s: Sex | undefined) => s !== undefined && s !== 'unknown';
  if (known(confirmed.sex) && known(booked.sex) && confirmed.sex !== booked.sex) out.push('sex');
  return out;
}
