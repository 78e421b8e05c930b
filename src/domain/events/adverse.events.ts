// Adverse-event reports: filed, amended and moved through review in the report's own stream
// ("adverse:<reportId>"). They name the patient and describe what happened: sealed at rest.
// Nothing deletes or rewrites a report; an amendment carries only the changed fields and a note.
import * as z from 'zod/mini';
import {
  ADVERSE_KINDS,
  AHRQ_CLASSES,
  HARM_SCALE,
  REACTION_SEVERITIES,
  REACTION_TYPES,
  type AdverseReport,
  type AdverseStatus,
  type Amendment,
} from '../quality/adverse-event';
import { defineEventType } from './event-type';
import { adverseStreamId, qualityName, qualityText, scannerIdField } from './quality-fields';
import { PATIENT_ID_RULE } from './text-rules';
import { epochMs, ident, label, text, uuid } from './wire-fields';

const contrast = z.strictObject({
  agent: z.optional(qualityName),
  volumeMl: z.optional(z.number().check(z.minimum(0), z.maximum(500))),
  injectedAt: z.optional(epochMs),
  reactionType: z.optional(z.enum(REACTION_TYPES)),
  severity: z.optional(z.enum(REACTION_SEVERITIES)),
  site: z.optional(qualityName),
});

const fields = {
  kind: z.enum(ADVERSE_KINDS),
  occurredAt: epochMs,
  runId: z.optional(uuid),
  patientId: z.optional(text(PATIENT_ID_RULE)),
  sopId: z.optional(ident),
  scannerId: z.optional(scannerIdField),
  technologist: z.optional(label(100)),
  contrast: z.optional(contrast),
  ahrqClass: z.enum(AHRQ_CLASSES),
  harm: z.enum(HARM_SCALE),
  whatHappened: qualityText(1),
  actionsTaken: qualityText(1),
  outcome: z.optional(qualityText()),
};

const report = z.strictObject({ reportId: uuid, ...fields });
const stream = { kind: 'derived', streamId: (p: { reportId: string }) => adverseStreamId(p.reportId) } as const;
const common = { stream, sensitive: true, tablet: 'none', server: 'quality' } as const;

const EXAMPLE_ID = '4d5e6f70-8192-4a3b-8c4d-5e6f708192a3';

export const adverseReported = defineEventType<'adverse.reported', AdverseReport>({
  type: 'adverse.reported',
  payload: report,
  ...common,
  example: {
    reportId: EXAMPLE_ID,
    kind: 'contrastReaction',
    occurredAt: Date.UTC(2026, 10, 23, 10, 12),
    runId: '0b7c2a9e-3f1d-4c55-9a8e-2d6f1b4e7a10',
    patientId: 'MRN-EXAMPLE-4711',
    sopId: 'contrast-abdomen-ct',
    scannerId: 'ct-1',
    contrast: { agent: 'Iohexol 350', volumeMl: 90, reactionType: 'allergicLike', severity: 'moderate' },
    ahrqClass: 'incidentHarm',
    harm: 'mild',
    whatHappened: 'Diffuse urticaria and facial oedema 4 minutes after injection',
    actionsTaken: 'Diphenhydramine 25 mg IV, observed 60 min, radiologist attended',
  },
});

const changes = z.strictObject({
  kind: z.optional(fields.kind),
  occurredAt: z.optional(epochMs),
  contrast: z.optional(contrast),
  ahrqClass: z.optional(fields.ahrqClass),
  harm: z.optional(fields.harm),
  whatHappened: z.optional(qualityText(1)),
  actionsTaken: z.optional(qualityText(1)),
  outcome: z.optional(qualityText()),
});
const amended = z.strictObject({ reportId: uuid, changes, note: qualityText(3) });
export type AmendedPayload = { reportId: string; changes: Amendment['changes']; note: string };

export const adverseAmended = defineEventType<'adverse.amended', AmendedPayload>({
  type: 'adverse.amended',
  payload: amended as unknown as z.ZodMiniType<AmendedPayload>,
  ...common,
  example: {
    reportId: EXAMPLE_ID,
    changes: { outcome: 'Symptoms resolved, discharged at 11:30' },
    note: 'Outcome added',
  },
});

const statusChanged = z.strictObject({
  reportId: uuid,
  status: z.enum(['underReview', 'closed']),
  note: z.optional(qualityText()),
});
export type StatusChangedPayload = { reportId: string; status: Exclude<AdverseStatus, 'reported'>; note?: string };

export const adverseStatusChanged = defineEventType<'adverse.statusChanged', StatusChangedPayload>({
  type: 'adverse.statusChanged',
  payload: statusChanged,
  ...common,
  requires: { anyOf: ['quality.review'], by: 'a QA lead', move: 'review or close an adverse-event report' },
  example: { reportId: EXAMPLE_ID, status: 'closed', note: 'Allergy recorded in the EMR; premedication advised' },
});
