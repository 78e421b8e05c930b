// The FHIR validator against HL7's own R4 examples and against broken resources.
import { describe, expect, it } from 'vitest';
import { validateFhir } from '../../../src/server/integration/fhir/validator';
import { hl7Example, problems, without } from './fhir-fixtures';

const sr = () => hl7Example('servicerequest-example-di');

describe('HL7 R4 examples', () => {
  it.each(['patient-example', 'servicerequest-example-di'])('%s passes', (name) => {
    expect(problems(validateFhir(hl7Example(name)))).toEqual([]);
  });
});

describe('broken resources get an OperationOutcome naming the path', () => {
  it('missing status', () => {
    const noStatus = without(sr(), 'status');
    const v = validateFhir(noStatus);
    expect(v.ok).toBe(false);
    expect(!v.ok && v.outcome.resourceType).toBe('OperationOutcome');
    expect(problems(v)).toEqual(['ServiceRequest.status: Missing required property']);
  });

  it('wrong type', () => {
    expect(problems(validateFhir({ ...sr(), status: 5 }))).toEqual([
      'ServiceRequest.status: Invalid JSON type: expected string, but got number',
    ]);
  });

  it('a date that is not a date, and a day that does not exist', () => {
    expect(problems(validateFhir({ ...sr(), authoredOn: '2013-13-45' }))).toEqual([
      'ServiceRequest.authoredOn: Invalid dateTime format',
    ]);
    expect(problems(validateFhir({ ...hl7Example('patient-example'), birthDate: '1974-02-30' }))).toEqual([
      'Patient.birthDate: Invalid date: 1974-02-30 is not a calendar day',
    ]);
  });

  it('a code outside a required value set (checked against HL7 value sets)', () => {
    expect(problems(validateFhir({ ...sr(), status: 'finished' }))).toEqual([
      'ServiceRequest.status: Value "finished" is not in the required value set http://hl7.org/fhir/ValueSet/request-status',
    ]);
    expect(problems(validateFhir({ ...hl7Example('patient-example'), gender: 'M' }))).toEqual([
      'Patient.gender: Value "M" is not in the required value set http://hl7.org/fhir/ValueSet/administrative-gender',
    ]);
  });

  it('an unknown element, a wrong cardinality, a wrong resource type', () => {
    expect(problems(validateFhir({ ...sr(), colour: 'red' }))).toEqual([
      'ServiceRequest.colour: Invalid additional property "colour"',
    ]);
    expect(problems(validateFhir({ ...sr(), subject: [{ reference: 'Patient/1' }] }))).toEqual([
      'ServiceRequest.subject: Expected single value for property',
    ]);
    expect(problems(validateFhir({ resourceType: 'Patients' }))).toEqual([
      'resourceType: Unknown resource type "Patients"',
    ]);
    expect(problems(validateFhir(hl7Example('patient-example'), 'ServiceRequest'))).toEqual([
      'resourceType: Expected ServiceRequest, got Patient',
    ]);
    expect(problems(validateFhir('{}'))).toEqual([': A FHIR resource must be a JSON object']);
  });

  it('problems inside a Bundle carry the entry index', () => {
    const noStatus = without(sr(), 'status');
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [{ resource: hl7Example('patient-example') }, { resource: noStatus }],
    };
    expect(problems(validateFhir(bundle))).toEqual(['Bundle.entry[1].resource.status: Missing required property']);
  });

  it('a transaction reference (urn:uuid) to an entry of the wrong type, or to no entry', () => {
    const entry = (fullUrl: string, resource: object) => ({ fullUrl, resource, request: { method: 'POST', url: 'X' } });
    const tx = (subject: string) => ({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        entry('urn:uuid:11111111-1111-4111-8111-111111111111', hl7Example('patient-example')),
        entry('urn:uuid:22222222-2222-4222-8222-222222222222', { ...sr(), subject: { reference: subject } }),
        entry('urn:uuid:33333333-3333-4333-8333-333333333333', { resourceType: 'Basic', code: { text: 'x' } }),
      ],
    });
    expect(problems(validateFhir(tx('urn:uuid:11111111-1111-4111-8111-111111111111')))).toEqual([]);
    expect(problems(validateFhir(tx('urn:uuid:33333333-3333-4333-8333-333333333333')))).toEqual([
      'Bundle.entry[1].resource.subject: Reference to urn:uuid:33333333-3333-4333-8333-333333333333 points at a Basic, expected Patient | Group | Location | Device',
    ]);
    expect(problems(validateFhir(tx('urn:uuid:44444444-4444-4444-8444-444444444444')))).toEqual([
      'Bundle.entry[1].resource.subject: Reference to urn:uuid:44444444-4444-4444-8444-444444444444 matches no entry of the Bundle',
    ]);
  });
});
