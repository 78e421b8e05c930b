// Building blocks shared by the exam's FHIR resources: stable ids, references, times.
import { createHash } from 'node:crypto';
import type { Identifier, Patient, Practitioner, Reference, ServiceRequest } from '@medplum/fhirtypes';
import type { CompletedExam, FhirExportConfig } from './completed-exam';
import { ACCESSION_TYPE, URI_SYSTEM, V2_0203 } from './systems';

/** A name-based UUID (RFC 4122 version 5 layout over SHA-1): the same run and role give the same id. */
export function stableUuid(runId: string, role: string): string {
  const h = createHash('sha1').update(`scancard:${runId}:${role}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The identifier (and the bundle fullUrl) of one of the exam's resources. */
export const uriIdentifier = (runId: string, role: string): Identifier => ({
  system: URI_SYSTEM,
  value: `urn:uuid:${stableUuid(runId, role)}`,
});

export const iso = (ms: number) => new Date(ms).toISOString();

export const accessionIdentifier = (exam: CompletedExam, cfg: FhirExportConfig): Identifier => ({
  type: { coding: [{ system: V2_0203, code: ACCESSION_TYPE }] },
  system: cfg.accessionSystem,
  value: exam.accessionNumber,
});

/** The patient: by the EMR's id when known, else a conditional reference the EMR resolves in the transaction. */
export function subjectReference(exam: CompletedExam, cfg: FhirExportConfig): Reference<Patient> {
  if (exam.patient.fhirId) return { reference: `Patient/${exam.patient.fhirId}` };
  const system = exam.patient.system ?? cfg.patientSystem;
  return {
    reference: `Patient?identifier=${encodeURIComponent(system)}|${encodeURIComponent(exam.patient.id)}`,
    identifier: { system, value: exam.patient.id },
  };
}

/** The order: by the EMR's id when it came by FHIR, else by accession number (a logical reference). */
export const orderReference = (exam: CompletedExam, cfg: FhirExportConfig): Reference<ServiceRequest> =>
  exam.serviceRequestId
    ? { reference: `ServiceRequest/${exam.serviceRequestId}` }
    : { type: 'ServiceRequest', identifier: accessionIdentifier(exam, cfg) };

export const performerReference = (exam: CompletedExam, cfg: FhirExportConfig): Reference<Practitioner> => ({
  type: 'Practitioner',
  identifier: { system: cfg.userSystem, value: exam.performer.userId },
  ...(exam.performer.name ? { display: exam.performer.name } : {}),
});
