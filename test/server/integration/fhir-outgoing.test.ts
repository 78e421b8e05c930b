// The completed exam as a FHIR transaction Bundle: what it holds, and that all of it validates.
import type { AdverseEvent, Bundle, Observation, Procedure, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { examBundle } from '../../../src/server/integration/fhir/exam-bundle';
import { validateFhir } from '../../../src/server/integration/fhir/validator';
import { CONTRAST_CT, PLAIN_CT, SITE } from './exam-fixtures';
import { problems } from './fhir-fixtures';

const AT = Date.UTC(2025, 2, 1, 1, 20);
const of = <T extends Resource>(b: Bundle, type: T['resourceType']) =>
  (b.entry ?? []).map((e) => e.resource).filter((r): r is T => r?.resourceType === type);

describe('every resource ScanCard emits passes the R4 validator', () => {
  it.each([
    ['contrast CT with every deviation', CONTRAST_CT],
    ['plain CT', PLAIN_CT],
    ['booking from FHIR', { ...CONTRAST_CT, patient: { id: 'MRN-778', fhirId: 'p1' }, serviceRequestId: 'sr1' }],
  ])('%s', (_, exam) => {
    const bundle = examBundle(exam, SITE, AT);
    expect(problems(validateFhir(bundle))).toEqual([]);
    // On its own an entry cannot resolve its urn:uuid references (a warning); it must have no error.
    for (const e of bundle.entry ?? []) expect(validateFhir(e.resource).ok).toBe(true);
  });

  it('the validator would catch a broken one (a severity outside the value set)', () => {
    const bundle = examBundle(CONTRAST_CT, SITE, AT);
    const ae = of<AdverseEvent>(bundle, 'AdverseEvent')[0]!;
    ae.severity = {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adverse-event-severity', code: 'fatal' }],
    };
    expect(problems(validateFhir(bundle))).toEqual([
      'Bundle.entry[3].resource.severity.coding[0]: Code "fatal" is not in the required value set http://hl7.org/fhir/ValueSet/adverse-event-severity',
    ]);
  });
});

describe('what the Bundle holds', () => {
  const bundle = examBundle(CONTRAST_CT, SITE, AT);

  it('a transaction of conditional creates', () => {
    expect(bundle.type).toBe('transaction');
    expect(bundle.entry?.map((e) => `${e.request?.method} ${e.request?.url}`)).toEqual([
      'POST Procedure',
      'POST ImagingStudy',
      'POST MedicationAdministration',
      'POST AdverseEvent',
      ...Array(7).fill('POST Observation'),
    ]);
    for (const e of bundle.entry ?? []) expect(e.request?.ifNoneExist).toMatch(/^identifier=.+\|.+$/);
    expect(bundle.entry?.[1]?.request?.ifNoneExist).toBe(
      `identifier=${encodeURIComponent(SITE.accessionSystem)}|ACC-2025-0042`,
    );
  });

  it('the Procedure: status, code, subject, period, performer, order by accession', () => {
    const p = of<Procedure>(bundle, 'Procedure')[0]!;
    expect(p).toMatchObject({
      status: 'completed',
      code: { coding: [{ system: 'http://loinc.org', code: '24627-2', display: 'Chest CT' }] },
      subject: { identifier: { system: SITE.patientSystem, value: 'MRN-778' } },
      performedPeriod: { start: '2025-03-01T00:30:00.000Z', end: '2025-03-01T01:18:00.000Z' },
      performer: [{ actor: { identifier: { system: SITE.userSystem, value: 'wang' }, display: 'Wang Li' } }],
      bodySite: [{ text: 'Abdomen' }],
      basedOn: [{ type: 'ServiceRequest', identifier: { system: SITE.accessionSystem, value: 'ACC-2025-0042' } }],
    });
  });

  it('references inside the transaction point at entries of it', () => {
    const urls = new Set(bundle.entry?.map((e) => e.fullUrl));
    const internal = JSON.stringify(bundle).match(/"reference":"urn:uuid:[^"]+"/g) ?? [];
    expect(internal.length).toBeGreaterThan(8);
    for (const r of internal) expect(urls.has(r.slice('"reference":"'.length, -1))).toBe(true);
  });

  it('one Observation per deviation and QC value', () => {
    const codes = of<Observation>(bundle, 'Observation').map((o) => o.code.coding?.[0]?.code);
    expect(codes).toEqual([
      'timer.warmupCt',
      'timer.contrastObservation',
      'skipped-step',
      'fast-path',
      'early-close',
      'qc.ctdiVol',
      'qc.imageQualityOk',
    ]);
  });

  it('is the same on every retry, and different for another run', () => {
    expect(examBundle(CONTRAST_CT, SITE, AT)).toEqual(bundle);
    const other = examBundle({ ...CONTRAST_CT, runId: '11111111-2222-4333-8444-555555555555' }, SITE, AT);
    const ids = (b: Bundle) => new Set(b.entry?.map((e) => e.fullUrl));
    expect([...ids(other)].filter((u) => ids(bundle).has(u))).toEqual([]);
  });
});
