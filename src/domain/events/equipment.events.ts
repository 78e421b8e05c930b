// The equipment register and the service log, in each scanner's own stream ("equipment:<id>") so a
// scanner's history replays in order everywhere. No patient data: stored and synced in clear.
import * as z from 'zod/mini';
import { EQUIPMENT_STATUSES } from '../quality/equipment';
import { defineEventType } from './event-type';
import { equipmentStreamId, localDate, qualityName, qualityText, scannerIdField } from './quality-fields';
import { epochMs, uuid } from './wire-fields';

const stream = { kind: 'derived', streamId: (p: { scannerId: string }) => equipmentStreamId(p.scannerId) } as const;
const common = { stream, sensitive: false, tablet: 'none', server: 'quality' } as const;

const registered = z.strictObject({
  scannerId: scannerIdField,
  name: qualityName,
  modality: z.enum(['CT', 'MR']),
  room: qualityName,
  vendor: qualityName,
  model: qualityName,
  serial: qualityName,
  commissionedOn: localDate,
});
export type EquipmentRegistered = z.infer<typeof registered>;

export const equipmentRegistered = defineEventType<'equipment.registered', EquipmentRegistered>({
  type: 'equipment.registered',
  payload: registered,
  ...common,
  requires: { anyOf: ['equipment.manage'], by: 'an administrator', move: 'register equipment' },
  example: {
    scannerId: 'ct-3',
    name: 'CT 3',
    modality: 'CT',
    room: 'Room 1.14',
    vendor: 'Siemens Healthineers',
    model: 'SOMATOM go.Top',
    serial: '108734',
    commissionedOn: '2026-11-02',
  },
});

const statusSet = z.strictObject({
  scannerId: scannerIdField,
  status: z.enum(EQUIPMENT_STATUSES),
  reason: qualityText(3),
});
export type EquipmentStatusSet = z.infer<typeof statusSet>;

export const equipmentStatusSet = defineEventType<'equipment.statusSet', EquipmentStatusSet>({
  type: 'equipment.statusSet',
  payload: statusSet,
  ...common,
  requires: { anyOf: ['equipment.manage'], by: 'an administrator', move: 'change a scanner status' },
  example: { scannerId: 'ct-3', status: 'restricted', reason: 'Table motor noisy: no bariatric patients' },
});

export const SERVICE_KINDS = ['maintenance', 'calibration', 'repair', 'inspection'] as const;

const serviceEntry = z.strictObject({
  entryId: uuid,
  scannerId: scannerIdField,
  kind: z.enum(SERVICE_KINDS),
  problem: qualityText(),
  workDone: qualityText(3),
  by: qualityName,
  downtimeStart: z.optional(epochMs),
  downtimeEnd: z.optional(epochMs),
  parts: z.optional(qualityText()),
});
export type ServiceEntryPayload = z.infer<typeof serviceEntry>;

export const serviceEntryRecorded = defineEventType<'service.entryRecorded', ServiceEntryPayload>({
  type: 'service.entryRecorded',
  payload: serviceEntry,
  ...common,
  example: {
    entryId: '3f0e2b8c-1d4a-4e6b-9c7d-8a5f4b3e2d1c',
    scannerId: 'ct-1',
    kind: 'repair',
    problem: 'Tube arcing during the morning warm-up',
    workDone: 'X-ray tube replaced, tube seasoning and air calibration done',
    by: 'Vendor field engineer (J. Park)',
    downtimeStart: Date.UTC(2026, 10, 23, 7),
    downtimeEnd: Date.UTC(2026, 10, 23, 15),
    parts: 'X-ray tube 10138742',
  },
});

const returnApproved = z.strictObject({
  scannerId: scannerIdField,
  entryId: uuid,
  resultId: uuid,
  note: qualityText(),
});
export type ReturnApproved = z.infer<typeof returnApproved>;

export const serviceReturnApproved = defineEventType<'service.returnApproved', ReturnApproved>({
  type: 'service.returnApproved',
  payload: returnApproved,
  ...common,
  requires: { anyOf: ['quality.review'], by: 'a QA lead', move: 'approve a return to service' },
  example: {
    scannerId: 'ct-1',
    entryId: '3f0e2b8c-1d4a-4e6b-9c7d-8a5f4b3e2d1c',
    resultId: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
    note: 'Return-to-service QC within tolerance',
  },
});
