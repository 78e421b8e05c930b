// FHIR bookings (ServiceRequest + Patient + Appointment) → ScheduledProcedure.
import { describe, expect, it } from 'vitest';
import { importFhirBookings } from '../../../src/server/integration/fhir/incoming';
import { hl7Example, without } from './fhir-fixtures';

const V2 = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const patient = {
  resourceType: 'Patient',
  id: 'p1',
  identifier: [{ type: { coding: [{ system: V2, code: 'MR' }] }, system: 'urn:oid:1.2.156.1', value: 'MRN-778' }],
  name: [
    { use: 'official', family: '李', given: ['娜'] },
    { use: 'usual', family: 'Li', given: ['Na'] },
  ],
  gender: 'female',
  birthDate: '1990-04-02',
};
const serviceRequest = {
  resourceType: 'ServiceRequest',
  id: 'sr1',
  identifier: [
    { type: { coding: [{ system: V2, code: 'ACSN' }] }, system: 'urn:oid:1.2.156.1.2', value: 'ACC-2025-0042' },
    { system: 'urn:dicom:uid', value: 'urn:oid:1.2.826.0.1.3680043.2.1125.1' },
  ],
  status: 'active',
  intent: 'order',
  priority: 'stat',
  category: [{ coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'CT' }] }],
  code: {
    coding: [{ system: 'http://loinc.org', code: '24627-2', display: 'Chest CT' }],
    text: 'CT chest without contrast',
  },
  subject: { reference: 'Patient/p1' },
  occurrenceDateTime: '2025-03-01T08:00:00+08:00',
};
const appointment = {
  resourceType: 'Appointment',
  id: 'ap1',
  status: 'booked',
  basedOn: [{ reference: 'ServiceRequest/sr1' }],
  start: '2025-03-01T08:30:00+08:00',
  end: '2025-03-01T09:00:00+08:00',
  participant: [{ actor: { reference: 'Patient/p1' }, status: 'accepted' }],
};
const bundle = (...resources: object[]) => ({
  resourceType: 'Bundle',
  type: 'collection',
  entry: resources.map((resource) => ({ resource })),
});

describe('valid bookings', () => {
  it('a Bundle of ServiceRequest + Patient + Appointment', () => {
    const r = importFhirBookings(bundle(patient, serviceRequest, appointment));
    expect(r.ok).toBe(true);
    expect(r.ok && r.result.skipped).toEqual([]);
    expect(r.ok && r.result.procedures).toEqual([
      {
        source: 'fhir',
        patient: {
          id: 'MRN-778',
          issuer: 'urn:oid:1.2.156.1',
          name: { text: '李娜', family: '李', given: '娜', alternates: ['Li Na'] },
          birthDate: '1990-04-02',
          sex: 'female',
        },
        accessionNumber: 'ACC-2025-0042',
        requestedProcedure: { code: '24627-2', system: 'http://loinc.org', meaning: 'Chest CT' },
        procedureDescription: 'CT chest without contrast',
        scheduledStart: '2025-03-01T08:30:00+08:00',
        modality: 'CT',
        studyInstanceUid: '1.2.826.0.1.3680043.2.1125.1',
        priority: 'emergency',
        sourceId: 'sr1',
        warnings: [],
      },
    ]);
  });

  it('single resources, and a contained Patient', () => {
    const single = importFhirBookings([serviceRequest, patient]);
    expect(single.ok && single.result.procedures.map((p) => p.scheduledStart)).toEqual(['2025-03-01T08:00:00+08:00']);
    const rest = without(patient, 'id');
    const contained = importFhirBookings({
      ...serviceRequest,
      contained: [{ ...rest, id: 'pt' }],
      subject: { reference: '#pt' },
    });
    expect(contained.ok && contained.result.procedures.map((p) => p.patient.id)).toEqual(['MRN-778']);
  });

  it('an Arabic name', () => {
    const r = importFhirBookings([serviceRequest, { ...patient, name: [{ family: 'الحسن', given: ['فاطمة'] }] }]);
    expect(r.ok && r.result.procedures[0]?.patient.name?.text).toBe('الحسن فاطمة');
  });
});

describe("HL7's own R4 examples", () => {
  it('are accepted, and the chest CT order without accession or Patient is skipped with reasons', () => {
    const r = importFhirBookings([hl7Example('servicerequest-example-di'), hl7Example('patient-example')]);
    expect(r.ok).toBe(true);
    expect(r.ok && r.result.procedures).toEqual([]);
    expect(r.ok && r.result.skipped.map((s) => s.problems.map((p) => p.field))).toEqual([
      ['ServiceRequest.identifier', 'ServiceRequest.subject'],
    ]);
  });
});

describe('bookings that are not scheduled', () => {
  it('a cancelled appointment or a revoked order is skipped with the reason', () => {
    const r = importFhirBookings(bundle(patient, { ...serviceRequest, status: 'revoked' }));
    expect(r.ok && r.result.skipped).toEqual([
      {
        index: 1,
        accessionNumber: 'ACC-2025-0042',
        problems: [{ field: 'ServiceRequest.status', problem: 'is "revoked", not active' }],
      },
    ]);
    const c = importFhirBookings(bundle(patient, serviceRequest, { ...appointment, status: 'cancelled' }));
    expect(c.ok && c.result.skipped[0]?.problems.map((p) => p.field)).toEqual(['Appointment.status']);
  });
});

describe('malformed input', () => {
  it('gets an OperationOutcome with the path of each problem and imports nothing', () => {
    const noStatus = without(serviceRequest, 'status');
    const r = importFhirBookings(bundle(patient, noStatus, { ...appointment, start: 'tomorrow' }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.outcome.issue.map((i) => i.expression?.[0])).toEqual([
      'Bundle.entry[1].resource.status',
      'Bundle.entry[2].resource.start',
    ]);
    expect('result' in r).toBe(false);
  });
});
