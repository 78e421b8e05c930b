// Schema of an SOP definition (a "step card") as data. Only the validator imports this at run
// time; everything else imports types, so zod stays off the app's start-up path.
import { z } from 'zod';
import { ANSWER_TEXT_MAX_LENGTH } from '../events/text-rules';
import { KNOWN_FACTS } from './known-facts';
import { TIMER_IDS } from './timer-ids';

export { TIMER_IDS, type TimerId } from './timer-ids';

export const SOP_SCHEMA_VERSION = 1;

export const GUARDIAN_NOTES = ['stay', 'lead', 'sedation', 'feeding', 'comfort'] as const;

export const RECORD_FIELDS = [
  'bodyPart',
  'contrastAgent',
  'contrastVolumeMl',
  'contrastLot',
  'imagesSent',
  'performedBy',
  'consultRadiologist',
] as const;

const ident = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9-]*$/, 'must start with a lower-case letter and use only letters, digits and "-"');
const textKey = z.string().regex(/^[a-zA-Z][\w.-]*$/, 'must be a text key such as "chestCt.step.identity.title"');
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const compareOp = z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte']);

export type Condition =
  | { op: z.infer<typeof compareOp>; item: string; value: string | number | boolean }
  | { op: 'in'; item: string; values: (string | number)[] }
  | { op: 'answered'; item: string }
  | { op: 'fails'; item: string }
  | { op: 'all'; of: Condition[] }
  | { op: 'any'; of: Condition[] }
  | { op: 'not'; of: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion('op', [
    z.strictObject({ op: compareOp, item: ident, value: scalar }),
    z.strictObject({ op: z.literal('in'), item: ident, values: z.array(z.union([z.string(), z.number()])).min(1) }),
    z.strictObject({ op: z.literal('answered'), item: ident }),
    z.strictObject({ op: z.literal('fails'), item: ident }),
    z.strictObject({ op: z.literal('all'), of: z.array(conditionSchema).min(1) }),
    z.strictObject({ op: z.literal('any'), of: z.array(conditionSchema).min(1) }),
    z.strictObject({ op: z.literal('not'), of: conditionSchema }),
  ]),
);

const factTest = z.discriminatedUnion('op', [
  z.strictObject({ op: compareOp, value: scalar }),
  z.strictObject({ op: z.literal('in'), values: z.array(z.union([z.string(), z.number()])).min(1) }),
]);

/** Filled from a fact the run already knows (see known-facts.ts for the three forms); staff can change it. */
const prefillSchema = z.strictObject({
  fact: z.enum(KNOWN_FACTS),
  when: factTest.optional(),
  answer: scalar.optional(),
});

const itemCommon = {
  id: ident,
  label: textKey,
  hint: textKey.optional(),
  required: z.boolean().optional(),
  /** Required only while this condition holds (on answers given on this step or one before it). */
  requiredWhen: conditionSchema.optional(),
  /** May be answered only once this timer of the run has run its length (or was stopped). */
  afterTimer: z.enum(TIMER_IDS).optional(),
  prefill: prefillSchema.optional(),
  recordField: z.enum(RECORD_FIELDS).optional(),
};

const checkItem = z.strictObject({ kind: z.literal('check'), ...itemCommon });
const yesNoItem = z.strictObject({ kind: z.literal('yesno'), ...itemCommon });
const textItem = z.strictObject({
  kind: z.literal('text'),
  ...itemCommon,
  maxLength: z.number().int().min(1).max(ANSWER_TEXT_MAX_LENGTH).optional(), // what an answer event may carry
});
const choiceItem = z.strictObject({
  kind: z.literal('choice'),
  ...itemCommon,
  options: z.array(z.strictObject({ value: ident, label: textKey })).min(2, 'needs at least 2 options'),
});
const numberItem = z.strictObject({
  kind: z.literal('number'),
  ...itemCommon,
  unit: z.string().min(1).max(16),
  min: z.number(),
  max: z.number(),
  decimals: z.number().int().min(0).max(3).optional(),
  /** Pass range: a value inside min..max but outside accept is valid input that fails the check. */
  accept: z.strictObject({ min: z.number().optional(), max: z.number().optional() }).optional(),
  /** QC action level: a value outside this wider range needs action (e.g. the scanner out of service). */
  action: z.strictObject({ min: z.number().optional(), max: z.number().optional() }).optional(),
  /** Pass when within ±percent of another number item (e.g. noise vs the site's baseline); beyond
   * ±actionPercent the value is at action level. */
  acceptWithinPercentOf: z
    .strictObject({
      item: ident,
      percent: z.number().positive().max(100),
      actionPercent: z.number().positive().max(1000).optional(),
    })
    .optional(),
});

export const itemSchema = z.discriminatedUnion('kind', [checkItem, yesNoItem, textItem, choiceItem, numberItem]);

const target = z.union([ident, z.literal('complete')]);

export const stepSchema = z.strictObject({
  id: ident,
  title: textKey,
  body: textKey.optional(),
  items: z.array(itemSchema),
  next: target,
  branches: z.array(z.strictObject({ when: conditionSchema, goto: target })).optional(),
  /** A technologist may skip this step with a typed reason. */
  skippable: z.boolean().optional(),
  /** The emergency fast path may jump past this step (reason logged). */
  emergencySkip: z.boolean().optional(),
  /** A trainee's sign-off lapses when a new version changes this step (training/competency.ts). */
  critical: z.boolean().optional(),
  timers: z
    .array(
      z.strictObject({
        timer: z.enum(TIMER_IDS),
        action: z.enum(['start', 'stop']),
        on: z.enum(['enter', 'leave']),
      }),
    )
    .optional(),
  /** Key of the patient-guidance script shown when the tablet is turned to the patient. */
  guidance: textKey.optional(),
  breathHold: z.strictObject({ holdSeconds: z.number().int().min(3).max(30) }).optional(),
  /** Notes for a child's parent or guardian shown with the guidance at this step. */
  guardianNotes: z.array(z.enum(GUARDIAN_NOTES)).optional(),
});

export const sopSchema = z.strictObject({
  schemaVersion: z.literal(SOP_SCHEMA_VERSION),
  id: ident,
  version: z.number().int().min(1),
  kind: z.enum(['exam', 'qc']),
  title: textKey,
  description: textKey.optional(),
  modality: z.enum(['CT', 'MR']),
  bodyPart: ident,
  population: z.enum(['adult', 'pediatric', 'any']).optional(),
  start: ident,
  steps: z.array(stepSchema).min(1, 'needs at least one step'),
  /** Plain notes for the site: values and choices a department must confirm before use. */
  siteMustConfirm: z.array(z.string().min(1)).optional(),
  /** Texts for keys not in the built-in locales (imported SOPs carry their own). */
  messages: z.record(z.string(), z.record(z.string(), z.string())).optional(),
});

export type SopDefinition = z.infer<typeof sopSchema>;
export type SopStep = z.infer<typeof stepSchema>;
export type SopItem = z.infer<typeof itemSchema>;
export type RecordField = (typeof RECORD_FIELDS)[number];
export type StepTarget = SopStep['next'];
