// Field schemas shared by the quality-record event types (equipment, QC, service, adverse events).
import * as z from 'zod/mini';
import { text } from './wire-fields';

export const QUALITY_TEXT_MAX_LENGTH = 2000;
export const QUALITY_NAME_MAX_LENGTH = 100;

/** Free text a person typed (what happened, work done): may be empty unless `min` says otherwise. */
export const qualityText = (min = 0) => text({ max: QUALITY_TEXT_MAX_LENGTH, min });
export const qualityName = text({ max: QUALITY_NAME_MAX_LENGTH, min: 1 });
export const finite = z.number().check(
  z.refine((n) => Number.isFinite(n), 'must be a finite number'),
  z.minimum(-1e9),
  z.maximum(1e9),
);
export const localDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (yyyy-mm-dd)'));
export const scannerIdField = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a scanner id'));

export const toleranceSchema = z.strictObject({
  reference: finite,
  kind: z.enum(['absolute', 'percent']),
  tolerance: finite.check(z.minimum(0)),
  action: finite.check(z.minimum(0)),
  side: z.optional(z.enum(['both', 'upper', 'lower'])),
});

export const EQUIPMENT_STREAM_PREFIX = 'equipment:';
export const equipmentStreamId = (scannerId: string) => `${EQUIPMENT_STREAM_PREFIX}${scannerId}`;
export const adverseStreamId = (reportId: string) => `adverse:${reportId}`;
export const imageQcStreamId = (device: string) => `imageqc:${device}`;
