// Image-QC outcomes and reasons (AAPM TG-305 definitions, DICOM CID 7011 codes). A reject never
// reaches the radiologist; a repeat does (the image was kept and another acquired).
export type ImageOutcome = 'accept' | 'repeat' | 'reject';
export const IMAGE_OUTCOMES: readonly ImageOutcome[] = ['accept', 'repeat', 'reject'];

/** DICOM CID 7011 "Rationale for Repeating / Rejecting" codes (DCM scheme), plus "other" with text. */
export const REJECT_REASONS = {
  '111207': 'Image artefact(s)',
  '111209': 'Positioning',
  '111210': 'Motion blur',
  '111211': 'Under-exposed',
  '111212': 'Over-exposed',
  '111213': 'No image',
  '111214': 'Detector artefact(s)',
  '111216': 'Mechanical failure',
  '111217': 'Electrical failure',
  '111218': 'Software failure',
  '111219': 'Inappropriate image processing',
  '111220': 'Other failure',
  '111221': 'Unknown failure',
  '113026': 'Double exposure',
  other: 'Other (describe)',
} as const;
export type RejectReason = keyof typeof REJECT_REASONS;
export const REJECT_REASON_CODES = Object.keys(REJECT_REASONS) as RejectReason[];
