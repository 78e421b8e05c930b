// Limits and text rules of event payloads, as named constants: the wire schemas (wire-fields.ts)
// are built from them, and the forms read the same constants and call the same textProblem() to say
// what is wrong before anything is stored. No validator library here: forms load this for free.
import { MIN_REASON_LENGTH } from '../run/run.types';

/** DICOM's Patient ID (LO) holds 64 characters: a longer one could not reach the scanner's worklist. */
export const PATIENT_ID_MAX_LENGTH = 64;
export const PATIENT_NAME_MAX_LENGTH = 200;
/** The display name of who started a run, as recorded in its "known" facts. */
export const STAFF_NAME_MAX_LENGTH = 200;
/** Whole years of age a patient may have (a form's typed age, a run's known facts). */
export const MAX_AGE_YEARS = 130;
export const REASON_MIN_LENGTH = MIN_REASON_LENGTH;
export const REASON_MAX_LENGTH = 500;
/** A typed answer; an SOP's text item may allow at most this much. */
export const ANSWER_TEXT_MAX_LENGTH = 2000;
export const SCANNER_LABEL_MAX_LENGTH = 40;
export const AUDIT_SUBJECT_MAX_LENGTH = 200;
export const AUDIT_DETAIL_MAX_LENGTH = 500;

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const IDENT_PATTERN = /^[a-z][a-zA-Z0-9-]*$/;
/** Control characters (tab and line breaks aside) are invisible on screen and PostgreSQL refuses NUL;
 * a lone surrogate is not text at all. A scanned label can carry either. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BAD_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|\p{Cs}/u;
const LINE_BREAK = /[\t\n\r]/;

export type TextRule = {
  readonly max: number;
  /** Fewest characters that are not spaces (a reason must say something). */
  readonly min?: number;
  /** An identifier: one line, no leading or trailing spaces. */
  readonly identifier?: boolean;
};

export const PATIENT_ID_RULE: TextRule = { min: 1, max: PATIENT_ID_MAX_LENGTH, identifier: true };
export const PATIENT_NAME_RULE: TextRule = { max: PATIENT_NAME_MAX_LENGTH };
export const STAFF_NAME_RULE: TextRule = { min: 1, max: STAFF_NAME_MAX_LENGTH };
export const REASON_RULE: TextRule = { min: REASON_MIN_LENGTH, max: REASON_MAX_LENGTH };
export const ANSWER_TEXT_RULE: TextRule = { max: ANSWER_TEXT_MAX_LENGTH };

export type TextProblem =
  | { readonly kind: 'tooLong'; readonly max: number; readonly length: number }
  | { readonly kind: 'tooShort'; readonly min: number }
  | { readonly kind: 'badCharacters' }
  | { readonly kind: 'edgeSpaces' };

/** What is wrong with a text under a rule, or undefined. The one check behind schema and form. */
export function textProblem(value: string, rule: TextRule): TextProblem | undefined {
  if (value.length > rule.max) return { kind: 'tooLong', max: rule.max, length: value.length };
  if (BAD_CHARACTERS.test(value) || (rule.identifier && LINE_BREAK.test(value))) return { kind: 'badCharacters' };
  if (rule.identifier && value.trim() !== value) return { kind: 'edgeSpaces' };
  if (rule.min !== undefined && value.trim().length < rule.min) return { kind: 'tooShort', min: rule.min };
  return undefined;
}

export function describeTextProblem(p: TextProblem): string {
  switch (p.kind) {
    case 'tooLong':
      return `must be at most ${p.max} characters (got ${p.length})`;
    case 'tooShort':
      return p.min === 1 ? 'must not be empty' : `must be at least ${p.min} characters`;
    case 'badCharacters':
      return 'must not contain control characters or broken (unpaired) characters';
    case 'edgeSpaces':
      return 'must not start or end with a space';
  }
}
