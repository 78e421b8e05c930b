// identity.mismatch: at the identity step of a run started from a hospital booking, what the
// technologist confirmed with the patient differs from the booking. Recorded (never corrected
// silently) for QA and the RIS to resolve. Holds identifiers: sealed at rest on the tablet. Stream
// "identity:<device>", like the image-QC decisions, so it never enters a run's own replay.
import * as z from 'zod/mini';
import { IDENTITY_FIELDS, type IdentityField } from '../integration/identity-check';
import type { Sex } from '../run/run.header';
import { defineEventType } from './event-type';
import { BIRTH_DATE_PATTERN, sexSchema } from './run-created.event';
import { PATIENT_ID_RULE, PATIENT_NAME_RULE } from './text-rules';
import { text, uuid } from './wire-fields';

export const identityStreamId = (device: string) => `identity:${device}`;

const birthDate = z.string().check(z.regex(BIRTH_DATE_PATTERN, 'must be a date (yyyy-mm-dd)'));
const identity = z.strictObject({
  patientId: z.optional(text(PATIENT_ID_RULE)),
  name: z.optional(text(PATIENT_NAME_RULE)),
  birthDate: z.optional(birthDate),
  sex: z.optional(sexSchema),
});

export type IdentityMismatch = {
  readonly mismatchId: string;
  readonly runId: string;
  readonly accessionNumber: string;
  readonly fields: readonly IdentityField[];
  readonly booked: { patientId?: string; name?: string; birthDate?: string; sex?: Sex };
  readonly confirmed: { patientId?: string; name?: string; birthDate?: string; sex?: Sex };
};

const payload = z.strictObject({
  mismatchId: uuid,
  runId: uuid,
  accessionNumber: text(PATIENT_ID_RULE),
  fields: z.array(z.enum(IDENTITY_FIELDS)).check(z.minLength(1), z.maxLength(IDENTITY_FIELDS.length)),
  booked: identity,
  confirmed: identity,
});

export const identityMismatch = defineEventType<'identity.mismatch', IdentityMismatch>({
  type: 'identity.mismatch',
  payload: payload as z.ZodMiniType<IdentityMismatch>,
  stream: { kind: 'derived', streamId: (_p, device) => identityStreamId(device) },
  sensitive: true,
  tablet: 'none',
  server: 'none',
  example: {
    mismatchId: '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f',
    runId: '0b7c2a9e-3f1d-4c55-9a8e-2d6f1b4e7a10',
    accessionNumber: 'ACC-2026-0042',
    fields: ['birthDate'],
    booked: { patientId: 'MRN-778812', birthDate: '1961-02-03' },
    confirmed: { patientId: 'MRN-778812', birthDate: '1961-03-02' },
  },
});
