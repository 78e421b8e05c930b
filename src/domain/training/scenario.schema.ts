// A training scenario as data, beside the cards (src/sops/training/*.scenario.json): the sample
// patient, the path and answers the scenario expects, and its traps. A trainer adds one without code;
// validateScenario() checks it against its card. Like sop.schema.ts, only the validator imports this.
import { z } from 'zod';
import { SAMPLE_PATIENT_IDS } from './sample-patients';

export const SCENARIO_SCHEMA_VERSION = 1;

const ident = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9-]*$/, 'must start with a lower-case letter and use only letters, digits and "-"');
const scalar = z.union([z.string(), z.number(), z.boolean()]);
/** Text in the staff languages, English required (a trainer writes it; no locale file needed). */
const staffText = z
  .record(
    z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language tag such as "en" or "zh-CN"'),
    z.string().min(1),
  )
  .refine((t) => typeof t.en === 'string', 'needs an English text ("en")');

export const EXPECTED_MOVES = ['next', 'skip', 'fastPath', 'back'] as const;
export type ExpectedMove = (typeof EXPECTED_MOVES)[number];

export const scenarioSchema = z.strictObject({
  schemaVersion: z.literal(SCENARIO_SCHEMA_VERSION),
  id: ident,
  /** The card; without a version, whichever version is current. */
  sop: z.strictObject({ id: ident, version: z.number().int().min(1).optional() }),
  title: staffText,
  brief: staffText.optional(),
  patient: z.enum(SAMPLE_PATIENT_IDS),
  priority: z.enum(['routine', 'urgent', 'emergency']).optional(),
  /** Score needed to pass (0–100); 80 when absent. */
  passMark: z.number().int().min(0).max(100).optional(),
  /** The expected walk, one entry per step visit, in order: what should be answered there and how it is left. */
  expect: z
    .array(
      z.strictObject({
        step: ident,
        answers: z.record(ident, scalar).optional(),
        move: z.enum(EXPECTED_MOVES).optional(),
        /** A fair time for this step; slower is noted in the review (not failed). */
        maxSeconds: z.number().int().positive().max(3600).optional(),
      }),
    )
    .min(1, 'needs at least one expected step'),
  /** What the patient (played by the trainer) does to catch the trainee out, and where. */
  traps: z
    .array(
      z.strictObject({
        step: ident,
        item: ident,
        kind: z.enum(['lateDisclosure', 'unsure', 'contradiction']),
        note: staffText,
      }),
    )
    .optional(),
});

export type TrainingScenario = z.infer<typeof scenarioSchema>;
export type ExpectedVisit = TrainingScenario['expect'][number];
export type ScenarioTrap = NonNullable<TrainingScenario['traps']>[number];
