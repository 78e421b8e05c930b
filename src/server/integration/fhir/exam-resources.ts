// The exam itself as FHIR R4: the Procedure, the ImagingStudy it produced (identified by accession),
// the contrast given (MedicationAdministration) and a reported contrast reaction (AdverseEvent).
// `ref` holds the bundle-internal fullUrls, so resources point at each other inside the transaction.
import type { AdverseEvent, ImagingStudy, MedicationAdministration, Procedure, Reference } from '@medplum/fhirtypes';
import type { CompletedExam, FhirExportConfig } from './completed-exam';
import {
  accessionIdentifier,
  iso,
  orderReference,
  performerReference,
  subjectReference,
  uriIdentifier,
} from './exam-refs';
import { ADVERSE_EVENT_SEVERITY, DCM_SYSTEM, DICOM_UID_SYSTEM, SNOMED, UCUM } from './systems';

export type InternalRefs = {
  readonly procedure: Reference<Procedure>;
  readonly contrast?: Reference<MedicationAdministration>;
};

const procedureCode = (exam: CompletedExam) => ({
  ...(exam.requestedProcedure
    ? {
        coding: [
          {
            code: exam.requestedProcedure.code,
            ...(exam.requestedProcedure.system ? { system: exam.requestedProcedure.system } : {}),
            ...(exam.requestedProcedure.meaning ? { display: exam.requestedProcedure.meaning } : {}),
          },
        ],
      }
    : {}),
  text: exam.requestedProcedure?.meaning ?? exam.card.title,
});

export function procedureResource(exam: CompletedExam, cfg: FhirExportConfig): Procedure {
  return {
    resourceType: 'Procedure',
    identifier: [uriIdentifier(exam.runId, 'procedure'), accessionIdentifier(exam, cfg)],
    basedOn: [orderReference(exam, cfg)],
    status: 'completed',
    category: { coding: [{ system: SNOMED, code: '103693007', display: 'Diagnostic procedure' }] },
    code: procedureCode(exam),
    subject: subjectReference(exam, cfg),
    performedPeriod: { start: iso(exam.startedAt), end: iso(exam.completedAt) },
    performer: [{ actor: performerReference(exam, cfg) }],
    bodySite: [{ text: exam.bodyPart }],
    note: [{ text: `ScanCard card ${exam.card.id} v${exam.card.version} on ${exam.scanner}` }],
  };
}

export function imagingStudyResource(exam: CompletedExam, cfg: FhirExportConfig, ref: InternalRefs): ImagingStudy {
  return {
    resourceType: 'ImagingStudy',
    identifier: [
      accessionIdentifier(exam, cfg),
      ...(exam.studyInstanceUid ? [{ system: DICOM_UID_SYSTEM, value: `urn:oid:${exam.studyInstanceUid}` }] : []),
    ],
    status: exam.imagesSent ? 'available' : 'registered',
    modality: [{ system: DCM_SYSTEM, code: exam.modality }],
    subject: subjectReference(exam, cfg),
    started: iso(exam.startedAt),
    basedOn: [orderReference(exam, cfg)],
    procedureReference: ref.procedure,
    ...(exam.requestedProcedure ? { procedureCode: [procedureCode(exam)] } : {}),
  };
}

export function contrastResource(
  exam: CompletedExam,
  cfg: FhirExportConfig,
  ref: InternalRefs,
): MedicationAdministration | undefined {
  const c = exam.contrast;
  if (!c) return undefined;
  return {
    resourceType: 'MedicationAdministration',
    identifier: [uriIdentifier(exam.runId, 'contrast')],
    status: 'completed',
    medicationCodeableConcept: { text: c.agent },
    subject: subjectReference(exam, cfg),
    effectiveDateTime: iso(c.at),
    performer: [{ actor: performerReference(exam, cfg) }],
    partOf: [ref.procedure],
    dosage: { dose: { value: c.volumeMl, unit: 'mL', system: UCUM, code: 'mL' } },
  };
}

export function reactionResource(
  exam: CompletedExam,
  cfg: FhirExportConfig,
  ref: InternalRefs,
): AdverseEvent | undefined {
  const r = exam.contrastReaction;
  if (!r) return undefined;
  return {
    resourceType: 'AdverseEvent',
    identifier: uriIdentifier(exam.runId, 'contrast-reaction'),
    actuality: 'actual',
    event: { text: `Contrast reaction (${r.kind}, ${r.severity})${r.description ? `: ${r.description}` : ''}` },
    subject: subjectReference(exam, cfg),
    date: iso(r.at),
    recordedDate: iso(exam.completedAt),
    recorder: performerReference(exam, cfg),
    severity: { coding: [{ system: ADVERSE_EVENT_SEVERITY, code: r.severity }] },
    ...(ref.contrast ? { suspectEntity: [{ instance: ref.contrast }] } : {}),
  };
}
