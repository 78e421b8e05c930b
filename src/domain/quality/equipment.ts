// The equipment register: each scanner's identity and its status. Status rules a quality manager
// expects: a new scanner is not in service until its acceptance test set is completed and passed; a
// repair takes it out of service until a "return to service" QC passes and a QA lead approves it;
// a retired scanner stays in the register (its records keep pointing at it).
import type { Modality } from '../scanners/scanner';

export const EQUIPMENT_STATUSES = ['inService', 'restricted', 'outOfService', 'retired'] as const;
export type EquipmentStatus = (typeof EQUIPMENT_STATUSES)[number];

export type EquipmentFields = {
  readonly scannerId: string;
  readonly name: string;
  readonly modality: Modality;
  readonly room: string;
  readonly vendor: string;
  readonly model: string;
  readonly serial: string;
  /** Local date, YYYY-MM-DD. */
  readonly commissionedOn: string;
};

export type Equipment = EquipmentFields & {
  readonly status: EquipmentStatus;
  readonly statusReason?: string;
  readonly statusAt: number;
  readonly registeredAt: number;
  /** When its acceptance test passed; until then it cannot be put in service. */
  readonly acceptedAt?: number;
  /** The open repair (service entry id) that keeps it out of service until return is approved. */
  readonly awaitingReturn?: string;
  /** Every status change, oldest first, with who and when (the register's audit trail). */
  readonly statusHistory?: readonly StatusChangeRecord[];
};

export type StatusChangeRecord = {
  readonly at: number;
  readonly user: string;
  readonly status: EquipmentStatus;
  readonly reason: string;
};

export type FieldProblem = { readonly field: string; readonly message: string };

const REQUIRED: readonly (keyof EquipmentFields)[] = ['scannerId', 'name', 'room', 'vendor', 'model', 'serial'];

export function equipmentProblems(f: Partial<EquipmentFields>): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const k of REQUIRED) if (!f[k]?.trim()) out.push({ field: k, message: 'must not be empty' });
  if (f.scannerId && !/^[a-z][a-z0-9-]{0,39}$/.test(f.scannerId))
    out.push({ field: 'scannerId', message: 'must be lower-case letters, digits and dashes, starting with a letter' });
  if (f.modality !== 'CT' && f.modality !== 'MR') out.push({ field: 'modality', message: 'choose CT or MR' });
  if (!f.commissionedOn || !/^\d{4}-\d{2}-\d{2}$/.test(f.commissionedOn) || Number.isNaN(Date.parse(f.commissionedOn)))
    out.push({ field: 'commissionedOn', message: 'must be a date (YYYY-MM-DD)' });
  return out;
}

/** What is wrong with a status change as typed, by field (the reason is what an auditor reads later). */
export function statusChangeProblems(
  e: Equipment | undefined,
  next: EquipmentStatus | '',
  reason: string,
): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!e) out.push({ field: 'scannerId', message: 'choose a scanner' });
  if (!next) out.push({ field: 'status', message: 'choose a status' });
  else if (e && next === e.status) out.push({ field: 'status', message: 'the scanner already has this status' });
  else if (e) {
    const problem = statusProblem(e, next);
    if (problem) out.push({ field: 'status', message: problem });
  }
  if (reason.trim().length < 3) out.push({ field: 'reason', message: 'give the reason (at least 3 characters)' });
  return out;
}

/** Why a status cannot be set now, or undefined. */
export function statusProblem(e: Equipment, next: EquipmentStatus): string | undefined {
  if (e.status === 'retired' && next !== 'retired') return 'a retired scanner cannot return to use';
  if (next !== 'inService') return undefined;
  if (e.acceptedAt === undefined) return 'not in service before its acceptance test is completed and passed';
  if (e.awaitingReturn) return 'after a repair, a return-to-service QC must pass and a QA lead approve it';
  return undefined;
}
