// Bookings from an EMR as FHIR R4: ServiceRequest + Patient (+ Appointment where present), as a
// Bundle or as single resources, → ScheduledProcedure. Everything is validated first; one invalid
// resource refuses the whole input with an OperationOutcome and nothing is imported.
import type {
  Appointment,
  Bundle,
  CodeableConcept,
  HumanName,
  Identifier,
  OperationOutcomeIssue,
  Patient,
  Reference,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';
import {
  isCalendarDate,
  sexFromCode,
  type IntakeProblem,
  type IntakeResult,
  type ScheduledProcedure,
  type SkippedBooking,
} from '../scheduled-procedure';
import { ACCESSION_TYPE, DICOM_UID_SYSTEM, DCM_SYSTEM, V2_0203 } from './systems';
import { operationOutcome, validateFhir } from './validator';

export type FhirIntake =
  | { readonly ok: true; readonly result: IntakeResult }
  | { readonly ok: false; readonly outcome: ReturnType<typeof operationOutcome> };

type Found = { readonly resource: Resource; readonly fullUrl?: string; readonly index: number };

export function importFhirBookings(input: unknown): FhirIntake {
  const items = Array.isArray(input) ? input : [input];
  const issues: OperationOutcomeIssue[] = [];
  items.forEach((item, i) => {
    const v = validateFhir(item);
    if (!v.ok)
      issues.push(...v.outcome.issue.map((is) => (items.length > 1 ? { ...is, diagnostics: `resource ${i}` } : is)));
  });
  if (issues.length) return { ok: false, outcome: operationOutcome(issues) };

  const found = (items as Resource[]).flatMap((r, i): Found[] =>
    r.resourceType === 'Bundle'
      ? ((r as Bundle).entry ?? []).flatMap((e, j) =>
          e.resource ? [{ resource: e.resource, fullUrl: e.fullUrl, index: j }] : [],
        )
      : [{ resource: r, index: i }],
  );
  const resolve = resolver(found);
  const appointments = found.filter(
    (f): f is Found & { resource: Appointment } => f.resource.resourceType === 'Appointment',
  );

  const procedures: ScheduledProcedure[] = [];
  const skipped: SkippedBooking[] = [];
  for (const f of found) {
    if (f.resource.resourceType !== 'ServiceRequest') continue;
    const sr = f.resource as ServiceRequest;
    const appointment = appointments.find((a) =>
      (a.resource.basedOn ?? []).some((ref) => resolve(ref, f.resource) === f),
    )?.resource;
    const r = fromServiceRequest(sr, resolve(sr.subject, sr)?.resource, appointment);
    if ('procedure' in r) procedures.push(r.procedure);
    else skipped.push({ index: f.index, ...r });
  }
  return { ok: true, result: { procedures, skipped } };
}

/** Finds a referenced resource: contained (#id), bundle fullUrl, Type/id, or an absolute URL ending in Type/id. */
function resolver(found: readonly Found[]) {
  return (ref: Reference | undefined, from: Resource): Found | undefined => {
    const r = ref?.reference;
    if (!r) return undefined;
    if (r.startsWith('#')) {
      const c = (from as { contained?: Resource[] }).contained?.find((x) => x.id === r.slice(1));
      return c && { resource: c, index: -1 };
    }
    return found.find(
      (f) =>
        f.fullUrl === r ||
        `${f.resource.resourceType}/${f.resource.id}` === r ||
        r.endsWith(`/${f.resource.resourceType}/${f.resource.id}`),
    );
  };
}

const hasType = (id: Identifier, code: string) => id.type?.coding?.some((c) => c.system === V2_0203 && c.code === code);

function fromServiceRequest(
  sr: ServiceRequest,
  subject: Resource | undefined,
  appt: Appointment | undefined,
): { procedure: ScheduledProcedure } | { accessionNumber?: string; problems: IntakeProblem[] } {
  const accessionNumber = sr.identifier?.find((i) => hasType(i, ACCESSION_TYPE))?.value;
  const problems: IntakeProblem[] = [];
  if (!accessionNumber)
    problems.push({ field: 'ServiceRequest.identifier', problem: 'has no accession number (identifier of type ACSN)' });
  if (sr.status !== 'active')
    problems.push({ field: 'ServiceRequest.status', problem: `is "${sr.status}", not active` });
  if (appt && ['cancelled', 'noshow', 'entered-in-error'].includes(appt.status))
    problems.push({ field: 'Appointment.status', problem: `is "${appt.status}"` });
  const patient = subject?.resourceType === 'Patient' ? (subject as Patient) : undefined;
  if (!patient) problems.push({ field: 'ServiceRequest.subject', problem: 'does not point to a Patient sent with it' });
  const pid =
    patient &&
    (patient.identifier?.find((i) => hasType(i, 'MR') && i.value) ?? patient.identifier?.find((i) => i.value));
  if (patient && !pid)
    problems.push({ field: 'Patient.identifier', problem: 'has no value: the booking cannot be matched to a patient' });
  if (problems.length || !pid?.value || !patient || !accessionNumber)
    return accessionNumber ? { accessionNumber, problems } : { problems };

  const warnings: IntakeProblem[] = [];
  const birthDate = patient.birthDate && isCalendarDate(patient.birthDate) ? patient.birthDate : undefined;
  if (patient.birthDate && !birthDate)
    warnings.push({ field: 'Patient.birthDate', problem: `"${patient.birthDate}" is not a full date` });
  const coding = sr.code?.coding?.find((c) => c.code);
  if (!coding) warnings.push({ field: 'ServiceRequest.code', problem: 'has no coding: choose the card by hand' });
  const start = appt?.start ?? sr.occurrenceDateTime ?? sr.occurrencePeriod?.start;
  return {
    procedure: {
      source: 'fhir',
      patient: {
        id: pid.value,
        issuer: pid.system,
        name: humanName(patient.name),
        birthDate,
        sex: sexFromCode(patient.gender) ?? 'unknown',
      },
      accessionNumber,
      requestedProcedure: coding && { code: coding.code!, system: coding.system, meaning: coding.display },
      procedureDescription: sr.code?.text,
      scheduledStart: start,
      modality: modalityOf([...(sr.category ?? []), ...(sr.orderDetail ?? []), ...(sr.code ? [sr.code] : [])]),
      studyInstanceUid: sr.identifier?.find((i) => i.system === DICOM_UID_SYSTEM)?.value?.replace(/^urn:oid:/, ''),
      priority:
        sr.priority === 'stat'
          ? 'emergency'
          : sr.priority === 'urgent' || sr.priority === 'asap'
            ? 'urgent'
            : sr.priority && 'routine',
      sourceId: sr.id,
      warnings,
    },
  };
}

const modalityOf = (concepts: readonly CodeableConcept[]) =>
  concepts.flatMap((c) => c.coding ?? []).find((c) => c.system === DCM_SYSTEM && c.code && /^[A-Z]{2}$/.test(c.code))
    ?.code;

const CJK = /[\u3000-\u9fff\uac00-\ud7af]/;

function humanName(names: readonly HumanName[] | undefined): ScheduledProcedure['patient']['name'] {
  const ordered = [...(names ?? [])].sort((a, b) => Number(b.use === 'official') - Number(a.use === 'official'));
  const texts = ordered
    .filter((n) => n.use !== 'old' && n.use !== 'maiden')
    .map((n) => {
      const given = n.given?.join(' ');
      const text = n.text ?? [n.family, given].filter(Boolean).join(CJK.test(`${n.family}${given}`) ? '' : ' ');
      return { text, family: n.family, given };
    })
    .filter((n) => n.text);
  const preferred = texts.find((t) => CJK.test(t.text)) ?? texts[0];
  if (!preferred) return undefined;
  const alternates = texts.filter((t) => t !== preferred).map((t) => t.text);
  return { ...preferred, ...(alternates.length ? { alternates } : {}) };
}
