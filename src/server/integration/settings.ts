// The integration's site settings, as the admin route accepts them (strict: an unknown field is an
// error naming it). One JSON document in integration_settings; secrets (the EMR's header values, the
// inbound token) are kept there too, but the status route never shows them.
import { z } from 'zod';
import { DEFAULT_RETRY_POLICY } from './delivery/retry-policy';

const ae = z
  .string()
  .regex(/^[\x20-\x5b\x5d-\x7e]{1,16}$/, 'must be 1–16 printable ASCII characters without "\\"')
  .refine((v) => v.trim().length > 0, 'must not be blank');

export const scannerWorklistSchema = z.strictObject({
  /** The scanner as tablets name it (run header `scanner`). */
  scanner: z.string().min(1).max(60),
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  callingAeTitle: ae,
  calledAeTitle: ae,
  stationAeTitle: ae.optional(),
  modality: z
    .string()
    .regex(/^[A-Z0-9_ ]{1,16}$/, 'must be a DICOM modality code such as "CT"')
    .optional(),
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
});

export const integrationSettingsSchema = z.strictObject({
  worklist: z
    .strictObject({
      /** How often each scanner's worklist is queried; 0 = only on demand. */
      intervalMs: z
        .number()
        .int()
        .min(0)
        .max(24 * 3600_000),
      scanners: z.array(scannerWorklistSchema).max(50),
    })
    .optional(),
  emr: z
    .strictObject({
      url: z.string().url().max(2000),
      headers: z.record(z.string().max(100), z.string().max(2000)).optional(),
      timeoutMs: z.number().int().min(100).max(300_000).optional(),
      accessionSystem: z.string().min(1).max(500),
      patientSystem: z.string().min(1).max(500),
      userSystem: z.string().min(1).max(500),
      codeSystem: z.string().min(1).max(500),
    })
    .optional(),
  /** SHA-256 of the token the EMR sends when it posts bookings (set through the route as plain text). */
  inboundTokenHash: z.string().length(64).optional(),
});

export type IntegrationSettings = z.infer<typeof integrationSettingsSchema> & {
  /** When the EMR endpoint was configured: only runs completed since then are sent. */
  readonly emrSince?: number;
};
export type ScannerWorklist = z.infer<typeof scannerWorklistSchema>;

export const RETRY_POLICY = DEFAULT_RETRY_POLICY;
export const DEFAULT_WORKLIST_INTERVAL_MS = 5 * 60_000;
