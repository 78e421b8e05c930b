// A completed exam as one FHIR transaction Bundle. Every entry is a conditional create
// (`ifNoneExist` on its stable identifier), so a resend after a lost reply finds what the first
// try created and adds nothing; the ImagingStudy is matched by accession, so one the PACS already
// registered is kept rather than duplicated.
import type { Bundle, BundleEntry, Identifier, Resource } from '@medplum/fhirtypes';
import type { CompletedExam, FhirExportConfig } from './completed-exam';
import { examObservations } from './exam-observations';
import { accessionIdentifier, iso, stableUuid, uriIdentifier } from './exam-refs';
import { contrastResource, imagingStudyResource, procedureResource, reactionResource } from './exam-resources';
import { URI_SYSTEM } from './systems';

const search = (id: Identifier) =>
  `identifier=${encodeURIComponent(id.system ?? '')}|${encodeURIComponent(id.value ?? '')}`;

function entry(fullUrl: string, resource: Resource, match: Identifier): BundleEntry {
  return { fullUrl, resource, request: { method: 'POST', url: resource.resourceType, ifNoneExist: search(match) } };
}

const fullUrl = (runId: string, role: string) => `urn:uuid:${stableUuid(runId, role)}`;

/** The transaction ScanCard POSTs to the EMR. `assembledAt` is when it was queued (kept across retries). */
export function examBundle(exam: CompletedExam, cfg: FhirExportConfig, assembledAt: number): Bundle {
  const procedureUrl = fullUrl(exam.runId, 'procedure');
  const contrastUrl = fullUrl(exam.runId, 'contrast');
  const ref = {
    procedure: { reference: procedureUrl },
    ...(exam.contrast ? { contrast: { reference: contrastUrl } } : {}),
  };

  const contrast = contrastResource(exam, cfg, ref);
  const reaction = reactionResource(exam, cfg, ref);
  const entries: BundleEntry[] = [
    entry(procedureUrl, procedureResource(exam, cfg), uriIdentifier(exam.runId, 'procedure')),
    entry(fullUrl(exam.runId, 'imaging-study'), imagingStudyResource(exam, cfg, ref), accessionIdentifier(exam, cfg)),
    ...(contrast ? [entry(contrastUrl, contrast, uriIdentifier(exam.runId, 'contrast'))] : []),
    ...(reaction
      ? [entry(fullUrl(exam.runId, 'contrast-reaction'), reaction, uriIdentifier(exam.runId, 'contrast-reaction'))]
      : []),
    ...examObservations(exam, cfg, ref.procedure).map((o) => entry(o.identifier![0]!.value!, o, o.identifier![0]!)),
  ];
  return {
    resourceType: 'Bundle',
    identifier: { system: URI_SYSTEM, value: fullUrl(exam.runId, 'bundle') },
    type: 'transaction',
    timestamp: iso(assembledAt),
    entry: entries,
  };
}

/** The identifier by which a receiver (or a later search) finds the exam's Procedure. */
export const procedureIdentifier = (exam: CompletedExam): Identifier => uriIdentifier(exam.runId, 'procedure');
