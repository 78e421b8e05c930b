// Patient languages (locales/languages.json): each name in its own script, writing direction, and
// translation review status. Staff see the status: a wrong medical instruction is worse than none.
import registry from '../../locales/languages.json';

export type ReviewStatus = 'drafted' | 'clinicallyReviewed';
export type PatientLanguage = {
  readonly code: string;
  readonly name: string;
  readonly dir: 'ltr' | 'rtl';
  readonly review: ReviewStatus;
};

export const PATIENT_LANGUAGES = registry.languages as readonly PatientLanguage[];

const byCode = (code: string) => PATIENT_LANGUAGES.find((l) => l.code === code);

/** The registered language for a code (or its base language), else English. */
export const patientLanguage = (code: string): PatientLanguage =>
  byCode(code) ?? byCode(code.split('-')[0]!) ?? byCode('en')!;
